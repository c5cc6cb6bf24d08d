import type { ExperimentsResponse } from "../../server/api-types.js";
import { analysisHash, RANGES, type AnalysisRoute, type RangeName } from "./analysis-route.js";
import { h } from "./dom.js";

const RANGE_LABELS: Record<RangeName, string> = {
  all: "All time",
  "15m": "Last 15 minutes",
  "1h": "Last hour",
  "6h": "Last 6 hours",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  custom: "Custom range…",
};

/** Groupings offered; "tags" and "metadata" ask for a key. */
const GROUPINGS: [string, string][] = [
  ["none", "Nothing (totals)"],
  ["model", "Model"],
  ["span.type", "Span type"],
  ["span.name", "Span name"],
  ["trace.name", "Trace name"],
  ["status", "Status"],
  ["tags", "Tag…"],
  ["metadata", "Metadata…"],
];

/** The analysis form and the input a filter error points into. */
export interface AnalysisForm {
  form: HTMLFormElement;
  filterInput: HTMLInputElement;
  /** Fills the experiment picker (keeping the route's choice). */
  showExperiments(experiments: ExperimentsResponse["experiments"]): void;
}

/** A datetime-local input's value for a time (local time, to the minute). */
function localInputValue(ms: number | null): string {
  if (ms === null) return "";
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function inputTime(input: HTMLInputElement): number | null {
  const ms = input.value ? new Date(input.value).getTime() : NaN;
  return Number.isNaN(ms) ? null : ms;
}

const labelled = (id: string, text: string, control: HTMLElement, className = "field") => h("label", { class: className, attrs: { for: id } }, h("span", { class: "field-label", text }), control);

/**
 * The analysis page's question: experiment, filter (the list's grammar), time range (presets or a custom range)
 * and grouping (a tag or metadata grouping asks for its key). Submitting changes the URL, which re-renders the page.
 */
export function analysisForm(route: AnalysisRoute): AnalysisForm {
  const experiment = h("select", { attrs: { id: "stats-experiment" } }, h("option", { text: "All experiments", attrs: { value: "" } }));
  const filterInput = h("input", {
    class: "search",
    attrs: { type: "search", id: "stats-filter", placeholder: "Filter, e.g. tags.env = 'prod' AND span.type = 'LLM', or words: Paris", spellcheck: "false", autocomplete: "off" },
  });
  filterInput.value = route.filter;
  const range = h("select", { attrs: { id: "stats-range" } }, ...RANGES.map((r) => h("option", { text: RANGE_LABELS[r], attrs: { value: r } })));
  range.value = route.range;
  const from = h("input", { attrs: { type: "datetime-local", id: "stats-from" } });
  const to = h("input", { attrs: { type: "datetime-local", id: "stats-to" } });
  from.value = localInputValue(route.from);
  to.value = localInputValue(route.to);
  const custom = h("span", { class: "custom-range" }, labelled("stats-from", "From", from), labelled("stats-to", "To", to));

  const [kind, ...rest] = route.groupBy.split(".");
  const keyed = kind === "tags" || kind === "metadata";
  const groupBy = h("select", { attrs: { id: "stats-group-by" } }, ...GROUPINGS.map(([value, text]) => h("option", { text, attrs: { value } })));
  groupBy.value = keyed ? kind : route.groupBy;
  const keyInput = h("input", { class: "group-key", attrs: { type: "text", id: "stats-group-key", spellcheck: "false", autocomplete: "off", placeholder: "key" } });
  keyInput.value = keyed ? rest.join(".") : "";
  const keyField = labelled("stats-group-key", "Key", keyInput);

  const sync = () => {
    custom.hidden = range.value !== "custom";
    keyField.hidden = groupBy.value !== "tags" && groupBy.value !== "metadata";
    keyInput.required = !keyField.hidden;
    (keyField.firstChild as HTMLElement).textContent = groupBy.value === "tags" ? "Tag key" : "Metadata key";
  };
  range.addEventListener("change", sync);
  groupBy.addEventListener("change", sync);
  sync();

  const form = h(
    "form",
    {
      class: "toolbar analysis-toolbar",
      attrs: { role: "search", "aria-label": "Analysis" },
      on: {
        submit: (e) => {
          e.preventDefault();
          const grouping = keyInput.required ? `${groupBy.value}.${keyInput.value.trim()}` : groupBy.value;
          location.hash = analysisHash({
            experiment: experiment.value,
            filter: filterInput.value.trim(),
            range: range.value as RangeName,
            from: range.value === "custom" ? inputTime(from) : null,
            to: range.value === "custom" ? inputTime(to) : null,
            groupBy: grouping,
            compare: grouping === route.groupBy ? route.compare : [],
          });
        },
      },
    },
    labelled("stats-experiment", "Experiment", experiment),
    labelled("stats-filter", "Filter", filterInput, "field field-grow"),
    labelled("stats-range", "Time range", range),
    custom,
    labelled("stats-group-by", "Group by", groupBy),
    keyField,
    h("button", { class: "primary", text: "Analyse", attrs: { type: "submit", id: "stats-run" } }),
  );

  return {
    form,
    filterInput,
    showExperiments(experiments) {
      experiment.replaceChildren(experiment.options[0], ...experiments.map((e) => h("option", { text: e.name, attrs: { value: e.experimentId } })));
      experiment.value = route.experiment;
    },
  };
}
