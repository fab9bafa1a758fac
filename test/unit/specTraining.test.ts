/**
 * The host's life of a shown spec, without VS Code: a TrainingPanel with a fake webview showing
 * SpecTraining objects whose runs are fakes. Each defect the host once had is a case here.
 */
import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { BoundedHistory } from "../../src/core/base/boundedHistory";
import type { LossName } from "../../src/core/nn/losses";
import type { EpochMetrics } from "../../src/core/train/metrics";
import { readSettings, type Settings } from "../../src/extension/settings";
import type { SpecTrainingHost } from "../../src/extension/specHost";
import { SpecTraining } from "../../src/extension/specTraining";
import { TrainingPanel } from "../../src/extension/trainingPanel";
import type { Run, RunListener, RunSource } from "../../src/extension/trainingRun";
import type { HostToWebview, KeptRunInfo } from "../../src/protocol/panel";
import type { MetricsUpdate, RunCommand, RunEvent, RunRequests, RunStatus, RunSummary } from "../../src/protocol/run";
import type { WireDiagnostic } from "../../src/protocol/worker";

let nextId = 1;

/** A run that does what the test tells it to, and records what it was told. */
class FakeRun implements Run {
  readonly runId = nextId++;
  status: RunStatus = "paused";
  summary: RunSummary | null = null;
  lastUpdate: MetricsUpdate | null = null;
  readonly history = new BoundedHistory<EpochMetrics>(100);
  failure: string | null = null;
  invalid: { message: string; location: string } | null = null;
  isDisposed = false;
  readonly commands: Exclude<RunCommand, { type: "start" }>["type"][] = [];

  constructor(
    public source: RunSource,
    readonly autoStart: boolean,
    private readonly listener: RunListener,
  ) {}

  control(command: Exclude<RunCommand, { type: "start" }>): void {
    this.commands.push(command.type);
  }
  requestWeights(): Promise<never> {
    return Promise.reject(new Error("not in this test"));
  }
  requestMetrics(): Promise<never> {
    return Promise.reject(new Error("not in this test"));
  }
  readonly requests: { method: string; params: unknown }[] = [];
  request<M extends keyof RunRequests & string>(method: M, params: RunRequests[M]["params"]): Promise<RunRequests[M]["result"]> {
    this.requests.push({ method, params });
    return Promise.resolve(null as RunRequests[M]["result"]);
  }
  adopt(text: string, version: number): void {
    this.source = { ...this.source, text, version };
  }
  dispose(): void {
    this.isDisposed = true;
  }

  /** The worker's events, as a real run turns them into state. */
  start(loss: LossName = "crossEntropy"): void {
    this.summary = { ...SUMMARY, loss };
    this.emit({ type: "started", summary: this.summary });
  }
  /** An update whose findings, as editor diagnostics, are `found`. */
  found(found: WireDiagnostic[]): void {
    this.lastUpdate = { ...update(this.status, []), findingDiagnostics: found };
    this.emit({ type: "metrics", update: this.lastUpdate });
  }
  epochs(status: RunStatus, ...losses: number[]): void {
    const epochs = losses.map((loss, i) => metrics(this.history.length + i + 1, loss));
    this.status = status;
    this.history.pushAll(epochs);
    this.lastUpdate = update(status, epochs);
    this.emit({ type: "metrics", update: this.lastUpdate });
  }
  private emit(e: RunEvent): void {
    this.listener.event(this, e);
  }
}

const SUMMARY: RunSummary = {
  name: "Spiral",
  task: "classification",
  sizes: [2, 4, 2],
  activations: ["tanh", "softmax"],
  loss: "crossEntropy",
  suitableLosses: ["crossEntropy", "mae", "mse", "huber"],
  lossLabels: { crossEntropy: "cross-entropy", mae: "MAE (L1)", mse: "MSE (L2)", huber: "Huber" },
  learningRate: 0.03,
  seed: 0,
  totalEpochs: 10,
  batchesPerEpoch: 1,
  classNames: ["red", "blue"],
  points: null,
  samples: [],
  sampleCount: 0,
};

