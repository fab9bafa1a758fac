/** Writes the schema files under schemas/ from the one schema in src/core/spec/schema.ts. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { schemaFiles } from "./schemaFiles";

const root = join(import.meta.dirname, "..");
for (const { name, text } of schemaFiles(root)) {
  writeFileSync(join(root, "schemas", name), text);
  console.log(`wrote schemas/${name}`);
}
