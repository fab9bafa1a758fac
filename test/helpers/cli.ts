/** Runs the CLI in-process, collecting what it prints. */
import { main } from "../../src/cli/main";

export function runCli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
    false,
  );
  return { code, out: out.join("\n"), err: err.join("\n"), lines: out };
}
