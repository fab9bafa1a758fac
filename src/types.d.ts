/** The snippets file, bundled by esbuild as JSON (esbuild.mjs gives it the json loader). */
declare module "*.code-snippets" {
  const snippets: Record<string, { prefix: string | string[]; description: string; body: string | string[] }>;
  export default snippets;
}
