import type { ErrorReply } from "./types.js";

/** The JSON body OpenAI sends with an error status. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const DEFAULTS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: "Invalid request.", type: "invalid_request_error", code: null },
  401: {
    message: "Incorrect API key provided.",
    type: "invalid_request_error",
    code: "invalid_api_key",
  },
  403: { message: "You are not allowed to sample from this model.", type: "invalid_request_error", code: null },
  404: { message: "The model does not exist or you do not have access to it.", type: "invalid_request_error", code: "model_not_found" },
  409: { message: "The request conflicted with another request.", type: "invalid_request_error", code: null },
  413: { message: "The request body is too large.", type: "invalid_request_error", code: null },
  422: { message: "The request could not be processed.", type: "invalid_request_error", code: null },
  429: {
    message: "Rate limit reached for requests. Please try again later.",
    type: "requests",
    code: "rate_limit_exceeded",
  },
  500: { message: "The server had an error while processing your request.", type: "server_error", code: null },
  502: { message: "Bad gateway.", type: "server_error", code: null },
  503: { message: "The engine is currently overloaded, please try again later.", type: "server_error", code: null },
};

/** Build the OpenAI-shaped error body for an error reply, filling defaults per status. */
export function errorBody(spec: ErrorReply["error"]): OpenAIErrorBody {
  const fallback = DEFAULTS[spec.status] ?? {
    message: `Request failed with status ${spec.status}.`,
    type: spec.status >= 500 ? "server_error" : "invalid_request_error",
    code: null,
  };
  return {
    error: {
      message: spec.message ?? fallback.message,
      type: spec.type ?? fallback.type,
      param: spec.param ?? null,
      code: spec.code === undefined ? fallback.code : spec.code,
    },
  };
}

/** Response headers that go with an error reply. */
export function errorHeaders(spec: ErrorReply["error"]): Record<string, string> {
  return spec.retryable === undefined ? {} : { "x-should-retry": String(spec.retryable) };
}
