/**
 * The arithmetic of URI paths ("/"-separated, rooted at "/"), as node:path's posix functions do
 * it for absolute paths, without Node: the host's file rules run in a browser too. Checked
 * against node:path in test/unit/uriPaths.test.ts.
 */

export function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

/** The segments of `paths` joined from the last absolute one, "." and ".." resolved ("/" is its own parent). */
export function resolve(...paths: string[]): string {
  const segments: string[] = [];
  for (const path of paths) {
    if (isAbsolute(path)) segments.length = 0;
    for (const segment of path.split("/")) {
      if (segment === "" || segment === ".") continue;
      if (segment === "..") segments.pop();
      else segments.push(segment);
    }
  }
  return `/${segments.join("/")}`;
}

/** The path from `from` to `to` ("" when they are the same), both resolved first. */
export function relative(from: string, to: string): string {
  const a = resolve(from).split("/").filter(Boolean);
  const b = resolve(to).split("/").filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
}
