import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, sendJson } from "../http.js";
import { IdSource } from "../ids.js";
import { Lifecycle } from "../lifecycle.js";
import { writeSse } from "../sse.js";
import type { DeliveryOptions } from "../types.js";
import { promptTokens, renderEmbeddings, renderGenerate, renderStream } from "./render.js";
import { errorStatusOf, invalidGeminiBody, parseGeminiPath, summariseContents } from "./request.js";
import type { FakeGemini, FakeGeminiOptions, GeminiContext, GeminiErrorReply, GeminiHandler, GeminiMessageReply, GeminiRecordedRequest, GeminiReply } from "./types.js";

const MAX_BODY = 32 * 1024 * 1024;

function errorPayload(code: number, message: string, status = errorStatusOf(code)) {
  return { error: { code, message, status } };
}

function isErrorReply(reply: GeminiReply): reply is GeminiErrorReply {
  return typeof reply === "object" && typeof (reply as GeminiErrorReply).error?.code === "number";
}

function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers["x-goog-api-key"];
  return (typeof header === "string" ? header : undefined) ?? url.searchParams.get("key") ?? undefined;
}

/**
 * Start a fake Gemini API server on 127.0.0.1 (a free port): `generateContent`, `streamGenerateContent?alt=sse`,
 * `embedContent` and `batchEmbedContents` under `/v1beta/models/{model}:…`, in the wire format of the real API.
 * Replies come from `script()`, then the handler, else echo the last user text.
 * @example
 * const fake = await startFakeGemini();
 * const ai = new GoogleGenAI({ apiKey: "test", httpOptions: { baseUrl: fake.url } });
 * await fake.close();
 */
export async function startFakeGemini(opts: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const lifecycle = new Lifecycle();
  const ids = new IdSource();
  const requests: GeminiRecordedRequest[] = [];
  const queue: GeminiReply[] = [];
  let handler: GeminiHandler | undefined = opts.handler;
  let callIndex = 0;

  async function answer(ctx: GeminiContext): Promise<GeminiReply> {
    const reply = queue.length > 0 ? queue.shift() : await handler?.(ctx.request.body, ctx);
    return reply ?? `Echo: ${ctx.lastUserText}`;
  }

  async function deliver(res: ServerResponse, signal: AbortSignal, delivery: DeliveryOptions, send: () => Promise<void> | void) {
    if (delivery.delayMs && !(await lifecycle.delay(delivery.delayMs, signal))) return;
    if (signal.aborted || lifecycle.isClosed) return;
    if (delivery.interrupt) {
      if (delivery.interrupt.mode === "break") res.socket?.destroy();
      return;
    }
    await send();
  }

  async function serveGenerate(res: ServerResponse, signal: AbortSignal, ctx: GeminiContext): Promise<void> {
    const raw = await answer(ctx);
    const reply: GeminiMessageReply | GeminiErrorReply = typeof raw === "string" ? { text: raw } : raw;
    const headers = reply.headers ?? {};
    if (isErrorReply(reply)) {
      const { code, message, status } = reply.error;
      return deliver(res, signal, reply, () => sendJson(res, code, errorPayload(code, message ?? `fake error ${code}`, status), headers));
    }
    const responseId = ids.next("resp_");
    const prompt = promptTokens(ctx.request.body);
    if (ctx.method === "generateContent") {
      return deliver(res, signal, reply, () => sendJson(res, 200, renderGenerate(reply, ctx.model, prompt, responseId), headers));
    }
    const events = renderStream(reply, ctx.model, prompt, responseId);
    const plan = { headers, chunkDelayMs: reply.chunkDelayMs, interrupt: reply.interrupt };
    return deliver(res, signal, { ...reply, interrupt: undefined }, () => writeSse(res, events, plan, lifecycle, signal));
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const text = await readBody(req, MAX_BODY);
    const target = parseGeminiPath(url.pathname);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const recorded: GeminiRecordedRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      model: target?.model,
      geminiMethod: target?.method,
    };
    requests.push(recorded);
    const key = apiKeyOf(req, url);
    if (!key || (opts.apiKey !== undefined && key !== opts.apiKey)) {
      sendJson(res, opts.apiKey === undefined ? 403 : 400, errorPayload(400, "API key not valid. Please pass a valid API key."));
      return;
    }
    if (!target) return sendJson(res, 404, errorPayload(404, `Requested entity was not found: ${url.pathname}`));
    if (recorded.method !== "POST") return sendJson(res, 405, errorPayload(405, `Method ${recorded.method} not allowed`, "METHOD_NOT_ALLOWED"));
    if (target.method === "streamGenerateContent" && url.searchParams.get("alt") !== "sse") {
      return sendJson(res, 400, errorPayload(400, "this fake serves streamGenerateContent only with alt=sse"));
    }
    const invalid = invalidGeminiBody(target.method, body);
    if (invalid) return sendJson(res, 400, errorPayload(400, invalid));
    const b = body as Record<string, any>;
    if (target.method === "embedContent" || target.method === "batchEmbedContents") {
      return sendJson(res, 200, renderEmbeddings(b, target.method === "batchEmbedContents", opts.embeddingDimensions ?? 8));
    }
    const ctx: GeminiContext = { method: target.method, model: target.model, request: recorded, callIndex: callIndex++, ...summariseContents(b.contents) };
    await serveGenerate(res, controller.signal, ctx);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, errorPayload(500, `fake-gemini internal error: ${String(err)}`));
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    socket.setNoDelay(true);
    lifecycle.track(socket);
  });
  server.on("clientError", (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script: (...replies) => queue.push(...replies),
    setHandler: (h) => {
      handler = h;
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      callIndex = 0;
      ids.reset();
      handler = opts.handler;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        lifecycle.shutdown();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
