// Bundles the CLI (and, as they are added, the extension, worker and webview).
// Type-checking is a separate step (`npm run typecheck`): esbuild does not type-check.
import { build } from "esbuild";

const production = process.argv.includes("--production");

const node = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: !production,
  minify: production,
  external: ["vscode"],
  // jsonc-parser's UMD build hides its requires from bundlers; its ESM build bundles cleanly.
  mainFields: ["module", "main"],
  logLevel: "warning",
};

await Promise.all([
  build({ ...node, entryPoints: ["src/cli/index.ts"], outfile: "dist/cli.js" }),
  // The benchmark runs the core as it ships (bundled, scope-hoisted), not through a test loader;
  // TensorFlow.js stays in node_modules, where its backends find their files.
  build({ ...node, entryPoints: ["bench/run.ts"], outfile: "dist/bench.js", external: ["vscode", "@tensorflow/*"] }),
]);
