/**
 * The panel's ready handshake (TrainingPanel), with a fake webview and fake timers: nothing is
 * posted before the page says it is ready, then everything it shows is, in order; a page that
 * does not answer is loaded again, then given a new webview, then the user is told; and a run
 * asked to train while the panel loads waits for it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BoundedHistory } from "../../src/core/base/boundedHistory";
import type { EpochMetrics } from "../../src/core/train/metrics";
import { readSettings } from "../../src/extension/settings";
import { SpecTraining } from "../../src/extension/specTraining";
import { type PanelWebview, READY_WAITS_MS, type Timers, TrainingPanel } from "../../src/extension/trainingPanel";
import type { Run, RunListener, RunSource } from "../../src/extension/trainingRun";
import type { HostToWebview } from "../../src/protocol/panel";
import { parseWebviewMessage } from "../../src/protocol/panelValidation";
import type { RunCommand } from "../../src/protocol/run";

/** Timers that run only when the test moves the clock. */
class FakeTimers implements Timers {
  private now = 0;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private next = 1;
  set(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

/** A webview that records its loads and what reached it, and lets the test speak as its page. */
class FakeWebview implements PanelWebview {
  readonly loads: string[] = [];
  readonly posted: HostToWebview[] = [];
  private listener: (raw: unknown) => void = () => undefined;
  load(loadId: string): void {
    this.loads.push(loadId);
  }
  postMessage(message: HostToWebview): void {
    this.posted.push(message);
  }
  onMessage(listener: (raw: unknown) => void): void {
    this.listener = listener;
  }
  setTitle(): void {}
  /** The page's script says it is ready, with the id of the load it came with. */
  ready(page = "page-a", load = this.loads.at(-1)): void {
    this.listener({ type: "ready", load, page });
  }
  send(raw: unknown): void {
    this.listener(raw);
  }
  get types(): string[] {
    return this.posted.map((m) => m.type);
  }
}

class FakeRun implements Run {
  static next = 1;
  readonly runId = FakeRun.next++;
  status = "paused" as const;
  summary = null;
  lastUpdate = null;
  readonly history = new BoundedHistory<EpochMetrics>(10);
  failure = null;
  invalid = null;
  isDisposed = false;
  readonly commands: string[] = [];
  constructor(
    public source: RunSource,
    readonly autoStart: boolean,
  ) {}
  control(command: Exclude<RunCommand, { type: "start" }>): void {
    this.commands.push(command.type);
  }
  requestWeights(): Promise<never> {
    return Promise.reject(new Error("not here"));
  }
  requestMetrics(): Promise<never> {
    return Promise.reject(new Error("not here"));
  }
  request(): Promise<never> {
    return Promise.reject(new Error("not here"));
  }
  adopt(): void {}
  dispose(): void {
    this.isDisposed = true;
  }
}

function setup() {
  const timers = new FakeTimers();
  const webview = new FakeWebview();
  const events: string[] = [];
  const runs: FakeRun[] = [];
  const panel = new TrainingPanel(
    webview,
    {
      savePng: async () => undefined,
      panelSettings: () => ({ updateIntervalMs: 100, pace: "auto" }),
      paceChosen: () => undefined,
      recreate: () => events.push("recreate"),
      notLoaded: () => events.push("notLoaded"),
      log: () => undefined,
    },
    timers,
  );
  const makeSpec = (uri: string): SpecTraining => {
    const made: SpecTraining = new SpecTraining(uri, {
      specName: uri,
      readSource: async () => ({ text: "{}", version: 1, specName: "a.nnspec.json", files: {} }),
      currentVersion: () => 1,
      settings: () => readSettings({ get: () => undefined }),
      pace: () => "auto",
      createRun: (source, _settings, autoStart, _listener: RunListener) => {
        const run = new FakeRun(source, autoStart);
        runs.push(run);
        return run;
      },
      post: (m) => {
        if (panel.spec === made) panel.post(m);
      },
      runChanged: () => undefined,
      writeLoss: async () => undefined,
      writeLearningRate: async () => undefined,
      keepRun: async () => undefined,
      keptRuns: async () => [],
      loadKeptRun: async () => Promise.reject(new Error("none")),
      showFindings: () => undefined,
      showError: () => undefined,
      log: () => undefined,
    });
    return made;
  };
  const spec = makeSpec("file:///w/a.nnspec.json");
  panel.show(spec);
  return { timers, webview, events, runs, panel, spec, makeSpec };
}

const settle = () => new Promise((r) => setImmediate(r));

describe("the panel's ready handshake", () => {
  it("nothing reaches a page that has not said it is ready; then the settings, the spec's replay, and what waited (the sample card)", async () => {
    const { webview, spec } = setup();
    assert.equal(webview.loads.length, 1, "the page is loaded once");
    spec.openCard(3);
    await settle();
    assert.deepEqual(webview.posted, [], "nothing is posted while the page loads");
    webview.ready();
    assert.deepEqual(webview.types, ["settings", "spec", "keptRuns", "openCard"]);
    assert.deepEqual(webview.posted.at(-1), { type: "openCard", sample: 3 });
    spec.openCard(4);
    assert.deepEqual(webview.posted.at(-1), { type: "openCard", sample: 4 }, "once ready, messages go at once");
  });

  it("the same page saying ready again is answered once; a page that reloaded by itself is replayed to again", () => {
    const { webview } = setup();
    webview.ready("page-a");
    webview.ready("page-a");
    assert.deepEqual(webview.types, ["settings", "spec", "keptRuns"]);
    webview.ready("page-b");
    assert.deepEqual(webview.types, ["settings", "spec", "keptRuns", "settings", "spec", "keptRuns"]);
  });

  it("a page that does not answer is loaded again; a late ready from the earlier load is not taken for the new page", () => {
    const { webview, timers, events } = setup();
    timers.advance(READY_WAITS_MS[0] - 1);
    assert.equal(webview.loads.length, 1, "not before its time is up");
    timers.advance(1);
    assert.equal(webview.loads.length, 2, "loaded again");
    assert.notEqual(webview.loads[1], webview.loads[0], "with a new load id");
    webview.ready("page-old", webview.loads[0]);
    assert.deepEqual(webview.posted, [], "the earlier load's page is gone");
    webview.ready("page-new");
    assert.deepEqual(webview.types, ["settings", "spec", "keptRuns"]);
    timers.advance(60_000);
    assert.deepEqual(events, [], "a ready page is never retried");
    assert.equal(webview.loads.length, 2);
  });

  it("still silent: a new webview; still silent there: the user is told, and the retries start over on Reload Panel", () => {
    const { webview, timers, events, panel } = setup();
    timers.advance(READY_WAITS_MS[0] + READY_WAITS_MS[1]);
    assert.deepEqual(events, ["recreate"]);
    const fresh = new FakeWebview();
    panel.attach(fresh);
    assert.equal(fresh.loads.length, 1, "the page loads in the new webview");
    webview.ready("page-a", webview.loads.at(-1));
    assert.deepEqual(webview.posted, [], "the webview given up on is not heard");
    timers.advance(READY_WAITS_MS[2]);
    assert.deepEqual(events, ["recreate", "notLoaded"]);
    timers.advance(60_000);
    assert.deepEqual(events, ["recreate", "notLoaded"], "told once, not again and again");
    const reloaded = new FakeWebview();
    panel.attach(reloaded, true);
    timers.advance(READY_WAITS_MS[0]);
    assert.equal(reloaded.loads.length, 2, "after Reload Panel the first retry is a reload again");
    reloaded.ready();
    assert.deepEqual(reloaded.types, ["settings", "spec", "keptRuns"]);
  });

  it("a run asked to train while the panel loads starts paused and trains once the panel is ready", async () => {
    const { webview, runs, spec } = setup();
    await spec.train(true);
    assert.equal(runs.length, 1);
    assert.equal(runs[0].autoStart, false, "held: its pace would count while nobody can watch");
    assert.deepEqual(runs[0].commands, []);
    webview.ready();
    assert.deepEqual(runs[0].commands, ["resume"], "it trains once the panel shows it");
    await spec.train(true);
    assert.equal(runs[1].autoStart, true, "with the panel ready, a run trains at once");
    assert.deepEqual(runs[1].commands, []);
  });

  it("a held run does what the user says instead: paused before the panel is ready, it stays paused", async () => {
    const { webview, runs, spec } = setup();
    await spec.train(true);
    spec.command("pause");
    webview.ready();
    assert.deepEqual(runs[0].commands, ["pause"], "no resume after the user's pause");
  });

  it("a held run trains anyway when the panel cannot be loaded (the status bar shows it)", async () => {
    const { runs, spec, timers, panel, events, makeSpec } = setup();
    await spec.train(true);
    timers.advance(READY_WAITS_MS[0] + READY_WAITS_MS[1]);
    panel.attach(new FakeWebview());
    assert.deepEqual(runs[0].commands, [], "still waiting during the retries");
    timers.advance(READY_WAITS_MS[2]);
    assert.deepEqual(events, ["recreate", "notLoaded"]);
    assert.deepEqual(runs[0].commands, ["resume"]);
    await spec.train(true);
    assert.equal(runs[1].autoStart, true, "later runs do not wait for a panel that did not load");
    const other = makeSpec("file:///w/b.nnspec.json");
    panel.show(other);
    await other.train(true);
    assert.equal(runs[2].autoStart, true, "nor do the runs of a spec the panel follows to");
  });

  it("Reload Panel while a run trains: that run goes on; one started before the new page is ready waits for it", async () => {
    const { webview, runs, spec, panel } = setup();
    webview.ready();
    await spec.train(true);
    assert.equal(runs[0].autoStart, true);
    const reloaded = new FakeWebview();
    panel.attach(reloaded, true);
    assert.deepEqual(runs[0].commands, [], "the training run is not touched by the reload");
    await spec.train(true);
    assert.equal(runs[1].autoStart, false, "the next run waits for the new page");
    reloaded.ready();
    assert.deepEqual(runs[1].commands, ["resume"]);
  });

  it("ready is validated: ids of letters, digits, - and _ only", () => {
    assert.deepEqual(parseWebviewMessage({ type: "ready", load: "load-1-abc", page: "page-x" }), { type: "ready", load: "load-1-abc", page: "page-x" });
    assert.deepEqual(parseWebviewMessage({ type: "ready" }), { type: "ready" });
    assert.equal(parseWebviewMessage({ type: "ready", load: "<script>" }), undefined);
    assert.equal(parseWebviewMessage({ type: "ready", page: 5 }), undefined);
    assert.equal(parseWebviewMessage({ type: "ready", load: "x".repeat(101) }), undefined);
  });
});