function metrics(epoch: number, loss: number): EpochMetrics {
  return { epoch, loss, accuracy: 0.5, valLoss: null, valAccuracy: null, gradients: [], outputSpread: 0.1, stepCosine: null, findings: [] };
}

function update(status: RunStatus, epochs: EpochMetrics[]): MetricsUpdate {
  return {
    status,
    epoch: epochs.at(-1)?.epoch ?? 0,
    batch: 0,
    epochs,
    epochsPerSecond: null,
    earlyStopping: null,
    weights: { weights: [], gradients: [], biases: [] },
    boundary: null,
    pictureNote: null,
    weightHistograms: { range: 0, shares: [] },
    confusion: null,
    neuronMaps: null,
    predictions: null,
    edited: null,
    distributions: null,
    distributionHistory: null,
    unitGradients: [],
    findingDiagnostics: null,
  };
}

const ERROR: WireDiagnostic = {
  severity: "error",
  message: 'layers[1].activation: "relux" is not a valid activation',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 12,
};

/** A workspace of specs, a panel with a fake webview, and everything they posted. */
function world(settings: Partial<Settings> = {}) {
  const docs = new Map<string, { text: string; version: number }>();
  const runs: FakeRun[] = [];
  const posted: HostToWebview[] = [];
  const errors: string[] = [];
  let webviewListener: (raw: unknown) => void = () => {};
  const panel = new TrainingPanel(
    {
      load: () => undefined,
      postMessage: (m) => posted.push(structuredClone(m)),
      onMessage: (l) => {
        webviewListener = l;
      },
      setTitle: () => undefined,
    },
    {
      panelSettings: () => ({ updateIntervalMs: 100, pace: "auto" }),
      paceChosen: () => undefined,
      recreate: () => undefined,
      notLoaded: () => undefined,
      savePng: async (name, png) => {
        saved.push({ name, bytes: png.length });
      },
      log: () => undefined,
    },
  );
  const allSettings = { ...readSettings({ get: () => undefined }), restartDelayMs: 10, ...settings };
  const writes: { uri: string; loss?: LossName; rate?: number }[] = [];
  const keptRuns: Run[] = [];
  const saved: { name: string; bytes: number }[] = [];
  const findings: { uri: string; diagnostics: WireDiagnostic[] }[] = [];

  function specTraining(uri: string, host: Partial<SpecTrainingHost> = {}): SpecTraining {
    const spec: SpecTraining = new SpecTraining(uri, {
      specName: uri,
      readSource: async () => {
        const doc = docs.get(uri);
        return doc ? { text: doc.text, version: doc.version, specName: uri, files: { "data.csv": new Uint8Array([49, 10]) } } : undefined;
      },
      currentVersion: () => docs.get(uri)?.version,
      settings: () => allSettings,
      pace: () => "auto",
      createRun: (source, _settings, autoStart, listener) => {
        const run = new FakeRun(source, autoStart, listener);
        runs.push(run);
        return run;
      },
      post: (m) => {
        if (panel.spec === spec) panel.post(m);
      },
      runChanged: () => undefined,
      writeLoss: async (loss) => {
        writes.push({ uri, loss });
        edit(uri, `{ "loss": "${loss}" }`);
      },
      writeLearningRate: async (rate) => {
        writes.push({ uri, rate });
        const doc = edit(uri, `{ "optimizer": { "learningRate": ${rate} } }`);
        return { text: doc.text, version: doc.version };
      },
      keepRun: async (run) => {
        keptRuns.push(run);
      },
      keptRuns: async () => [KEPT_INFO],
      loadKeptRun: async () => ({ epochs: [1, 2], loss: [0.5, 0.25], valLoss: [null, null], accuracy: [0.5, 1], valAccuracy: [null, null] }),
      showError: (message) => errors.push(message),
      showFindings: (diagnostics) => findings.push({ uri, diagnostics: [...diagnostics] }),
      log: () => undefined,
      ...host,
    });
    return spec;
  }

  function edit(uri: string, text: string) {
    const doc = { text, version: (docs.get(uri)?.version ?? 0) + 1 };
    docs.set(uri, doc);
    return doc;
  }

  const webview = (raw: unknown) => webviewListener(raw);
  return { docs, runs, posted, errors, panel, specTraining, edit, webview, writes, keptRuns, saved, findings };
}

