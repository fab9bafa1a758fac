import { NNSPEC_SCHEMA } from "./schema";

/** The text of schemas/nnspec.schema.json: what editors load for completion and hover. */
export function schemaFileText(): string {
  return `${JSON.stringify(NNSPEC_SCHEMA, null, 2)}\n`;
}
