/** What a Trainer is in and is given: its state, its options, and how much history it keeps. */

/** Epochs Trainer.history keeps at least (see there). */
export const RECENT_EPOCHS = 5000;

export type TrainerState = "ready" | "training" | "done" | "error";

/** now: the clock runUntil's deadline is read on, in milliseconds (performance.now by default). */
export type TrainerOptions = { now?: () => number };