const settle = () => new Promise((r) => setImmediate(r));
const KEPT_INFO: KeptRunInfo = {
  id: "2026-11-28T10-00-00-000Z-mae",
  kept: "2026-11-28T10:00:00.000Z",
  spec: "a",
  loss: "mae",
  learningRate: 1,
  seed: 0,
  epochs: 2,
  accuracy: 1,
  valAccuracy: null,
};

/** A world whose panel is ready and shows spec `uri` (its text `text`), not yet trained. */
function showing(uri: string, text = "{}", settings: Partial<Settings> = {}, host: Partial<SpecTrainingHost> = {}) {
  const w = world(settings);
  w.edit(uri, text);
  w.webview({ type: "ready" });
  const spec = w.specTraining(uri, host);
  w.panel.show(spec);
  return { ...w, spec };
}
const A = "file:///w/a.nnspec.json";
const B = "file:///w/b.nnspec.json";

describe("a shown spec (SpecTraining) in the panel", () => {
  it("after following A to B, a reloaded panel is told B, and shows no curve of A", async () => {
    const w = world();
    w.edit(A, "{}");
    w.edit(B, "{}");
    w.webview({ type: "ready" });
    const a = w.specTraining(A);
    w.panel.show(a);
    await a.train(true);
    w.runs[0].start();
    w.runs[0].epochs("training", 0.9, 0.8);
    await a.train(true); // a second run of A: the first is now an earlier run of A
    w.runs[1].start();
    const b = w.specTraining(B);
    w.panel.show(b);
    assert.ok(w.runs[0].isDisposed && w.runs[1].isDisposed, "following B stops A's runs");
    await b.train(true);
    w.runs[2].start();
    const lastSpec = w.posted.filter((m) => m.type === "spec").at(-1);
    assert.deepEqual(lastSpec, { type: "spec", specUri: B, title: B }, "the webview remembers B (its saved state is what a reload restores)");
    const bRun = w.posted.filter((m) => m.type === "run").at(-1);
    assert.ok(bRun?.type === "run" && bRun.pastRuns.length === 0, "B's chart has no earlier run of A");
    // The panel reloads (a window reload): everything is replayed, B first.
    w.posted.length = 0;
    w.webview({ type: "ready" });
    assert.deepEqual(
      w.posted.map((m) => m.type),
      ["settings", "spec", "run", "keptRuns"],
    );
    assert.equal((w.posted[1] as { specUri: string }).specUri, B);
  });

  it("earlier runs of the same spec stay, labelled by the spec and what differed", async () => {
    const w = showing(A, "{}");
    const a = w.spec;
    await a.train(true);
    w.runs[0].start("mae");
    w.runs[0].epochs("done", 0.5, 0.4);
    await a.train(true);
    w.runs[1].start("crossEntropy");
    const run = w.posted.filter((m) => m.type === "run").at(-1);
    assert.ok(run?.type === "run");
    assert.equal(run.pastRuns.length, 1);
    assert.equal(run.pastRuns[0].label, `${A}, run 1: loss mae`);
    assert.deepEqual(run.pastRuns[0].loss, [0.5, 0.4]);
    assert.deepEqual(run.pastRuns[0].accuracy, [0.5, 0.5], "accuracy is kept too");
  });

  it("Stop during Compare Loss Functions stops the whole comparison; a later run ending done starts nothing", async () => {
    const w = showing(A, '{ "loss": "crossEntropy" }');
    const a = w.spec;
    await a.compare(["crossEntropy", "mae", "mse"], (text, loss) => text.replace(/"loss": "\w+"/, `"loss": "${loss}"`));
    assert.equal(w.runs.length, 3, "every loss at once");
    assert.deepEqual(
      w.runs.map((r) => r.source.text),
      ['{ "loss": "crossEntropy" }', '{ "loss": "mae" }', '{ "loss": "mse" }'],
    );
    assert.equal(new Set(w.runs.map((r) => r.source.files["data.csv"])).size, 3, "each run has bytes of its own to hand over to its worker");
    a.command("stop");
    assert.ok(
      w.runs.every((r) => r.commands.includes("stop")),
      "each run is told to stop",
    );
    await a.train(true);
    assert.equal(w.runs.length, 4);
    assert.ok(
      w.runs.slice(0, 3).every((r) => r.isDisposed),
      "a new run ends the comparison",
    );
    w.runs[3].start();
    w.runs[3].epochs("done", 0.3);
    await settle();
    assert.equal(w.runs.length, 4, "no unrequested run after the ordinary one ends");
  });

  it("a spec made invalid while the panel loads shows its banner once the panel is ready", async () => {
    const w = world();
    w.edit(A, "{}");
    const a = w.specTraining(A);
    w.panel.show(a);
    await a.train(true);
    w.runs[0].start();
    w.edit(A, "{ broken");
    a.checked(2, [ERROR]);
    assert.equal(w.posted.length, 0, "nothing reaches a webview that is not ready");
    w.webview({ type: "ready" });
    const invalid = w.posted.find((m) => m.type === "invalid");
    assert.deepEqual(invalid, { type: "invalid", message: ERROR.message, location: "line 3, column 5" });
  });

  it("an edit restarts training once valid, after the delay; a live learning-rate edit is adopted, not restarted", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const w = world({ restartDelayMs: 800 });
      w.edit(A, "{}");
      w.webview({ type: "ready" });
      const a = w.specTraining(A);
      w.panel.show(a);
      await a.train(true);
      w.runs[0].status = "training";
      // An edit that breaks the spec: the banner, and the run goes on.
      w.edit(A, "{ broken");
      a.checked(2, [ERROR]);
      mock.timers.tick(1000);
      await settle();
      assert.equal(w.runs.length, 1, "an invalid text never restarts");
      // Fixed: valid again; after the delay, a new run of version 3.
      w.edit(A, '{ "x": 1 }');
      a.checked(3, []);
      assert.equal(w.posted.filter((m) => m.type === "valid").length, 1);
      mock.timers.tick(799);
      await settle();
      assert.equal(w.runs.length, 1, "not before the delay");
      mock.timers.tick(1);
      await settle();
      await settle();
      assert.equal(w.runs.length, 2);
      assert.equal(w.runs[1].source.version, 3);
      // The learning rate from the panel: applied to the run, written into the spec, adopted.
      await a.setLearningRate(0.5);
      assert.deepEqual(w.runs[1].commands, ["setLearningRate"]);
      assert.equal(w.runs[1].source.version, 4);
      a.checked(4, []);
      mock.timers.tick(2000);
      await settle();
      assert.equal(w.runs.length, 2, "the run already trains that version");
    } finally {
      mock.timers.reset();
    }
  });

  it("what a run finds is shown on its spec while the editor has the text it trains, and goes with the run", async () => {
    const w = showing(A, "{}");
    await w.spec.train(true);
    const run = w.runs[0];
    run.start();
    const finding: WireDiagnostic = {
      ...ERROR,
      severity: "information",
      message: "layers[1]: vanishing gradient",
      fix: { title: "Use Adam", path: ["optimizer"], value: { type: "adam" } },
    };
    run.found([finding]);
    assert.deepEqual(w.findings, [{ uri: A, diagnostics: [finding] }]);
    // The text changed (the run trains the old one until the restart): later findings are not put on it.
    w.edit(A, '{ "name": "edited" }');
    run.found([{ ...finding, message: "layers[2]: exploding gradients" }]);
    assert.equal(w.findings.length, 1);
    // A new run takes the old one's findings away; so does closing the spec's training.
    await w.spec.train(true);
    assert.deepEqual(w.findings.at(-1), { uri: A, diagnostics: [] });
    w.runs[1].start();
    w.runs[1].found([finding]);
    w.spec.dispose();
    assert.deepEqual(
      w.findings.slice(-2).map((f) => f.diagnostics.length),
      [1, 0],
    );
  });

  it("a check of a text that was edited since is ignored (a newer check follows)", async () => {
    const w = showing(A, "{}");
    const a = w.spec;
    w.edit(A, "{ broken");
    w.edit(A, "{}");
    a.checked(2, [ERROR]);
    assert.equal(w.posted.filter((m) => m.type === "invalid").length, 0);
  });

  it('with "restartOn": "save", an edit restarts only when saved', async () => {
    const w = showing(A, "{}", { restartOn: "save" });
    const a = w.spec;
    await a.train(true);
    w.edit(A, '{ "x": 1 }');
    a.checked(2, []);
    await settle();
    assert.equal(w.runs.length, 1);
    a.saved(2);
    await settle();
    assert.equal(w.runs.length, 2);
  });

  it("a failing loss switch from the panel's menu is reported to the user, not lost as an unhandled rejection", async () => {
    const w = world();
    w.edit(A, "{}");
    w.webview({ type: "ready" });
    const failing = w.specTraining(A, {
      writeLoss: async () => {
        throw new Error("the spec could not be edited");
      },
    });
    w.panel.show(failing);
    w.webview({ type: "setLoss", loss: "mae" });
    await settle();
    assert.deepEqual(w.errors, ["switching the loss failed: the spec could not be edited"]);
  });

  it("the panel's messages are validated: a learning rate of 0 or a bigint never reaches the spec", async () => {
    const w = showing(A, "{}");
    const a = w.spec;
    await a.train(true);
    const cyclic: Record<string, unknown> = { type: "setLearningRate" };
    cyclic.value = cyclic;
    for (const bad of [{ type: "setLearningRate", value: 0 }, { type: "setLearningRate", value: 10n }, cyclic]) w.webview(bad);
    await settle();
    assert.deepEqual(w.runs[0].commands, []);
    assert.deepEqual(w.writes, []);
  });

  it("buttons reach the run: pause, step, step epoch, resume, and Train resumes a paused run", async () => {
    const w = showing(A, "{}");
    const a = w.spec;
    await a.train(false);
    for (const command of ["pause", "step", "stepEpoch", "resume", "train"]) w.webview({ type: "command", command });
    assert.deepEqual(w.runs[0].commands, ["pause", "step", "step", "resume", "resume"]);
    w.webview({ type: "command", command: "reset" });
    await settle();
    assert.equal(w.runs.length, 2);
    assert.equal(w.runs[1].autoStart, false, "Reset starts again from fresh weights, paused");
  });

  it("a run that ends is kept once; the spec's kept runs are listed, and one can be overlaid on the charts", async () => {
    const w = showing(A);
    await settle();
    assert.deepEqual(w.posted.filter((m) => m.type === "keptRuns").at(-1), { type: "keptRuns", runs: [KEPT_INFO] });
    await w.spec.train(true);
    w.runs[0].start();
    w.runs[0].epochs("training", 0.5);
    w.runs[0].epochs("done", 0.4);
    w.runs[0].epochs("done");
    await settle();
    assert.deepEqual(w.keptRuns, [w.runs[0]], "kept once, when it ended");
    w.webview({ type: "overlayRun", id: KEPT_INFO.id });
    await settle();
    const past = w.posted.filter((m) => m.type === "pastRuns").at(-1);
    assert.ok(past?.type === "pastRuns");
    assert.equal(past.pastRuns.at(-1)?.label, "a, kept 2026-11-28 10:00: loss mae, learning rate 1, seed 0");
    assert.deepEqual(past.pastRuns.at(-1)?.loss, [0.5, 0.25]);
  });

  it("saves a chart the panel sends as a PNG picture; anything that is not a PNG data URL is refused", async () => {
    const w = showing(A);
    const png = `data:image/png;base64,${Buffer.from("picture").toString("base64")}`;
    w.webview({ type: "savePng", name: "loss chart", dataUrl: png });
    w.webview({ type: "savePng", name: "../x", dataUrl: png });
    w.webview({ type: "savePng", name: "x", dataUrl: "data:text/html;base64,PHNjcmlwdD4=" });
    await settle();
    assert.deepEqual(w.saved, [{ name: "loss chart", bytes: 7 }]);
  });
});

