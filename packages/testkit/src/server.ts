import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { renderChat } from "./chat.js";
import { renderCompletion } from "./completions.js";
import { deliver, type Exchange } from "./deliver.js";
import { renderEmbeddings } from "./embeddings.js";
import { errorBody } from "./errors.js";
import { BodyTooLargeError, parseBody, readBody, sendJson } from "./http.js";
import { IdSource } from "./ids.js";
import { Lifecycle } from "./lifecycle.js";
import { DEFAULT_MODELS, modelObject, renderModelList } from "./models.js";
import type { Rendered, RenderMeta } from "./render.js";
import { renderResponse } from "./responses.js";
import { route } from "./routes.js";
import { resolveReply, Script, type ResolvedReply } from "./script.js";
import type { Endpoint, FakeOpenAI, FakeOpenAIOptions, RecordedRequest, Reply, ScriptContext } from "./types.js";
import { summarise, validate } from "./validate.js";

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

function errorReply(status: number, message: string, param: string | null = null, code: string | null = null) {
  return errorBody({ status, message, param, code });
}

/**
 * Start a fake OpenAI server on 127.0.0.1 (a free port unless `opts.port` is given).
 * Point an SDK at `fake.url` (it already ends in `/v1`) and any API key.
 * @example
 * const fake = await startFakeOpenAI();
 * const client = new OpenAI({ baseURL: fake.url, apiKey: "test" });
 * await fake.close();
 */
export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const lifecycle = new Lifecycle();
  const script = new Script(opts.handler);
  const ids = new IdSource();
  const requests: RecordedRequest[] = [];
  const now = opts.now ?? Date.now;
  const embeddingDimensions = opts.embeddingDimensions ?? 8;
  const models = opts.models ?? DEFAULT_MODELS;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let callIndex = 0;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const exchange: Exchange = {
      res,
      lifecycle,
      signal: controller.signal,
      headers: { "x-request-id": ids.next("req_"), "openai-version": "2020-10-01" },
    };
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();

    let text: string;
    try {
      text = await readBody(req, maxBody);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        sendJson(res, 413, errorReply(413, err.message), exchange.headers);
      } else {
        res.destroy();
      }
      return;
    }
    const target = route(method, url.pathname);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: parseBody(text, req.headers["content-type"]),
      endpoint: target.kind === "scripted" ? target.endpoint : undefined,
      receivedAt: Date.now(),
    };
    requests.push(recorded);

    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      const body = errorBody({ status: 401, message: "Incorrect API key provided.", code: "invalid_api_key" });
      sendJson(res, 401, body, exchange.headers);
      return;
    }
    const created = Math.floor(now() / 1000);
    switch (target.kind) {
      case "models":
        sendJson(res, 200, renderModelList(models, created), exchange.headers);
        return;
      case "model":
        if (models.includes(target.id)) sendJson(res, 200, modelObject(target.id, created), exchange.headers);
        else {
          const message = `The model '${target.id}' does not exist`;
          sendJson(res, 404, errorReply(404, message, "model", "model_not_found"), exchange.headers);
        }
        return;
      case "wrong-method":
        sendJson(res, 405, errorReply(405, `Method ${method} not allowed; use ${target.allowed}.`), {
          ...exchange.headers,
          allow: target.allowed,
        });
        return;
      case "not-found":
        sendJson(res, 404, errorReply(404, `Invalid URL (${method} ${url.pathname})`), exchange.headers);
        return;
      case "scripted":
        await serveScripted(target.endpoint, recorded, exchange, created);
    }
  }

  async function serveScripted(
    endpoint: Endpoint,
    recorded: RecordedRequest,
    exchange: Exchange,
    created: number,
  ): Promise<void> {
    const body = recorded.body;
    const invalid = validate(endpoint, body);
    if (invalid) {
      sendJson(exchange.res, 400, errorReply(400, invalid.message, invalid.param), exchange.headers);
      return;
    }
    const summary = summarise(endpoint, body);
    const ctx: ScriptContext = {
      endpoint,
      request: recorded,
      callIndex: callIndex++,
      model: body.model,
      lastUserText: summary.lastUserText,
      toolResults: summary.toolResults,
      hasToolResult: summary.endsWithToolResult,
    };
    let reply: ResolvedReply;
    try {
      const raw: Reply | undefined = await script.take(body, ctx);
      reply = resolveReply(raw, ctx, ids);
    } catch (err) {
      const message = `fake-openai handler failed: ${err instanceof Error ? err.message : String(err)}`;
      sendJson(exchange.res, 500, errorReply(500, message), exchange.headers);
      return;
    }
    const meta: RenderMeta = { ids, created, inputTokens: summary.inputTokens };
    const render = (): Rendered => {
      if (reply.kind !== "message") throw new Error("unreachable: render called for an error reply");
      switch (endpoint) {
        case "chat":
          return renderChat(body, reply, meta);
        case "completions":
          return renderCompletion(body, reply, meta);
        case "responses":
          return renderResponse(body, reply, meta);
        case "embeddings":
          return renderEmbeddings(body, reply, meta, embeddingDimensions);
      }
    };
    await deliver(exchange, reply, render);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      // A bug in the fake must not hang the test: answer 500 if possible, else drop the connection.
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, errorReply(500, `fake-openai internal error: ${String(err)}`));
      } else {
        res.destroy();
      }
    });
  });
  server.on("connection", (socket) => {
    socket.setNoDelay(true);
    lifecycle.track(socket);
  });
  server.on("clientError", (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get pending() {
      return script.pending;
    },
    setHandler: (handler) => script.setHandler(handler),
    script: (...replies) => script.enqueue(replies),
    reset() {
      script.clear();
      requests.length = 0;
      ids.reset();
      callIndex = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        lifecycle.shutdown();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
