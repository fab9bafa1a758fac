/**
 * Validates a spec's value against NNSPEC_SCHEMA (ajv) and turns ajv's errors into
 * diagnostics that name the field and say the fix.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { closest, type Diagnostic, formatPath, type JsonPath } from "./diagnostics";
import type { SpecDocument } from "./document";
import { LIMITS } from "./limits";
import { NNSPEC_SCHEMA } from "./schema";

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    // strict: false lets the schema carry editor-only keywords (enumDescriptions).
    // verbose: errors carry their schema node, which names the known fields for "did you mean".
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    compiled = ajv.compile(NNSPEC_SCHEMA);
  }
  return compiled;
}

export function validateAgainstSchema(doc: SpecDocument): Diagnostic[] {
  const validate = validator();
  if (validate(doc.value)) return [];
  const errors = validate.errors ?? [];
  // anyOf reports one error per failed branch plus its own; keep only the anyOf one.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of errors) {
    if (e.keyword !== "anyOf" && [...anyOfPaths].some((p) => e.instancePath.startsWith(p) && e.schemaPath.includes("anyOf"))) continue;
    const d = toDiagnostic(doc, e);
    const key = `${d.offset}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

function pathOf(error: ErrorObject): JsonPath {
  if (!error.instancePath) return [];
  return error.instancePath
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function describe(value: unknown): string {
  if (typeof value === "string") return `"${value}"`;
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let v: unknown = root;
  for (const p of path) v = v == null ? undefined : (v as Record<string | number, unknown>)[p];
  return v;
}

/** Names an enum's values for a message: what the field holds. */
function enumNoun(path: JsonPath): string {
  const last = path[path.length - 1];
  const nouns: Record<string, string> = {
    activation: "activation",
    loss: "loss function",
    source: "data source",
    type: path[0] === "optimizer" ? "optimizer" : "regularization type",
    task: "task",
  };
  return nouns[String(last)] ?? "allowed value";
}

/** Why a limit exists, appended to range errors on fields that have one. */
function limitNote(path: JsonPath): string {
  const last = path[path.length - 1];
  if (last === "units") return ` (the limit of ${LIMITS.unitsPerLayer.toLocaleString("en")} units a layer keeps a typo from freezing the machine)`;
  if (last === "epochs") return ` (the limit is ${LIMITS.epochs.toLocaleString("en")} epochs)`;
  if (last === "samples") return ` (generated data sets have ${LIMITS.generatedSamplesMin} to ${LIMITS.generatedSamplesMax.toLocaleString("en")} samples)`;
  return "";
}

function toDiagnostic(doc: SpecDocument, e: ErrorObject): Diagnostic {
  const path = pathOf(e);
  const field = formatPath(path);
  const value = valueAt(doc.value, path);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      const hint =
        missing === "units" ? ': add "units": N, the number of neurons' : missing === "layers" ? ': add "layers": [{ "units": 2 }, { "units": 2 }]' : "";
      return doc.diagnostic("error", `${field}: missing required field "${missing}"${hint}`, path);
    }
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const schemaNode = e.parentSchema as { properties?: Record<string, unknown> };
      const known = Object.keys(schemaNode.properties ?? {});
      const suggestion = closest(extra, known);
      const fix = suggestion ? `did you mean "${suggestion}"?` : `allowed fields here: ${known.join(", ")}`;
      return doc.keyDiagnostic("error", `${field === "(file)" ? "" : `${field}: `}unknown field "${extra}"; ${fix}`, path, extra);
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof value === "string" ? closest(value, allowed) : undefined;
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : "";
      return doc.diagnostic("error", `${field}: ${describe(value)} is not a valid ${enumNoun(path)}; use one of: ${allowed.join(", ")}.${hint}`, path);
    }
    case "type": {
      const wanted = String(params.type);
      const article = wanted === "integer" ? "a whole number" : wanted === "array" ? "an array" : wanted === "object" ? "an object" : `a ${wanted}`;
      return doc.diagnostic("error", `${field}: must be ${article}, not ${describe(value)}`, path);
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const words = { minimum: "at least", maximum: "at most", exclusiveMinimum: "greater than", exclusiveMaximum: "less than" }[e.keyword];
      return doc.diagnostic("error", `${field}: must be ${words} ${params.limit}, not ${describe(value)}${limitNote(path)}`, path);
    }
    case "minItems":
    case "maxItems": {
      const words = e.keyword === "minItems" ? "at least" : "at most";
      const extra =
        path[0] === "layers" && path.length === 1
          ? e.keyword === "minItems"
            ? " (an input layer and an output layer)"
            : " (the limit keeps a typo from freezing the machine)"
          : "";
      return doc.diagnostic("error", `${field}: needs ${words} ${params.limit} items${extra}`, path);
    }
    case "anyOf": {
      const last = path[path.length - 1];
      let message = `${field}: ${describe(value)} is not allowed here`;
      if (last === "batchSize") message = `${field}: must be a whole number of at least 1, or "full" for the whole training set; not ${describe(value)}`;
      else if (path[0] === "init")
        message = `init: ${describe(value)} is not an initialisation; use xavier, he, uniform, zeros, or the path of a weights .json file`;
      else if (path[1] === "y") message = `${field}: each y must be a number (a class index or a target value) or an array of numbers`;
      return doc.diagnostic("error", message, path);
    }
    case "minLength":
      return doc.diagnostic("error", `${field}: must not be empty`, path);
    case "uniqueItems":
      return doc.diagnostic("error", `${field}: lists a name twice; each column can be used once`, path);
    default:
      return doc.diagnostic("error", `${field}: ${e.message ?? "invalid value"}`, path);
  }
}
