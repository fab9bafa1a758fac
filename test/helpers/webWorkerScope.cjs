// A Web Worker's global scope, as much of it as NNSpec's browser worker bundles use, made from a
// Node worker thread: self's addEventListener("message") and postMessage. The bundle named by
// workerData.bundle then runs as it would in a browser (test/unit/webWorkerBundle.test.ts).
const { parentPort, workerData } = require("node:worker_threads");
globalThis.addEventListener = (type, listener) => {
  if (type === "message") parentPort.on("message", (data) => listener({ data }));
};
globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
require(workerData.bundle);
