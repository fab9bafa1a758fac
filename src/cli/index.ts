#!/usr/bin/env node
import { main } from "./main";

process.exitCode = main(
  process.argv.slice(2),
  (s) => console.log(s),
  (s) => console.error(s),
  Boolean(process.stdout.isTTY),
);
