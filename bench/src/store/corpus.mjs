/**
 * A generated store of agent traces for the query benchmarks: MLflow-shaped traces of 5 spans (AGENT root, LLM,
 * TOOL or RETRIEVER, RETRIEVER, LLM) whose text is drawn from a seeded generator over a 2,000-word vocabulary (so
 * it compresses like prose, not like a repeated string), written with the store's batch writer.
 */
import { SqliteTraceStore } from "@traceloom/core";

const AGENTS = ["weather_agent", "support_agent", "research_agent", "billing_agent", "travel_agent", "code_agent", "sales_agent", "hr_agent"];
const TOOLS = ["get_weather", "search_web", "lookup_order", "send_email", "run_sql", "book_flight", "read_file", "create_ticket"];
const MODELS = ["gpt-4o-mini", "gpt-4.1", "claude-sonnet-4", "llama-3-70b"];
const ENVS = ["prod", "staging", "dev"];
const START_MS = Date.UTC(2026, 9, 1);

/** A deterministic xorshift32 generator in [0, 1). */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const vocabRandom = random(7);
const VOCAB = Array.from({ length: 2000 }, () => {
  const n = 2 + Math.floor(vocabRandom() * 8);
  return Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(vocabRandom() * 26))).join("");
});

function prose(rand, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(VOCAB[Math.floor(Math.pow(rand(), 2) * VOCAB.length)]);
  return out.join(" ");
}

const b64 = (hex) => Buffer.from(hex, "hex").toString("base64");
const hex = (rand, chars) => Array.from({ length: chars }, () => Math.floor(rand() * 16).toString(16)).join("");

function span(traceId, spanId, parentId, name, type, startNs, durNs, attributes, error) {
  return {
    trace_id: b64(traceId.slice(3)),
    span_id: b64(spanId),
    parent_span_id: parentId ? b64(parentId) : null,
    name,
    start_time_unix_nano: startNs,
    end_time_unix_nano: startNs + durNs,
    events: error
      ? [{ name: "exception", time_unix_nano: startNs + durNs, attributes: { "exception.type": "ToolError", "exception.message": "upstream timed out", "exception.stacktrace": "ToolError: upstream timed out\n    at run (tool.js:12:9)" } }]
      : [],
    status: { code: error ? "STATUS_CODE_ERROR" : "STATUS_CODE_OK", message: error ? "ToolError: upstream timed out" : "" },
    attributes: { "mlflow.traceRequestId": JSON.stringify(traceId), "mlflow.spanType": JSON.stringify(type), ...attributes },
  };
}

/**
 * Trace number `i`: one in 20 fails (in its tool span), 60% call a tool, the rest retrieve twice.
 * @param {number} i
 * @returns {object} MLflow trace JSON
 */
export function corpusTrace(i) {
  const rand = random(i * 2654435761 + 1);
  const traceId = `tr-${hex(rand, 32)}`;
  const agent = AGENTS[i % AGENTS.length];
  const failed = i % 20 === 0;
  const usesTool = i % 5 < 3;
  const tool = TOOLS[Math.floor(rand() * TOOLS.length)];
  const model = MODELS[i % MODELS.length];
  const question = prose(rand, 12 + Math.floor(rand() * 20));
  const answer = prose(rand, 40 + Math.floor(rand() * 60));
  const startMs = START_MS + i * 1000;
  const startNs = startMs * 1e6;
  const ids = Array.from({ length: 5 }, () => hex(rand, 16));
  const inTok = 200 + Math.floor(rand() * 2000);
  const outTok = 20 + Math.floor(rand() * 400);
  const usage = JSON.stringify({ input_tokens: inTok, output_tokens: outTok, total_tokens: inTok + outTok });
  const messages = JSON.stringify({ messages: [{ role: "system", content: prose(rand, 30) }, { role: "user", content: question }], model });
  const llm = (n, name, at) =>
    span(traceId, ids[n], ids[0], name, "LLM", startNs + at, 4e8, {
      "mlflow.spanInputs": messages,
      "mlflow.spanOutputs": JSON.stringify({ role: "assistant", content: n === 4 ? answer : prose(rand, 25) }),
      "mlflow.chat.tokenUsage": usage,
      "mlflow.message.format": JSON.stringify("openai"),
    });
  const docs = () => JSON.stringify(Array.from({ length: 3 }, (_, d) => ({ id: `doc-${hex(rand, 8)}`, score: Number(rand().toFixed(3)), text: prose(rand, 35 + d * 5) })));
  const middle = usesTool
    ? span(traceId, ids[2], ids[0], tool, "TOOL", startNs + 5e8, 2e8, { "mlflow.spanInputs": JSON.stringify({ query: question.slice(0, 40) }), "mlflow.spanOutputs": JSON.stringify(prose(rand, 20)) }, failed)
    : span(traceId, ids[2], ids[0], "search_docs", "RETRIEVER", startNs + 5e8, 2e8, { "mlflow.spanInputs": JSON.stringify(question), "mlflow.spanOutputs": docs() }, failed);
  const spans = [
    span(traceId, ids[0], null, agent, "AGENT", startNs, 1.5e9, { "mlflow.spanInputs": messages, "mlflow.spanOutputs": JSON.stringify(answer) }, false),
    llm(1, "plan", 1e7),
    middle,
    span(traceId, ids[3], ids[0], "search_docs", "RETRIEVER", startNs + 7e8, 1e8, { "mlflow.spanInputs": JSON.stringify(question), "mlflow.spanOutputs": docs() }, false),
    llm(4, "respond", 9e8),
  ];
  return {
    info: {
      trace_id: traceId,
      client_request_id: `req-${i}`,
      trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: "0" } },
      request_time: new Date(startMs).toISOString(),
      state: failed ? "ERROR" : "OK",
      trace_metadata: {
        "mlflow.trace_schema.version": "3",
        "mlflow.traceInputs": messages.slice(0, 250),
        "mlflow.traceOutputs": JSON.stringify(answer).slice(0, 250),
        "mlflow.trace.tokenUsage": JSON.stringify({ input_tokens: 2 * inTok, output_tokens: 2 * outTok, total_tokens: 2 * (inTok + outTok) }),
        "mlflow.trace.session": `session-${i % 5000}`,
        "mlflow.trace.user": `user-${i % 1000}`,
        "mlflow.source.name": "agent.ts",
        "mlflow.source.type": "LOCAL",
      },
      tags: { "mlflow.traceName": agent, env: ENVS[i % 3], release: `v1.${i % 40}` },
      request_preview: question,
      response_preview: answer.slice(0, 1000),
      execution_duration_ms: 1500 + Math.floor(rand() * 3000),
    },
    data: { spans },
  };
}

/**
 * Writes `count` corpus traces into a new store at `path` in batches of 512; returns the bytes of trace JSON written.
 * @param {string} path
 * @param {number} count
 * @param {(done: number) => void} [progress]
 */
export function buildCorpusStore(path, count, progress) {
  const store = new SqliteTraceStore(path);
  let jsonBytes = 0;
  for (let start = 0; start < count; start += 512) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 512); i++) batch.push(corpusTrace(i));
    for (const t of batch) jsonBytes += Buffer.byteLength(JSON.stringify(t));
    store.writeTraces(batch);
    progress?.(Math.min(count, start + 512));
  }
  store.close();
  return jsonBytes;
}
