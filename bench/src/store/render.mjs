/**
 * The local-store section of RESULTS.md (store-queries.mjs): one table per store size, kept between markers so a
 * run at another size replaces only its own table.
 */
import { int, ms, table } from "../format.mjs";

const FIRST_PAGE_TARGET_MS = 200;
const STATS_TARGET_MS = 300;
const COUNT_TARGET_MS = 1000;

/** The markdown table of one run. */
export function renderStoreRun(r) {
  const rows = r.rows.map((row) => {
    const met = row.cliMs <= FIRST_PAGE_TARGET_MS && row.apiMs <= FIRST_PAGE_TARGET_MS && row.countMs <= COUNT_TARGET_MS;
    return [`\`${row.filter}\``, ms(row.cliMs), ms(row.apiMs), ms(row.countMs), int(row.count), met ? "met" : "**missed**"];
  });
  return [
    `### ${int(r.traces)} traces / ${int(r.spans)} spans (${r.binding}, Node ${r.node.replace(/^v/, "")})`,
    "",
    `Store ${int(r.storeBytes / 2 ** 20)} MB for ${int(r.jsonBytes / 2 ** 20)} MB of trace JSON = **${(r.storeBytes / r.jsonBytes).toFixed(2)}×** ` +
      `(target ≤ 1.10×); written in ${(r.buildMs / 1000).toFixed(0)} s by the batch writer (512 traces per transaction, on tmpfs).`,
    "",
    table(["Filter", "CLI first page", "Viewer API first page", "Full count", "Matches", `≤ ${FIRST_PAGE_TARGET_MS} ms / ≤ 1 s`], rows),
    ...renderStats(r),
  ].join("\n");
}

/** The `traceStats` table of a run (issue 17: any grouped stat ≤ 300 ms), when it has one. */
function renderStats(r) {
  if (!r.stats?.length) return [];
  const rows = r.stats.map((s) => [
    `\`${JSON.stringify(s.options)}\``,
    ms(s.statsMs),
    int(s.count),
    int(s.groups),
    s.statsMs <= STATS_TARGET_MS ? "met" : "**missed**",
  ]);
  const load = Number.isFinite(r.loadAverage) ? ` Load average at the end of the run: ${r.loadAverage.toFixed(2)} (2 cores).` : "";
  return [
    "",
    `\`traceStats\` on the same store (median of 5 after a warm-up; counted = traces, or spans for model / span.* groupings).${load}`,
    "",
    table(["Stats options", "Time", "Counted", "Groups", `≤ ${STATS_TARGET_MS} ms`], rows),
  ];
}

const START = (spans) => `<!-- store-queries:${spans}:start -->`;
const END = (spans) => `<!-- store-queries:${spans}:end -->`;
const SECTION_TITLE = "## Local store queries at size";
const SECTION_INTRO = [
  SECTION_TITLE,
  "",
  "`node src/store-queries.mjs [--spans N] --write` (the 500,000-span table also runs in `pnpm bench`; the 1,000,000-span",
  "one only by hand). Generated agent traces (bench/src/store/corpus.mjs: 5 spans, prose-like text from a 2,000-word",
  "vocabulary, one in 20 failing in its TOOL span). Medians of 5 after a warm-up. *CLI*: `traceloom traces search",
  "<filter> --json -n 20` run in-process (opening the store included, Node's start-up not); *viewer API*:",
  "`GET /api/traces?filter=…` (50 per page) through the viewer's query worker; *full count*: `countTraces`.",
].join("\n");

/** RESULTS.md with this run's table replaced (or added under the section). */
export function replaceStoreSection(markdown, run) {
  const block = `${START(run.spans)}\n${renderStoreRun(run)}\n${END(run.spans)}`;
  const start = markdown.indexOf(START(run.spans));
  const end = markdown.indexOf(END(run.spans));
  if (start >= 0 && end > start) return markdown.slice(0, start) + block + markdown.slice(end + END(run.spans).length);
  const section = markdown.includes(SECTION_TITLE) ? "" : `\n${SECTION_INTRO}\n`;
  return `${markdown.trimEnd()}\n${section}\n${block}\n`;
}

/** `next` with every store table of `previous` that `next` lacks (the hand-run 1,000,000-span one survives `pnpm bench`). */
export function carryOverStoreRuns(previous, next) {
  let out = next;
  for (const m of previous.matchAll(/<!-- store-queries:(\d+):start -->\n([\s\S]*?)\n<!-- store-queries:\1:end -->/g)) {
    if (out.includes(START(m[1]))) continue;
    const section = out.includes(SECTION_TITLE) ? "" : `\n${SECTION_INTRO}\n`;
    out = `${out.trimEnd()}\n${section}\n${m[0]}\n`;
  }
  return out;
}
