import type { ExperimentsResponse, TraceSummary, TracesResponse } from "../../server/api-types.js";
import { ApiError, getJson } from "./api-client.js";
import { statusBadge } from "./badges.js";
import { h, replaceChildren } from "./dom.js";
import { showFilterError } from "./filter-error.js";
import { previewText } from "../../preview-text.js";
import { formatCost, formatDuration, formatTime, formatTokens, oneLine } from "./format.js";
import { CompareSelection } from "./compare-select.js";
import type { Page } from "./page.js";
import { listHash, traceHash, type ListRoute } from "./router.js";

interface Column {
  label: string;
  /** The orderBy field, for sortable columns. */
  field?: string;
  className: string;
  cell(t: TraceSummary): Node | string;
}

const COLUMNS: Column[] = [
  {
    label: "Trace",
    field: "name",
    className: "col-name",
    cell: (t) => h("a", { class: "trace-link", attrs: { href: traceHash(t.traceId) } }, h("span", { class: "trace-name", text: t.name }), h("span", { class: "trace-id", text: t.traceId })),
  },
  { label: "Request", className: "col-preview", cell: (t) => oneLine(previewText(t.requestPreview), 90) },
  { label: "Response", className: "col-preview", cell: (t) => oneLine(previewText(t.responsePreview), 90) },
  { label: "Time", field: "timestamp_ms", className: "col-time", cell: (t) => formatTime(t.requestTime) },
  { label: "Status", field: "status", className: "col-status", cell: (t) => statusBadge(t.state) },
  { label: "Latency", field: "execution_time_ms", className: "col-num", cell: (t) => formatDuration(t.executionTimeMs) },
  { label: "Tokens", field: "total_tokens", className: "col-num", cell: (t) => formatTokens(t.tokens) },
  {
    label: "Cost",
    field: "cost",
    className: "col-num",
    cell: (t) => (t.cost ? `${formatCost(t.cost.usd)}${t.cost.unpricedSpans > 0 ? "*" : ""}` : "—"),
  },
];

const FILTER_EXAMPLES = "status = 'ERROR'   ·   name LIKE '%agent%'   ·   span.type = 'TOOL'   ·   execution_time_ms > 1000   ·   tags.env = 'prod'";

function parseOrder(orderBy: string): { field: string; desc: boolean } {
  const [field = "timestamp_ms", dir = "ASC"] = orderBy.trim().split(/\s+/);
  return { field, desc: dir.toUpperCase() === "DESC" };
}

/** The experiments last listed, so a re-rendered list shows its picker (and the chosen experiment) at once. */
let knownExperiments: ExperimentsResponse["experiments"] = [];

