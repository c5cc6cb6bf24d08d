import { wireInput } from "./items.js";

type Obj = Record<string, unknown>;
type Data = { type: string; [key: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** What an SDK span holds once it ended (the SDK fills most of its data at the end). */
export interface EndShape {
  /** A better name, known only at the end (a handoff's target, an MCP server). */
  name?: string;
  inputs?: unknown;
  outputs?: unknown;
  attributes: Record<string, unknown>;
  /** Token usage of one model call. */
  usage?: Obj;
  /** The model input and output items, in the Responses wire format, for the spans above (agent, turn, run). */
  modelInput?: unknown;
  modelOutput?: unknown[];
}

/** Parses a JSON text the SDK keeps as a string (tool arguments and results), keeping other text as it is. */
function parsedJson(text: unknown): unknown {
  if (typeof text !== "string") return text;
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return text;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

const defined = (obj: Obj): Obj => Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null));

/** A Responses API call: the request as the model got it, the response as the API returned it, and its usage. */
function responseEnd(data: Data): EndShape {
  const response = isObj(data._response) ? data._response : undefined;
  const input = wireInput(data._input);
  const output = Array.isArray(response?.output) ? (response.output as unknown[]) : undefined;
  return {
    inputs: defined({ model: response?.model, instructions: response?.instructions, input }),
    outputs: response,
    attributes: defined({ model: response?.model, "openai_agents.response_id": data.response_id }),
    usage: isObj(response?.usage) ? response.usage : undefined,
    modelInput: input,
    modelOutput: output,
  };
}

/**
 * A Chat Completions call: messages in; out, the completion the API returned (the SDK records it whole) or the
 * messages (wrapped as `choices`); usage.
 */
function generationEnd(data: Data): EndShape {
  const output = Array.isArray(data.output) ? data.output : undefined;
  const completion = output?.length === 1 && isObj(output[0]) && Array.isArray(output[0].choices) ? output[0] : undefined;
  const messages = completion
    ? (completion.choices as unknown[]).map((choice) => (isObj(choice) ? choice.message : undefined)).filter(isObj)
    : output;
  return {
    inputs: defined({ model: data.model, messages: data.input }),
    outputs: completion ?? (messages ? { choices: messages.map((message, index) => ({ index, message })) } : undefined),
    attributes: defined({ model: data.model, invocation_params: data.model_config }),
    usage: isObj(data.usage) ? data.usage : isObj(completion?.usage) ? completion.usage : undefined,
    modelInput: data.input,
    modelOutput: messages,
  };
}

function functionEnd(data: Data): EndShape {
  const mcp = parsedJson(data.mcp_data);
  return {
    inputs: parsedJson(data.input),
    outputs: parsedJson(data.output),
    attributes: defined({ "openai_agents.mcp_data": mcp }),
  };
}

/** Everything the SDK knows about a span at its end, in traceloom's terms. */
export function endShape(data: Data): EndShape {
  switch (data.type) {
    case "response":
      return responseEnd(data);
    case "generation":
      return generationEnd(data);
    case "function":
      return functionEnd(data);
    case "agent":
      return { attributes: defined({ "openai_agents.tools": data.tools, "openai_agents.handoffs": data.handoffs, "openai_agents.output_type": data.output_type }) };
    case "task":
    case "turn":
      return { attributes: defined({ "openai_agents.usage": data.usage }) };
    case "handoff":
      return {
        name: typeof data.to_agent === "string" ? `handoff to ${data.to_agent}` : undefined,
        inputs: defined({ from_agent: data.from_agent }),
        outputs: defined({ to_agent: data.to_agent }),
        attributes: {},
      };
    case "guardrail":
      return { outputs: { triggered: data.triggered === true }, attributes: { "openai_agents.guardrail.triggered": data.triggered === true } };
    case "mcp_tools":
      return {
        name: typeof data.server === "string" ? `mcp list_tools ${data.server}` : undefined,
        inputs: defined({ server: data.server }),
        outputs: data.result,
        attributes: {},
      };
    case "custom":
      return { inputs: data.data, attributes: {} };
    case "transcription":
    case "speech":
      return { inputs: data.input, outputs: data.output, attributes: defined({ model: data.model, invocation_params: data.model_config }) };
    case "speech_group":
      return { inputs: data.input, attributes: {} };
    default:
      return { attributes: {} };
  }
}
