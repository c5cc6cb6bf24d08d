import { isCoveredByFramework, nowNs } from "@traceloom/core";
import { isV7Event } from "./integration-v7.js";
import { warnOnce } from "./log.js";
import { OperationRun } from "./operation-run.js";
import { recording } from "./state.js";
import { currentV6Scope, enterV6Scope, type V6Scope } from "./v6-context.js";
import { claimLink } from "./v6-links.js";

type Event = Record<string, unknown>;

/** The listeners ai 6 reads from each integration, in the order it reads them when an operation starts. */
const V6_EVENTS = ["onStart", "onStepStart", "onToolCallStart", "onToolCallFinish", "onStepFinish", "onFinish"] as const;

/** How an operation that ended without ai 6 saying so is described (ai 6 has no error or abandonment event). */
const NO_RESULT = "the operation ended without a result: it failed, or its stream was left unread (ai 6 reports neither)";

/** What ends an ai 6 operation that never finished: held apart from the listeners, whose collection triggers it. */
interface PendingEnd {
  run: OperationRun;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** The async-context scopes of the call, let go of its spans once it ended (Node 20 hands scopes on; see v6-context.ts). */
  scopes: V6Scope[];
}

/** Ends an operation ai 6 will never finish: cancelled when its abort signal fired, else "without a result". */
function endUnfinished(pending: PendingEnd): void {
  try {
    if (pending.run.ended) return;
    release(pending);
    if (pending.signal?.aborted) pending.run.aborted(pending.signal.reason);
    else pending.run.endedWithoutResult(NO_RESULT);
    forgetSpans(pending);
  } catch (err) {
    warnOnce("ai-sdk.v6.unfinished", "could not end an ai 6 operation that stopped without a result", err);
  }
}

const unfinished = new FinalizationRegistry<PendingEnd>(endUnfinished);

/**
 * Operations started and not yet ended. A failed call in a short program would otherwise never be recorded: its
 * listeners may not be collected before the process exits. So the operations still open when the program's work is
 * done (`beforeExit`) or it exits are ended then — before traceloom's own exit hooks write what is left, hence
 * prepended. An operation still running then was stopped by the exit: it had no result either.
 */
const open = new Set<PendingEnd>();
let exitHooked = false;

function endOpenOperations(): void {
  for (const pending of [...open]) endUnfinished(pending);
}

function track(pending: PendingEnd): void {
  open.add(pending);
  if (exitHooked) return;
  exitHooked = true;
  process.prependListener("beforeExit", endOpenOperations);
  process.prependListener("exit", endOpenOperations);
}

function release(pending: PendingEnd): void {
  open.delete(pending);
  unfinished.unregister(pending);
  if (pending.onAbort) pending.signal?.removeEventListener("abort", pending.onAbort);
  pending.onAbort = undefined;
}

/** Once the call's spans have ended, its scopes (which may outlive it in some async context) keep none of them. */
function forgetSpans(pending: PendingEnd): void {
  for (const scope of pending.scopes) {
    scope.span = undefined;
    scope.step = undefined;
  }
  pending.scopes.length = 0;
}

/**
 * One ai 6 `generateText`/`streamText` call. ai 6 builds each call's listener list by reading every integration's
 * `onStart` … `onFinish` once, synchronously and in that order; our accessors hand it listeners bound to a fresh
 * `V6Call`, so every event of the call reaches its own record — concurrent calls cannot be confused.
 */
class V6Call {
  run: OperationRun | undefined;
  private pending: PendingEnd | undefined;
  private scope: V6Scope | undefined;
  private step: V6Scope | undefined;
  /** When the current step's model reply arrived, as far as ai 6 lets us see: its first tool execution. */
  private replyNs: number | undefined;
  /** Listeners were read (ai 6 wiring the call) in the microtask still running. */
  private wiringNow = false;
  private nameSettled = false;
  /** The onFinish listener ai 6 holds for this call: once it is collected, no end can come any more. */
  finishListener: ((event: unknown) => void) | undefined;

  wired(): void {
    this.wiringNow = true;
    queueMicrotask(() => {
      this.wiringNow = false;
    });
  }

