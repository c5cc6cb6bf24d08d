/** Keys never recorded from invocation params: credentials and client options. */
const SECRET_KEY = /(api[_-]?key|secret|token$|password|authorization|headers|configuration|client|credentials)/i;

/** The invocation params LangChain reports, without credentials or client options. */
export function safeInvocationParams(params: unknown): Record<string, unknown> | undefined {
  if (!params || typeof params !== "object" || Array.isArray(params)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || SECRET_KEY.test(k)) continue;
    out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
