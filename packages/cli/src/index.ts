/**
 * traceloom — the CLI and local web viewer for traceloom traces.
 * @packageDocumentation
 */
export { runCli } from "./cli/run-cli.js";
export type { CliIo } from "./cli/io.js";
export { startViewer, DEFAULT_PORT, type ViewerOptions, type RunningViewer } from "./server/viewer-server.js";
export { CONTENT_SECURITY_POLICY } from "./server/security.js";
export type * from "./server/api-types.js";
export { PriceTable, loadPriceTable, readPriceFile, PRICES_ENV } from "./pricing/price-table.js";
export { DEFAULT_PRICES, type ModelPrice } from "./pricing/default-prices.js";
export { spanCost, traceCost, usageCost, type CostEstimate } from "./pricing/cost.js";
export { modelOfSpan } from "./pricing/span-model.js";
export { summarizeTrace } from "./trace-summary.js";
export { queryTraces, MAX_COST_SORTED, ORDER_FIELDS, type TraceQuery, type TracePage } from "./trace-query.js";
export { queryStats, type StatsQuery } from "./stats/stats-query.js";
export type { StatsReport, GroupReport, BucketReport } from "./stats/stats-report.js";
export type { CountedItems } from "./stats/counted-items.js";
export { modelsCost, type ModelsCost } from "./pricing/models-cost.js";
export { TraceCostCache } from "./pricing/trace-cost-cache.js";
export { toMlflowJson } from "./export/mlflow-json.js";
export { toGoldenJsonl, toGoldenRecord, type GoldenRecord } from "./export/golden-jsonl.js";
export { openStore, resolveTrackingUri, UserError, DEFAULT_STORE } from "./store-access.js";
export { runDemo, DEMO_QUESTIONS, type DemoOptions, type DemoResult } from "./demo/run-demo.js";
export { VERSION } from "./version.js";