  onStart(e: Event): void {
    if (!recording() || isCoveredByFramework()) return;
    // ai 6 names neither the operation nor the call; generateText sends onStart in the very microtask it read the
    // listeners in, streamText later (after its own awaits). The first step's result settles the rare other cases.
    this.nameSettled = this.wiringNow || (typeof e.functionId === "string" && e.functionId !== "");
    const run = OperationRun.start({ ...e, operationId: this.wiringNow ? "ai.generateText" : "ai.streamText" }, "ai");
    if (!run) return;
    this.run = run;
    const signal = e.abortSignal instanceof AbortSignal ? e.abortSignal : undefined;
    const pending: PendingEnd = { run, signal, onAbort: undefined, scopes: [] };
    if (signal) {
      // Refers to nothing of this call: the registry holds `pending`, which must not keep the listeners alive.
      pending.onAbort = () => {
        if (run.ended) return;
        release(pending);
        run.aborted(signal.reason);
        forgetSpans(pending);
      };
      signal.addEventListener("abort", pending.onAbort, { once: true });
    }
    this.pending = pending;
    track(pending);
    if (this.finishListener) unfinished.register(this.finishListener, pending, pending);
    this.scope = this.enter({ span: run.root, parent: currentV6Scope() });
  }

  onStepStart(e: Event): void {
    const run = this.run;
    if (!run || run.ended) return;
    run.stepStarted(e);
    run.modelCallStarted(e, e.messages);
    this.replyNs = undefined;
    this.step = this.enter({ span: run.modelSpan, parent: this.scope });
    if (this.scope) this.scope.step = this.step;
  }

  onToolCallStart(e: Event): void {
    const run = this.run;
    const call = e.toolCall as Event | undefined;
    if (!run || run.ended || typeof call !== "object" || call === null) return;
    if (this.step && !this.step.done) {
      this.step.done = true;
      this.replyNs = nowNs();
    }
    run.toolStarted(call);
    this.enter({ span: run.toolSpan(call.toolCallId), parent: this.scope });
  }

  onToolCallFinish(e: Event): void {
    const call = (e.toolCall ?? {}) as Event;
    this.run?.toolEnded(call.toolCallId, { failed: e.success === false, output: e.output, error: e.error });
  }

  onStepFinish(e: Event): void {
    const run = this.run;
    if (!run || run.ended) return;
    run.modelCallEnded(e, undefined, this.replyNs);
    if (this.step) this.step.done = true;
    if (!this.nameSettled) {
      // generateText's step response always carries `body`; streamText's never does.
      const response = e.response;
      const name = typeof response === "object" && response !== null && "body" in response ? "generateText" : "streamText";
      run.root.setName(name).setAttribute("ai.operation", name);
      this.nameSettled = true;
    }
  }

  onFinish(e: Event): void {
    const signal = this.pending?.signal;
    // ai 6 still finishes a stream stopped by its abort signal once a step is done: that is a cancellation.
    this.end((run) => (signal?.aborted ? run.aborted(signal.reason) : run.finished(e)));
  }

  /** The call failed with `error` (only the preload's wrappers can tell: ai 6's listeners hear of no failure). */
  failed(error: unknown): void {
    this.end((run) => run.failed(error));
  }

  private end(close: (run: OperationRun) => void): void {
    const run = this.run;
    if (!run || run.ended) return;
    if (this.pending) release(this.pending);
    close(run);
    if (this.pending) forgetSpans(this.pending);
  }

  private enter(scope: V6Scope): V6Scope {
    this.pending?.scopes.push(scope);
    enterV6Scope(scope);
    return scope;
  }
}

/**
 * The object put in the AI SDK's global telemetry list for ai 6 (from 6.0.111, when the list appeared). Its
 * listeners are accessors: reading `onStart` starts a new {@link V6Call} and the next five, read in ai 6's order,
 * belong to it. ai 7 reads some of the same names, in another order: out of that order a read gets nothing (so ai 7
 * dispatches no extra step-end callback), and the `onStart`/`onStepStart` it does get ignore its events.
 */
export function createV6Integration(): object {
  let wiring: V6Call | undefined;
  let next = 0;
  const integration = {};
  V6_EVENTS.forEach((name, index) => {
    Object.defineProperty(integration, name, {
      enumerable: true,
      get() {
        if (index === 0) {
          const call = (wiring = new V6Call());
          claimLink((error) => call.failed(error));
        } else if (index !== next) wiring = undefined;
        const call = wiring;
        next = index + 1;
        if (!call) return undefined;
        // Only ai 6 reads onToolCallStart: the call being wired is an ai 6 one.
        if (name === "onToolCallStart") call.wired();
        // onFinish is read last; letting go of the call leaves its listeners to ai 6 alone.
        if (name === "onFinish") wiring = undefined;
        const listener = (event: unknown) => {
          if (event === null || typeof event !== "object" || isV7Event(event)) return;
          try {
            call[name](event as Event);
          } catch (err) {
            warnOnce(`ai-sdk.v6.${name}`, `could not record the AI SDK's ${name} event; the operation goes on`, err);
          }
        };
        if (name === "onFinish") call.finishListener = listener;
        return listener;
      },
    });
  });
  return integration;
}
