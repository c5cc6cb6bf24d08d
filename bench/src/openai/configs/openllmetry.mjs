/**
 * OpenLLMetry (`@traceloop/instrumentation-openai`) on a global OpenTelemetry provider (BatchSpanProcessor, counting
 * exporter). The SDK is an ES module here, so it is instrumented with `manuallyInstrument(OpenAI)` as its docs say.
 */
import { OpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import { registerOtelProvider } from "./otel-provider.mjs";

export const description = "`new OpenAIInstrumentation()` + `setTracerProvider` + `manuallyInstrument(OpenAI)`; BatchSpanProcessor → counting exporter";

/**
 * @param {{ OpenAI: any, clientOptions: object }} ctx
 */
export async function setup({ OpenAI, clientOptions }) {
  const otel = registerOtelProvider();
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(otel.provider);
  instrumentation.manuallyInstrument(OpenAI);
  return { client: new OpenAI(clientOptions), finish: otel.finish };
}
