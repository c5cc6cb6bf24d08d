import type { GeminiContext, GeminiMethod } from "./types.js";

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The model and method of a Gemini REST path (`/v1beta/models/{model}:{method}`), if it is one. */
export function parseGeminiPath(path: string): { model: string; method: GeminiMethod } | undefined {
  const m = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/.exec(path);
  return m ? { model: decodeURIComponent(m[1]), method: m[2] as GeminiMethod } : undefined;
}

function isContent(c: unknown): boolean {
  return isObj(c) && Array.isArray(c.parts) && (c.role === undefined || c.role === "user" || c.role === "model" || c.role === "function");
}

/** Why a request body is not what the real API accepts, or undefined when it is. */
export function invalidGeminiBody(method: GeminiMethod, body: unknown): string | undefined {
  if (!isObj(body)) return "Invalid JSON payload: the body must be a JSON object.";
  if (method === "generateContent" || method === "streamGenerateContent") {
    if (!Array.isArray(body.contents) || body.contents.length === 0) return "* GenerateContentRequest.contents: contents is not specified";
    if (!body.contents.every(isContent)) return "* GenerateContentRequest.contents: each content needs `parts` and a role of user or model";
    return undefined;
  }
  if (method === "embedContent") return isContent(body.content) ? undefined : "* EmbedContentRequest.content: content is not specified";
  if (!Array.isArray(body.requests) || body.requests.length === 0) return "* BatchEmbedContentsRequest.requests: requests is not specified";
  return body.requests.every((r: unknown) => isObj(r) && isContent(r.content)) ? undefined : "* BatchEmbedContentsRequest.requests: each request needs a content";
}

/** The text parts of one content, joined. */
export function contentText(content: unknown): string {
  if (!isObj(content) || !Array.isArray(content.parts)) return "";
  return content.parts
    .filter((p: unknown) => isObj(p) && typeof p.text === "string")
    .map((p: Obj) => p.text as string)
    .join("");
}

/** The facts a handler decides on: the last user text and the function responses the last content gives. */
export function summariseContents(contents: unknown[]): Pick<GeminiContext, "lastUserText" | "functionResponses"> {
  const users = contents.filter((c) => isObj(c) && (c.role ?? "user") === "user");
  const last = contents.at(-1);
  const parts: unknown[] = isObj(last) && Array.isArray(last.parts) ? last.parts : [];
  const functionResponses = parts
    .filter((p): p is Obj => isObj(p) && isObj(p.functionResponse))
    .map((p) => ({ name: String(p.functionResponse.name), response: p.functionResponse.response }));
  return { lastUserText: contentText(users.at(-1)), functionResponses };
}

/** Gemini's error status name for an HTTP status. */
export function errorStatusOf(code: number): string {
  const names: Record<number, string> = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
  };
  return names[code] ?? "UNKNOWN";
}
