/**
 * Validates a spec's value against NNSPEC_SCHEMA (ajv) and turns ajv's errors into
 * diagnostics that name the field and say the fix.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { closest, type Diagnostic, excerpt, formatPath, type JsonPath, moreProblemsMessage } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import { lossNames, lossRecord } from "../nn/losses";
import { NNSPEC_SCHEMA } from "./schema";

let compiled: ValidateFunction | undefined;
/** The losses `compiled` accepts: the built-in ones and any registered since (nn/losses.ts). */
let compiledLosses = "";

function validator(): ValidateFunction {
  const losses = lossNames();
  if (!compiled || compiledLosses !== losses.join()) {
    // strict: false lets the schema carry editor-only keywords (enumDescriptions).
    // verbose: errors carry their schema node, which names the known fields for "did you mean".
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    const schema = structuredClone(NNSPEC_SCHEMA) as { properties: { loss: { enum: readonly string[]; enumDescriptions: string[] } } };
    schema.properties.loss.enum = losses;
    schema.properties.loss.enumDescriptions = losses.map((l) => lossRecord(l).description);
    compiled = ajv.compile(schema);
    compiledLosses = losses.join();
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
  let hidden = 0;
  for (const e of errors) {
    if (e.keyword !== "anyOf" && e.schemaPath.includes("anyOf") && underAnyOf(e.instancePath, anyOfPaths)) continue;
    // Past the limit only count: a million bad items must not make a million messages.
    if (out.length >= LIMITS.diagnosticsPerFile - 1) {
      hidden++;
      continue;
    }
    const d = toDiagnostic(doc, e);
    const key = `${d.offset}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  if (hidden) out.push({ ...out[out.length - 1], message: moreProblemsMessage(hidden), more: hidden });
  return out;
}

/** True when `path` or one of its ancestors is in `anyOfPaths`: a lookup per level, not a scan. */
function underAnyOf(path: string, anyOfPaths: ReadonlySet<string>): boolean {
  for (let p = path; ; p = p.slice(0, p.lastIndexOf("/"))) {
    if (anyOfPaths.has(p)) return true;
    if (p === "") return false;
  }
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
  if (typeof value === "string") return `"${excerpt(value)}"`;
  if (Array.isArray(value)) return t("an array");
  if (value === null) return "null";
  if (typeof value === "object") return t("an object");
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
  if (last === "activation") return t("activation");
  if (last === "loss") return t("loss function");
  if (last === "source") return t("data source");
  if (last === "type") return path[0] === "optimizer" ? t("optimizer") : t("regularization type");
  if (last === "task") return t("task");
  return t("allowed value");
}

/** Why a limit exists, appended to range errors on fields that have one. */
function limitNote(path: JsonPath): string {
  const last = path[path.length - 1];
  if (last === "units")
    return t(" (the limit of {limit} units a layer keeps a typo from freezing the machine)", { limit: LIMITS.unitsPerLayer.toLocaleString("en") });
  if (last === "epochs") return t(" (the limit is {limit} epochs)", { limit: LIMITS.epochs.toLocaleString("en") });
  if (last === "samples")
    return t(" (generated data sets have {min} to {max} samples)", { min: LIMITS.generatedSamplesMin, max: LIMITS.generatedSamplesMax.toLocaleString("en") });
  return "";
}

function toDiagnostic(doc: SpecDocument, e: ErrorObject): Diagnostic {
  const path = pathOf(e);
  const field = formatPath(path);
  const raw = valueAt(doc.value, path);
  /** The value as a message shows it: quoted text, a number, "an array"… */
  const value = describe(raw);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required": {
      const name = String(params.missingProperty);
      if (name === "units")
        return doc.diagnostic("error", t('{field}: missing required field "units": add "units": N, the number of neurons', { field }), path);
      if (name === "layers")
        return doc.diagnostic(
          "error",
          t('{field}: missing required field "layers": add {example}', { field, example: '"layers": [{ "units": 2 }, { "units": 2 }]' }),
          path,
        );
      return doc.diagnostic("error", t('{field}: missing required field "{name}"', { field, name }), path);
    }
    case "additionalProperties": {
      const name = String(params.additionalProperty);
      const schemaNode = e.parentSchema as { properties?: Record<string, unknown> };
      const known = Object.keys(schemaNode.properties ?? {});
      const suggestion = closest(name, known);
      const problem = suggestion
        ? t('unknown field "{name}"; did you mean "{suggestion}"?', { name: excerpt(name), suggestion })
        : t('unknown field "{name}"; allowed fields here: {known}', { name: excerpt(name), known: known.join(", ") });
      return doc.keyDiagnostic("error", path.length ? `${field}: ${problem}` : problem, path, name);
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String).join(", ");
      const suggestion = typeof raw === "string" ? closest(raw, (params.allowedValues as unknown[]).map(String)) : undefined;
      const noun = enumNoun(path);
      const message = suggestion
        ? t('{field}: {value} is not a valid {noun}; use one of: {allowed}. Did you mean "{suggestion}"?', { field, value, noun, allowed, suggestion })
        : t("{field}: {value} is not a valid {noun}; use one of: {allowed}.", { field, value, noun, allowed });
      return doc.diagnostic("error", message, path);
    }
    case "type": {
      const wanted = String(params.type);
      const kinds: Record<string, string> = {
        integer: t("a whole number"),
        number: t("a number"),
        string: t("a string"),
        boolean: t("true or false"),
        array: t("an array"),
        object: t("an object"),
      };
      return doc.diagnostic("error", t("{field}: must be {kind}, not {value}", { field, kind: kinds[wanted] ?? wanted, value }), path);
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const args = { field, limit: String(params.limit), value, note: limitNote(path) };
      const message = {
        minimum: () => t("{field}: must be at least {limit}, not {value}{note}", args),
        maximum: () => t("{field}: must be at most {limit}, not {value}{note}", args),
        exclusiveMinimum: () => t("{field}: must be greater than {limit}, not {value}{note}", args),
        exclusiveMaximum: () => t("{field}: must be less than {limit}, not {value}{note}", args),
      }[e.keyword]();
      return doc.diagnostic("error", message, path);
    }
    case "minItems":
    case "maxItems": {
      const limit = String(params.limit);
      const wholeLayerList = path[0] === "layers" && path.length === 1;
      let message: string;
      if (e.keyword === "minItems")
        message = wholeLayerList
          ? t("{field}: needs at least {limit} items (an input layer and an output layer)", { field, limit })
          : t("{field}: needs at least {limit} items", { field, limit });
      else
        message = wholeLayerList
          ? t("{field}: needs at most {limit} items (the limit keeps a typo from freezing the machine)", { field, limit })
          : t("{field}: needs at most {limit} items", { field, limit });
      return doc.diagnostic("error", message, path);
    }
    case "anyOf": {
      const last = path[path.length - 1];
      let message = t("{field}: {value} is not allowed here", { field, value });
      if (last === "batchSize")
        message = t('{field}: must be a whole number of at least 1, or "full" for the whole training set; not {value}', { field, value });
      else if (path[0] === "init")
        message = t("init: {value} is not an initialisation; use xavier, he, uniform, zeros, or the path of a weights .json file", { value });
      else if (path[1] === "y") message = t("{field}: each y must be a number (a class index or a target value) or an array of numbers", { field });
      return doc.diagnostic("error", message, path);
    }
    case "minLength":
      return doc.diagnostic("error", t("{field}: must not be empty", { field }), path);
    case "uniqueItems":
      return doc.diagnostic(
        "error",
        field === "data.classNames"
          ? t("{field}: lists a name twice; each class needs a name of its own", { field })
          : t("{field}: lists a name twice; each column can be used once", { field }),
        path,
      );
    default:
      return doc.diagnostic("error", `${field}: ${e.message ?? "invalid value"}`, path);
  }
}
