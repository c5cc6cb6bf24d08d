import { runTracedSdkCall, SpanAttributeKey, startSpan, type SdkCallTracing, type TracedInvoker } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { RequestRecording } from "./request-recording.js";
import type { TracedMethod } from "./targets.js";

/** How a call of `method` is traced: its span, named and typed by the method; the body the SDK sends as its inputs. */
function tracingOf(method: TracedMethod): SdkCallTracing {
  return {
    startSpan: () => {
      try {
        const attributes = method.kind === "message" ? { [SpanAttributeKey.MESSAGE_FORMAT]: "anthropic" } : {};
        return startSpan({ name: method.spanName, spanType: method.spanType, attributes });
      } catch (err) {
        warnOnce("anthropic.startSpan", "could not start the span of an Anthropic call; the call goes on untraced", err);
        return undefined;
      }
    },
    recording: (span) => new RequestRecording(span, method.kind),
    observeFailed: (err) => warnOnce("anthropic.observe", "could not observe the result of an Anthropic call; it is returned untraced", err),
  };
}

/** The traced invocation of `method`, for core's method wrappers. */
export function invokerFor(method: TracedMethod): TracedInvoker {
  const tracing = tracingOf(method);
  return (original, self, args) => runTracedSdkCall(tracing, original, self, args);
}
