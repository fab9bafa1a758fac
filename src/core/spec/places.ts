/**
 * Where some fields are in a spec's text, found once when the spec is loaded, so that what
 * training finds later (findings.ts) can be shown on the field it is about without keeping the
 * parse tree, which for a spec with inline data is many times the text's size.
 */
import type { Diagnostic, JsonPath, Severity } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";

type Range = Pick<Diagnostic, "offset" | "length" | "line" | "column" | "endLine" | "endColumn">;

/** The fields a finding is about or its fix sets: the whole spec, each layer and its activation, and these. */
const FIELDS: readonly JsonPath[] = [
  ["loss"],
  ["init"],
  ["optimizer"],
  ["optimizer", "type"],
  ["optimizer", "learningRate"],
  ["optimizer", "clipNorm"],
  ["regularization"],
  ["training"],
  ["training", "epochs"],
  ["data"],
  ["data", "validationSplit"],
];

const key = (path: JsonPath) => JSON.stringify(path);

export class SpecPlaces {
  private readonly ranges = new Map<string, Range>();

  constructor(document: SpecDocument, layerCount: number) {
    const paths: JsonPath[] = [[], ["layers"], ...FIELDS];
    for (let k = 0; k < layerCount; k++) paths.push(["layers", k], ["layers", k, "activation"]);
    for (const path of paths) {
      // Where the field is, or (when the spec leaves it out) the nearest enclosing field that is written.
      const { offset, length, line, column, endLine, endColumn } = document.diagnostic("warning", "", path);
      this.ranges.set(key(path), { offset, length, line, column, endLine, endColumn });
    }
  }

  /** A diagnostic on the field at `path`: the nearest field found at load that is `path` or encloses it. */
  diagnostic(severity: Severity, message: string, path: JsonPath): Diagnostic {
    for (let n = path.length; n >= 0; n--) {
      const range = this.ranges.get(key(path.slice(0, n)));
      if (range) return { severity, message, path, ...range };
    }
    throw new Error("the spec's places always include the whole spec");
  }
}
