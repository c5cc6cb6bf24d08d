/** The "store schema 3 vs 2" section of RESULTS.md (store-schema-cost.mjs), kept between markers. */
import { int, ms, table } from "../format.mjs";

const START = "<!-- store-schema-cost:start -->";
const END = "<!-- store-schema-cost:end -->";

/** The markdown of one run. */
export function renderSchemaCost(r) {
  return [
    `### Store schema 3 vs schema 2 (${r.binding}, Node ${r.node.replace(/^v/, "")}, load average ${r.loadAverage.toFixed(2)} on 2 cores)`,
    "",
    `\`node src/store-schema-cost.mjs --baseline …\`: ${int(r.traces)} generated corpus traces written with \`writeTraces\` in batches of 512, ` +
      `alternating the previous release (schema 2) and this one (schema 3: span rows, free-text index, stats index), ${r.rounds} rounds, medians.`,
    "",
    table(
      ["Schema", "Write cost per trace", "Store / trace JSON"],
      [
        ["2 (previous release)", ms(r.schema2.msPerTrace), `${r.schema2.storeToJson.toFixed(2)}×`],
        ["3", ms(r.schema3.msPerTrace), `${r.schema3.storeToJson.toFixed(2)}×`],
        ["3 / 2", `×${(r.schema3.msPerTrace / r.schema2.msPerTrace).toFixed(2)}`, `×${(r.schema3.storeToJson / r.schema2.storeToJson).toFixed(2)}`],
      ],
    ),
  ].join("\n");
}

/** RESULTS.md with this run's section replaced (or appended). */
export function replaceSchemaCostSection(markdown, run) {
  const block = `${START}\n${renderSchemaCost(run)}\n${END}`;
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start >= 0 && end > start) return markdown.slice(0, start) + block + markdown.slice(end + END.length);
  return `${markdown.trimEnd()}\n\n${block}\n`;
}
