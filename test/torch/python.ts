/** Finding a Python that imports torch, and running an exported script with it. */
import { spawn, spawnSync } from "node:child_process";

export interface TorchPython {
  command: string;
  torchVersion: string;
}

/**
 * The first of: $NNSPEC_PYTHON, `python3` on PATH, Debian's /usr/bin/python3, `python`, whose
 * `import torch` works. The `python3` first on PATH may be one that does not see Debian's
 * packages (a pyenv or venv Python), so each is tried rather than assumed.
 */
export function findTorchPython(): TorchPython | { error: string } {
  const candidates = [process.env.NNSPEC_PYTHON, "python3", "/usr/bin/python3", "python"].filter((c): c is string => Boolean(c));
  const tried: string[] = [];
  for (const command of candidates) {
    const r = spawnSync(command, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8", timeout: 120_000 });
    if (r.status === 0) return { command, torchVersion: r.stdout.trim() };
    tried.push(`${command}: ${r.error ? r.error.message : (r.stderr.trim().split("\n").pop() ?? `exit ${r.status}`)}`);
  }
  return {
    error: [
      "No Python that imports torch was found; the PyTorch export's tests need one. Tried:",
      ...tried.map((t) => `  ${t}`),
      "Install Debian's PyTorch (apt-get install -y python3-torch; scripts/torch/install-torch.sh does this as root) or PyTorch with pip,",
      "or set NNSPEC_PYTHON to a Python that has it.",
    ].join("\n"),
  };
}

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `script` with `args`, without a shell; resolves when it exits. */
export function runScript(python: string, script: string, args: string[] = []): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    // The tests run two scripts at once on a 2-core machine: one thread each, or PyTorch's thread
    // pools fight over the cores (the networks here are far too small to gain from threads).
    const child = spawn(python, [script, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, OMP_NUM_THREADS: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
