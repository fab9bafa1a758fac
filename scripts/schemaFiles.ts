/**
 * Every file under schemas/, as `npm run schema` writes it and the schema test expects it: the
 * full schema, the editor schema, and the editor schema in each language that has an
 * l10n/schema.<language>.json. A description is translated from that file, or from the
 * language's l10n bundle when the extension already translates it there (the loss
 * explanations); a description translated in neither is an error.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { editorSchemaFileText, schemaFileText } from "../src/core/spec/schemaFile";

export function schemaLanguages(root: string): string[] {
  return readdirSync(join(root, "l10n"))
    .map((f) => /^schema\.([\w-]+)\.json$/.exec(f)?.[1])
    .filter((l): l is string => l !== undefined)
    .sort();
}

export function schemaTranslations(root: string, language: string): Record<string, string> {
  const bundlePath = join(root, "l10n", `bundle.l10n.${language}.json`);
  const bundle = existsSync(bundlePath) ? JSON.parse(readFileSync(bundlePath, "utf8")) : {};
  return { ...bundle, ...JSON.parse(readFileSync(join(root, "l10n", `schema.${language}.json`), "utf8")) };
}

export function schemaFiles(root: string): { name: string; text: string }[] {
  const files = [
    { name: "nnspec.schema.json", text: schemaFileText() },
    { name: "nnspec.editor.schema.json", text: editorSchemaFileText() },
  ];
  for (const language of schemaLanguages(root)) {
    const translations = schemaTranslations(root, language);
    const translate = (english: string) => {
      const translated = translations[english];
      if (typeof translated !== "string") throw new Error(`l10n/schema.${language}.json: no translation of ${JSON.stringify(english)}`);
      return translated;
    };
    files.push({ name: `nnspec.editor.schema.${language}.json`, text: editorSchemaFileText(language, translate) });
  }
  return files;
}
