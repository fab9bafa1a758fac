/**
 * `npm run try`: the freshly packaged extension in a real VS Code in the browser (code-server on
 * localhost), with the examples open, for machines without desktop VS Code. Prints the address
 * and runs until stopped (Ctrl+C).
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codeServerDir, ROOT } from "../../test/e2e/harness";

const port = Number(process.env.PORT ?? 8080);
const codeServer = join(codeServerDir(), "node_modules", ".bin", "code-server");
const home = mkdtempSync(join(tmpdir(), "nnspec-try-"));
const workspace = join(home, "examples");
cpSync(join(ROOT, "examples"), workspace, { recursive: true });
mkdirSync(join(home, "user-data", "User"), { recursive: true });
writeFileSync(
  join(home, "user-data", "User", "settings.json"),
  JSON.stringify({ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "telemetry.telemetryLevel": "off" }),
);
const dirs = ["--extensions-dir", join(home, "extensions"), "--user-data-dir", join(home, "user-data")];
const install = spawn(codeServer, ["--install-extension", join(ROOT, "nnspec.vsix"), ...dirs], { stdio: "inherit" });
install.on("exit", (code) => {
  if (code !== 0) process.exit(code ?? 1);
  const server = spawn(
    codeServer,
    ["--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", ...dirs, workspace],
    { stdio: "ignore" },
  );
  console.log(`\nNNSpec in VS Code: open http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  console.log("Open spiral.nnspec.json to see it train. Ctrl+C stops the server.");
  process.on("SIGINT", () => {
    server.kill();
    process.exit(0);
  });
});
