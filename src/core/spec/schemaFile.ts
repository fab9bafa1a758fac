/**
 * The schema files under schemas/, generated from NNSPEC_SCHEMA (`npm run schema`; a test checks
 * they are in sync):
 * - nnspec.schema.json: the full schema, for any tool that validates JSON against a schema.
 * - nnspec.editor.schema.json (and nnspec.editor.schema.<language>.json, its descriptions
 *   translated from l10n/schema.<language>.json): what VS Code's JSON service loads for
 *   *.nnspec.json, chosen by the display language through package.nls.<language>.json. It keeps
 *   everything that helps while typing (properties, descriptions, enum values with their
 *   explanations, defaults, examples, types) and drops the constraints. NNSpec checks those
 *   itself, with a field path, a fix and the editor's language; the JSON service would repeat
 *   each mistake as a second, English-only entry in the Problems panel.
 */
import { NNSPEC_SCHEMA } from "./schema";

/** Keywords that only reject values; completion and hover do not use them. */
const CONSTRAINTS = new Set([
  "required",
  "additionalProperties",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "uniqueItems",
]);

/**
 * `schema` without its constraints; an `enum` still offers its values but accepts any of its
 * type. Keys are treated alike at every level, which is safe because no spec field is named
 * like a schema keyword (the schema test checks that every field keeps its description).
 */
export function editorSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(editorSchema);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (CONSTRAINTS.has(key)) continue;
    // Inside enum, examples and default, values are data, not schemas.
    out[key] = key === "enum" || key === "examples" || key === "default" ? value : editorSchema(value);
  }
  if (Array.isArray(out.enum)) {
    const { enum: values, enumDescriptions, ...rest } = out;
    const types = [...new Set((values as unknown[]).map((v) => typeof v))];
    return { ...rest, anyOf: [{ enum: values, enumDescriptions }, { type: types.length === 1 ? types[0] : types }] };
  }
  return out;
}

export function schemaFileText(): string {
  return `${JSON.stringify(NNSPEC_SCHEMA, null, 2)}\n`;
}

/** `schema` with every title, description and enum description passed through `translate`. */
export function translateSchema(schema: unknown, translate: (english: string) => string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => translateSchema(s, translate));
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if ((key === "title" || key === "description") && typeof value === "string") out[key] = translate(value);
    else if (key === "enumDescriptions" && Array.isArray(value)) out[key] = value.map((d) => translate(String(d)));
    else if (key === "enum" || key === "examples" || key === "default") out[key] = value;
    else out[key] = translateSchema(value, translate);
  }
  return out;
}

/**
 * The editor schema's text; with `language` (e.g. "ko") and its `translate`, the file for that
 * display language (package.nls.<language>.json points VS Code at it).
 */
export function editorSchemaFileText(language?: string, translate?: (english: string) => string): string {
  let schema = editorSchema(NNSPEC_SCHEMA) as Record<string, unknown>;
  if (translate) schema = translateSchema(schema, translate) as Record<string, unknown>;
  const name = language ? `nnspec.editor.schema.${language}.json` : "nnspec.editor.schema.json";
  return `${JSON.stringify({ ...schema, $id: `https://nnspec.dev/schemas/${name}` }, null, 2)}\n`;
}