describe("a run that cannot start (the spec deleted while shown, a worker that fails to start)", () => {
  const failures = {
    "readSource rejects": (): Partial<SpecTrainingHost> => ({
      readSource: () => Promise.reject(new Error("cannot open file:///w/a.nnspec.json: gone")),
    }),
    "createRun throws": (): Partial<SpecTrainingHost> => ({
      createRun: () => {
        throw new Error("cannot open file:///w/a.nnspec.json: gone");
      },
    }),
  };
  const paths: Record<string, (w: ReturnType<typeof showing>) => Promise<void>> = {
    Train: async (w) => w.spec.command("train"),
    Reset: async (w) => w.spec.command("reset"),
    "the restart after an edit": async (w) => {
      w.edit(A, '{ "x": 1 }');
      w.spec.checked(2, []);
      await new Promise((r) => setTimeout(r, 40)); // restartDelayMs is 10 in these tests
    },
    "the restart on save": async (w) => {
      w.edit(A, '{ "x": 1 }');
      w.spec.checked(2, []);
      w.spec.saved(2);
    },
    "Compare Losses": (w) => w.spec.compare(["mse", "mae"], (text) => text),
  };

  for (const [failure, host] of Object.entries(failures)) {
    for (const [path, drive] of Object.entries(paths)) {
      it(`${path}, when ${failure}: said in the panel (also after a reload) and as a notification, no unhandled rejection`, async () => {
        const unhandled: unknown[] = [];
        const onUnhandled = (reason: unknown) => unhandled.push(reason);
        process.on("unhandledRejection", onUnhandled);
        try {
          const w = showing(A, "{}", path === "the restart on save" ? { restartOn: "save" } : {}, host());
          await drive(w);
          await settle();
          await settle();
          const expected = "training could not start: cannot open file:///w/a.nnspec.json: gone";
          assert.deepEqual(w.errors, [expected], "one notification");
          assert.deepEqual(
            w.posted.filter((m) => m.type === "startFailed"),
            [{ type: "startFailed", message: expected }],
          );
          assert.deepEqual(
            w.spec.replay().filter((m) => m.type === "startFailed"),
            [{ type: "startFailed", message: expected }],
            "a reloaded panel shows it too",
          );
          assert.deepEqual(unhandled, []);
        } finally {
          process.off("unhandledRejection", onUnhandled);
        }
      });
    }
  }

  it("a start that succeeds afterwards clears the failure from the panel's replay", async () => {
    let fail = true;
    const w = showing(
      A,
      "{}",
      {},
      {
        readSource: async () => {
          if (fail) throw new Error("gone");
          return { text: "{}", version: 1, specName: A, files: {} };
        },
      },
    );
    await w.spec.train(true);
    assert.equal(w.spec.replay().filter((m) => m.type === "startFailed").length, 1);
    fail = false;
    await w.spec.train(true);
    assert.equal(w.spec.replay().filter((m) => m.type === "startFailed").length, 0);
    assert.equal(w.runs.length, 1);
  });

  it("a comparison whose second worker fails to start stops the first", async () => {
    const w = showing(A);
    let made = 0;
    const started: Run[] = [];
    const spec = w.specTraining(A, {
      createRun: (source, _settings, autoStart, listener) => {
        if (++made === 2) throw new Error("no worker");
        const run = new FakeRun(source, autoStart, listener);
        started.push(run);
        return run;
      },
    });
    await spec.compare(["mse", "mae"], (text) => text);
    assert.equal(started.length, 1);
    assert.ok(started[0].isDisposed, "the first compared run is stopped");
    assert.deepEqual(w.errors, ["training could not start: no worker"]);
    assert.equal(spec.currentRun, null);
  });
});
