/**
 * Requests with replies, and events, over a message port (a worker thread and its parent), in the
 * manner of vscode-hexeditor's MessageHandler: every request gets an id, its reply settles the
 * promise with that id, a request unanswered in time is rejected, and when the other side goes
 * away every waiting request is rejected at once. One channel per worker; what each channel
 * carries is typed by its protocol (src/protocol/run.ts, src/protocol/checker.ts).
 *
 * Free of Node and of VS Code: the host and the worker both use it, and tests drive it with a
 * pair of in-memory ports.
 */

/** Requests a side can answer: method → the parameters it takes and the result it returns. */
export type RequestMap = Record<string, { params: unknown; result: unknown }>;

/** What travels on the port. */
export type Envelope =
  | { kind: "event"; body: unknown }
  | { kind: "request"; id: number; method: string; params: unknown }
  | { kind: "reply"; id: number; result: unknown }
  | { kind: "failure"; id: number; message: string };

export interface Port {
  postMessage(message: Envelope, transfer?: ArrayBuffer[]): void;
}

/**
 * The buffers among `values` that can move to the other side instead of being copied on the
 * sender's thread: each Uint8Array that spans its whole buffer. A view into a larger or shared
 * buffer (Node's pool of small Buffers) is copied, since moving its buffer would take the rest
 * from whoever else uses it.
 */
export function movableBuffers(values: Iterable<unknown>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const v of values) {
    if (v instanceof Uint8Array && v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) buffers.add(v.buffer);
  }
  return [...buffers];
}

/** The side that sends requests (the host). `Events` are what the other side sends unasked. */
export class RequestChannel<Requests extends RequestMap, Events> {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(result: unknown): void; reject(error: Error): void; timer?: ReturnType<typeof setTimeout> }>();
  private closedReason: string | null = null;

  constructor(
    private readonly port: Port,
    private readonly onEvent: (event: Events) => void,
  ) {}

  /**
   * Sends a request and waits for its reply; rejects after `timeoutMs` (if given) or when the
   * channel closes. `transfer` hands buffers over without copying them (file contents).
   */
  request<M extends keyof Requests & string>(
    method: M,
    params: Requests[M]["params"],
    options: { timeoutMs?: number; transfer?: ArrayBuffer[] } = {},
  ): Promise<Requests[M]["result"]> {
    if (this.closedReason !== null) return Promise.reject(new Error(this.closedReason));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry: { resolve(result: unknown): void; reject(error: Error): void; timer?: ReturnType<typeof setTimeout> } = {
        resolve: (result) => resolve(result as Requests[M]["result"]),
        reject,
      };
      if (options.timeoutMs !== undefined) {
        entry.timer = setTimeout(() => {
          this.waiting.delete(id);
          reject(new TimeoutError(method, options.timeoutMs ?? 0));
        }, options.timeoutMs);
      }
      this.waiting.set(id, entry);
      this.port.postMessage({ kind: "request", id, method, params }, options.transfer);
    });
  }

  /** Sends a message that has no reply (a command such as pause). */
  send(body: unknown): void {
    if (this.closedReason === null) this.port.postMessage({ kind: "event", body });
  }

  /** Feed every message from the port here. */
  receive(message: Envelope): void {
    if (message.kind === "event") {
      this.onEvent(message.body as Events);
      return;
    }
    if (message.kind !== "reply" && message.kind !== "failure") return;
    const entry = this.waiting.get(message.id);
    if (!entry) return; // timed out or rejected already
    this.waiting.delete(message.id);
    clearTimeout(entry.timer);
    if (message.kind === "reply") entry.resolve(message.result);
    else entry.reject(new Error(message.message));
  }

  /** Requests sent and not yet answered. */
  get pending(): number {
    return this.waiting.size;
  }

  /** The other side is gone: every waiting request fails with `reason`, and so will new ones. */
  close(reason: string): void {
    if (this.closedReason === null) this.closedReason = reason;
    for (const entry of this.waiting.values()) {
      clearTimeout(entry.timer);
      entry.reject(new Error(reason));
    }
    this.waiting.clear();
  }
}

export class TimeoutError extends Error {
  constructor(method: string, ms: number) {
    super(`no answer to "${method}" within ${ms / 1000} s`);
  }
}

/** Handlers for every request of a protocol, on the answering side (the worker). */
export type RequestHandlers<Requests extends RequestMap> = {
  [M in keyof Requests]: (params: Requests[M]["params"]) => Requests[M]["result"] | Promise<Requests[M]["result"]>;
};

/**
 * The answering side: runs the handler of each request and replies, turning a thrown error into
 * a failure reply (a bad request must never end the worker); other messages go to `onEvent`.
 */
export function serveRequests<Requests extends RequestMap, Commands>(
  port: Port,
  handlers: RequestHandlers<Requests>,
  onEvent: (command: Commands) => void,
  /** Methods whose replies' buffers move to the asker instead of being copied: files made for it, which the answering side keeps no view of. */
  moveReplies: readonly (keyof Requests & string)[] = [],
): (message: Envelope) => Promise<void> {
  return async (message) => {
    if (message.kind === "event") {
      onEvent(message.body as Commands);
      return;
    }
    if (message.kind !== "request") return;
    const handler = (handlers as Record<string, ((params: unknown) => unknown) | undefined>)[message.method];
    try {
      if (!handler) throw new Error(`unknown request "${message.method}"`);
      const result = await handler(message.params);
      const move = (moveReplies as readonly string[]).includes(message.method) && result && typeof result === "object";
      port.postMessage({ kind: "reply", id: message.id, result }, move ? movableBuffers(Object.values(result)) : undefined);
    } catch (e) {
      port.postMessage({ kind: "failure", id: message.id, message: e instanceof Error ? e.message : String(e) });
    }
  };
}

/** Sends an event from the answering side. */
export function sendEvent<Events>(port: Port, body: Events): void {
  port.postMessage({ kind: "event", body });
}
