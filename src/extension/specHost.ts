/**
 * What a shown spec (SpecTraining) needs of the extension host: its text and files, its runs'
 * workers, the panel, edits to the spec, kept runs, findings and errors. Types only, free of
 * `vscode`: specTrainingHost.ts is the real one, tests pass fakes.
 */
import type { LossName } from "../core/nn/losses";
import type { HostToWebview } from "../protocol/panel";
import type { Pace } from "../protocol/run";
import type { WireDiagnostic } from "../protocol/worker";
import type { Settings } from "./settings";
import type { KeptRunsHost } from "./specKeptRuns";
import type { RunFactory, RunSource } from "./trainingRun";

export interface SpecTrainingHost extends KeptRunsHost {
  /** The spec's name in labels and messages (its workspace-relative path). */
  readonly specName: string;
  /** The spec's current text, document version and named files; undefined when it cannot be read. */
  readSource(): Promise<RunSource | undefined>;
  /** The document's current version, to tell whether a checked or saved text is still current. */
  currentVersion(): number | undefined;
  settings(): Settings;
  /** The pace the panel asks for now (its speed menu; the setting until changed there). */
  pace(): Pace;
  createRun: RunFactory;
  /** To the panel's webview (dropped while it loads: replay() fills it in afterwards). */
  post(message: HostToWebview): void;
  /** The shown run changed state: the status bar, CodeLens, the event-loop measurement. */
  runChanged(): void;
  /** Writes `loss` into the spec as an undoable edit. */
  writeLoss(loss: LossName): Promise<void>;
  /** Writes the learning rate into the spec; the text and version it produced, if it did. */
  writeLearningRate(value: number): Promise<{ text: string; version: number } | undefined>;
  /**
   * Shows what the run found as information diagnostics on the spec, with their Quick Fixes;
   * an empty list takes them away.
   */
  showFindings(diagnostics: readonly WireDiagnostic[]): void;
  /** Tells the user (an error notification) and the log. */
  showError(message: string): void;
  log(line: string): void;
}
