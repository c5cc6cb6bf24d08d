/**
 * OpenInference (`@arizeai/openinference-instrumentation-openai`) on a global OpenTelemetry provider
 * (BatchSpanProcessor, counting exporter), instrumented with `manuallyInstrument(openaiModule)` for an ES module SDK.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { registerOtelProvider } from "./otel-provider.mjs";

export const description = "`new OpenAIInstrumentation({ tracerProvider })` + `manuallyInstrument(openaiModule)`; BatchSpanProcessor → counting exporter";

/**
 * @param {{ OpenAI: any, openaiModule: any, clientOptions: object }} ctx
 */
export async function setup({ OpenAI, openaiModule, clientOptions }) {
  const otel = registerOtelProvider();
  const instrumentation = new OpenAIInstrumentation({ tracerProvider: otel.provider });
  instrumentation.manuallyInstrument(openaiModule);
  return { client: new OpenAI(clientOptions), finish: otel.finish };
}
