// Bundles the extension host, the training worker, the CLI and the benchmark (node, cjs) and the
// panel's webview (browser, esm) from one file.
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
  build({ ...node, entryPoints: ["src/extension/extension.ts"], outfile: "dist/extension.js" }),
  build({ ...node, entryPoints: ["src/worker/index.ts"], outfile: "dist/worker.js" }),
  build({ ...node, entryPoints: ["src/cli/index.ts"], outfile: "dist/cli.js" }),
  build({
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    sourcemap: !production,
    minify: production,
    entryPoints: ["webview/main.ts"],
    outdir: "dist/webview",
    logLevel: "warning",
  }),
  // The benchmark runs the core as it ships (bundled, scope-hoisted), not through a test loader;
  // TensorFlow.js stays in node_modules, where its backends find their files.
  build({ ...node, entryPoints: ["bench/run.ts"], outfile: "dist/bench.js", external: ["vscode", "@tensorflow/*"] }),
  // The integration suite runs inside the extension host; Mocha stays in node_modules.
  build({ ...node, entryPoints: ["test/integration/suite/index.ts"], outfile: "dist/integration/index.js", external: ["vscode", "mocha"] }),
]);
