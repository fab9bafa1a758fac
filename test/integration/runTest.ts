/**
 * The integration suite inside a desktop VS Code's extension host (@vscode/test-electron with
 * Mocha). It needs VS Code downloaded; where that cannot be done (no network but the package
 * registries, as on CI here) it is skipped with a clear message, and the same behaviour is
 * covered by the code-server scenarios in test/e2e.
 */
import { join } from "node:path";
import { downloadAndUnzipVSCode, runTests } from "@vscode/test-electron";

const ROOT = join(import.meta.dirname, "..", "..");
const DOWNLOAD_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  let executable: string;
  try {
    executable = await Promise.race([
      downloadAndUnzipVSCode({ version: "1.100.3", timeout: DOWNLOAD_TIMEOUT_MS }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), DOWNLOAD_TIMEOUT_MS).unref()),
    ]);
  } catch (e) {
    console.log(`integration suite skipped: desktop VS Code cannot be downloaded on this machine (${(e as Error).message.split("\n")[0]}).`);
    console.log("The code-server scenarios (npm run test:e2e) test the same extension in a real VS Code.");
    return;
  }
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, "dist", "integration", "index.js"),
    launchArgs: [join(ROOT, "examples"), "--disable-extensions", "--disable-workspace-trust"],
  });
}

main().catch((e) => {
  console.error(`integration suite failed: ${e}`);
  process.exit(1);
});
