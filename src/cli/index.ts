#!/usr/bin/env node
import { writeSync } from "node:fs";
import { main } from "./main";

/**
 * Standard output written at once, byte for byte: training is a synchronous loop, so a stream's
 * asynchronous 'error' would come only after it. A reader that has gone (`nnspec train … | head -1`)
 * ends the command there and then, quietly, as a pipe's writer killed by SIGPIPE would (141).
 */
function writeOut(s: string): void {
  const bytes = Buffer.from(`${s}\n`);
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(1, bytes, at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EPIPE") process.exit(141);
      if (code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // a full pipe: wait for the reader
    }
  }
}

main(process.argv.slice(2), writeOut, (s) => console.error(s), Boolean(process.stdout.isTTY)).then((code) => {
  process.exitCode = code;
});
