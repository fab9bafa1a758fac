import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const EXAMPLES_DIR = join(import.meta.dirname, "..", "..", "examples");

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR);
}

export function readExample(name: string): string {
  return readFileSync(join(EXAMPLES_DIR, name), "utf8");
}