/** The trace list: experiment picker, search box, sortable table, paging. */
export function renderListPage(root: HTMLElement, route: ListRoute): Page {
  const pageTokens: (string | undefined)[] = [undefined];
  let pageIndex = 0;
  let shown = "";
  let tooSlow = false;

  const experimentSelect = h("select", { attrs: { "aria-label": "Experiment", id: "experiment" } }, h("option", { text: "All experiments", attrs: { value: "" } }));
  const filterInput = h("input", {
    class: "search",
    attrs: { type: "search", id: "filter", placeholder: "Filter, e.g. status = 'ERROR' AND span.type = 'TOOL'", spellcheck: "false", autocomplete: "off" },
  });
  filterInput.value = route.filter;
  const filterError = h("div", { class: "filter-error", attrs: { role: "alert", id: "filter-error" } });
  const tbody = h("tbody");
  const pager = h("div", { class: "pager" });
  const sortNote = h("p", { class: "hint", attrs: { id: "sort-note", role: "status" } });
  const picker = new CompareSelection();
  const table = h("table", { class: "traces", attrs: { id: "traces" } }, h("thead", {}, headerRow()), tbody);

  const navigate = (patch: Partial<ListRoute>) => {
    location.hash = listHash({ ...route, ...patch });
  };

  function headerRow(): HTMLTableRowElement {
    const order = parseOrder(route.orderBy);
    return h(
      "tr",
      {},
      h("th", { class: "col-pick", title: "Tick two traces to compare them" }),
      ...COLUMNS.map((col) => {
        if (!col.field) return h("th", { class: col.className, text: col.label });
        const active = order.field === col.field;
        const arrow = active ? (order.desc ? " ▼" : " ▲") : "";
        const next = active && !order.desc ? "DESC" : active ? "ASC" : col.field === "name" || col.field === "status" ? "ASC" : "DESC";
        return h(
          "th",
          { class: `${col.className} sortable${active ? " sorted" : ""}`, attrs: { "aria-sort": active ? (order.desc ? "descending" : "ascending") : "none" } },
          h("button", { class: "sort", text: `${col.label}${arrow}`, on: { click: () => navigate({ orderBy: `${col.field} ${next}` }) } }),
        );
      }),
    );
  }

  const form = h(
    "form",
    {
      class: "toolbar",
      attrs: { role: "search" },
      on: {
        submit: (e) => {
          e.preventDefault();
          navigate({ filter: filterInput.value.trim(), experiment: experimentSelect.value });
        },
      },
    },
    experimentSelect,
    filterInput,
    h("button", { class: "primary", text: "Search", attrs: { type: "submit" } }),
    route.filter ? h("button", { class: "link", text: "Clear", attrs: { type: "button" }, on: { click: () => navigate({ filter: "" }) } }) : null,
    picker.button,
  );
  experimentSelect.addEventListener("change", () => navigate({ experiment: experimentSelect.value }));

  replaceChildren(root, h("section", { class: "list-page" }, form, h("div", { class: "hint", text: FILTER_EXAMPLES }), filterError, table, sortNote, pager));

  function showError(err: unknown): void {
    showFilterError(filterError, filterInput, err);
    replaceChildren(tbody);
    replaceChildren(pager);
    sortNote.textContent = "";
  }

  function renderRows(data: TracesResponse): void {
    const rows = data.traces.map((t) =>
      h(
        "tr",
        { class: t.state === "ERROR" ? "row-error" : "", attrs: { "data-trace-id": t.traceId }, on: { click: (e) => rowClick(e, t) } },
        h("td", { class: "col-pick" }, picker.cell(t)),
        ...COLUMNS.map((col) => h("td", { class: col.className }, col.cell(t))),
      ),
    );
    if (rows.length === 0) {
      rows.push(h("tr", {}, h("td", { class: "empty", attrs: { colspan: String(COLUMNS.length + 1) }, text: route.filter ? "No traces match this filter." : "No traces yet. Run a traced program — or `traceloom demo` — and they appear here." })));
    }
    replaceChildren(tbody, ...rows);
    sortNote.textContent =
      data.sortedAmong === null ? "" : `Ordered by cost among the ${data.sortedAmong} newest matching traces only — narrow the search to include older ones.`;
    replaceChildren(
      pager,
      h("button", { text: "← Previous", attrs: pageIndex === 0 ? { disabled: "" } : {}, on: { click: () => void go(pageIndex - 1) } }),
      h("span", { class: "page-no", text: `Page ${pageIndex + 1} · ${data.traces.length} trace${data.traces.length === 1 ? "" : "s"}` }),
      h("button", { text: "Next →", attrs: data.nextPageToken ? {} : { disabled: "" }, on: { click: () => void go(pageIndex + 1) } }),
    );
  }

  function rowClick(e: MouseEvent, t: TraceSummary): void {
    if ((e.target as HTMLElement).closest("a, input")) return;
    location.hash = traceHash(t.traceId);
  }

  async function load(): Promise<void> {
    try {
      const data = await getJson<TracesResponse>("/api/traces", {
        experiment: route.experiment,
        filter: route.filter,
        orderBy: route.orderBy,
        pageToken: pageTokens[pageIndex],
      });
      filterError.textContent = "";
      pageTokens[pageIndex + 1] = data.nextPageToken ?? undefined;
      const signature = JSON.stringify(data);
      if (signature !== shown) {
        shown = signature;
        renderRows(data);
      }
    } catch (err) {
      shown = "";
      // A search that hit the server's deadline would only hit it again: live refresh leaves it until the search changes.
      if (err instanceof ApiError && err.status === 503) tooSlow = true;
      showError(err);
    }
  }

  async function go(index: number): Promise<void> {
    if (index < 0 || index >= pageTokens.length) return;
    pageIndex = index;
    await load();
  }

  function showExperiments(experiments: ExperimentsResponse["experiments"]): void {
    const options = experiments.map((e) => {
      const count = e.traceCount === null ? "" : ` (${e.traceCount})`;
      return h("option", { text: `${e.name}${count}`, attrs: { value: e.experimentId } });
    });
    experimentSelect.replaceChildren(experimentSelect.options[0], ...options);
    experimentSelect.value = route.experiment;
  }

  async function loadExperiments(): Promise<void> {
    const { experiments } = await getJson<ExperimentsResponse>("/api/experiments");
    knownExperiments = experiments;
    showExperiments(experiments);
  }

  showExperiments(knownExperiments);
  void loadExperiments().catch(showError);
  void load();
  return { refresh: () => (tooSlow ? Promise.resolve() : load()) };
}
