// Framework-free helpers for reading traces back, shared with compat-0.3/ (which has its own LangChain copies).
import { afterAll, beforeAll, beforeEach } from "vitest";
import { configure, flush, TraceClient, type Span, type Trace } from "@traceloom/core";

/** Points tracing at a fresh in-memory store. */
export async function useMemoryStore(): Promise<TraceClient> {
  await configure({ trackingUri: "memory:" });
  return new TraceClient();
}

/** Every trace in the store, oldest first. */
export async function allTraces(client: TraceClient): Promise<Trace[]> {
  await flush();
  const page = await client.searchTraces({ orderBy: ["timestamp_ms ASC"], maxResults: 500 });
  return page.traces;
}

/** The only trace in the store (fails when there is not exactly one). */
export async function onlyTrace(client: TraceClient): Promise<Trace> {
  const traces = await allTraces(client);
  if (traces.length !== 1) throw new Error(`expected 1 trace, got ${traces.length}: ${traces.map((t) => t.spans[0]?.name).join(", ")}`);
  return traces[0];
}

/** The tree as indented "name [TYPE]" lines, children in start order — one string to compare a whole shape. */
export function treeOf(trace: Trace): string {
  const children = new Map<string | null, Span[]>();
  for (const s of trace.spans) {
    const list = children.get(s.parentId) ?? [];
    list.push(s);
    children.set(s.parentId, list);
  }
  const lines: string[] = [];
  const walk = (parent: string | null, depth: number) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.startTimeNs - b.startTimeNs);
    for (const s of list) {
      lines.push(`${"  ".repeat(depth)}${s.name} [${s.spanType}]`);
      if (depth < 50) walk(s.spanId, depth + 1);
    }
  };
  walk(null, 0);
  return lines.join("\n");
}

/** The one span named `name` (fails when there is not exactly one). */
export function spanNamed(trace: Trace, name: string): Span {
  const found = trace.spans.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one span "${name}", got ${found.length}`);
  return found[0];
}

/** What {@link autologSuite} needs of a test environment: its fake server. */
interface SuiteEnvironment {
  fake: { close(): Promise<void>; reset(): void };
}

/**
 * The common setup of an autolog suite: the environment made by `start` (a fake server and a model) for the whole
 * suite, `autolog()` on while it runs, the fake reset before each test. Returns a getter for the environment.
 * Pass `autolog` as a lambda written in the test file: autolog() finds the application's LangChain copies from the
 * file that calls it, and compat-0.3 has copies of its own.
 */
export function autologSuite<E extends SuiteEnvironment>(start: () => Promise<E>, autolog: (options?: { disable?: boolean }) => void): () => E {
  let env: E | undefined;
  beforeAll(async () => {
    env = await start();
    autolog();
  });
  afterAll(async () => {
    autolog({ disable: true });
    await env?.fake.close();
  });
  beforeEach(() => env?.fake.reset());
  return () => {
    if (!env) throw new Error("the suite's environment is not ready (used outside a test?)");
    return env;
  };
}
