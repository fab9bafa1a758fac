/** Writes schemas/nnspec.schema.json from the one schema in src/core/spec/schema.ts. */
import { writeFileSync } from "node:fs";
import { schemaFileText } from "../src/core/spec/schemaFile";

const path = new URL("../schemas/nnspec.schema.json", import.meta.url);
writeFileSync(path, schemaFileText());
console.log(`wrote ${path.pathname}`);
