/** Finding a Python that imports torch, and running an exported script with it. */
import { spawn, spawnSync } from "node:child_process";
import { type AddressInfo, createServer } from "node:net";

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

/**
 * Runs `script` with `args` as `torchrun --nproc_per_node=N` does (torch.distributed.run with
 * the same Python): N processes on this machine, gloo on the CPU. Its log redirects are set
 * (PET_REDIRECTS, PET_TEE), as PyTorch 1.13's torchrun fails to start on Python 3.11 parsing
 * their defaults; stdout stays the processes' own.
 */
export async function runTorchrun(python: string, script: string, processes: number, args: string[] = []): Promise<ScriptRun> {
  // A port of its own for each run's rendezvous: the default (29400) can still be held by the
  // previous run's agent as it shuts down, and a new run that meets it waits forever.
  const port = await freePort();
  const rendezvous = ["--rdzv_backend=c10d", `--rdzv_endpoint=127.0.0.1:${port}`, "--nnodes=1"];
  return runScript(
    python,
    "-m",
    ["torch.distributed.run", ...rendezvous, `--nproc_per_node=${processes}`, script, ...args],
    { PET_REDIRECTS: "2", PET_TEE: "2" },
    300_000,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `script` with `args`, without a shell; resolves when it exits. */
export function runScript(python: string, script: string, args: string[] = [], env: Record<string, string> = {}, timeoutMs = 0): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    // The tests run two scripts at once on a 2-core machine: one thread each, or PyTorch's thread
    // pools fight over the cores (the networks here are far too small to gain from threads).
    const child = spawn(python, [script, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, OMP_NUM_THREADS: "1", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    // A run that hangs (one of several processes waiting for one that died) is ended, with all its processes.
    let killed = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          killed = true;
          spawnSync("pkill", ["-KILL", "-f", script]);
          child.kill("SIGKILL");
        }, timeoutMs)
      : undefined;
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: killed ? `${stderr}\nkilled after ${timeoutMs / 1000} s` : stderr });
    });
  });
}
