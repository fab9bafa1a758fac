/** Runs the `nnspec` command in-process, collecting what it prints. */
import { main } from "../../src/cli/main";

export async function runCli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
    false,
  );
  return { code, out: out.join("\n"), err: err.join("\n"), lines: out };
}
