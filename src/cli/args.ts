/**
 * The command line as Node's parseArgs reads it, with one thing mended: a value that starts with
 * "-" ("--sample -1", "--epochs -5") is taken as the option's value, so the user hears what is
 * wrong with the number rather than that the argument "is ambiguous".
 */
import { type ParseArgsConfig, parseArgs } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseCommandLine<O extends Options>(args: string[], options: O) {
  const valued = new Set(Object.entries(options).flatMap(([name, o]) => (o.type === "string" ? [`--${name}`, ...(o.short ? [`-${o.short}`] : [])] : [])));
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (valued.has(args[i]) && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else joined.push(args[i]);
  }
  return parseArgs({ args: joined, allowPositionals: true, strict: true, options });
}
