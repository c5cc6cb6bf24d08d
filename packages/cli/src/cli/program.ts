import { Command, Option } from "commander";
import { GROUP_BY_HELP } from "../stats/group-by.js";
import { ORDER_FIELDS } from "../trace-query.js";
import { VERSION } from "../version.js";
import { commandContext, type GlobalOptions } from "./context.js";
import { demo } from "./commands/demo.js";
import { deleteTraces, type DeleteOptions } from "./commands/traces-delete.js";
import { exportTraces, type ExportOptions } from "./commands/traces-export.js";
import { listTraces, type ListOptions } from "./commands/traces-list.js";
import { listRuns, type RunsListOptions } from "./commands/runs-list.js";
import { showRun, type RunShowOptions } from "./commands/runs-show.js";
import { pushTraces, type PushOptions } from "./commands/traces-push.js";
import { showTrace, type ShowOptions } from "./commands/traces-show.js";
import { showStats, type StatsOptions } from "./commands/stats.js";
import { serveUi, type UiOptions } from "./commands/ui.js";
import type { CliIo } from "./io.js";

/** Collects a repeatable option's values. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function listOptions(cmd: Command): Command {
  return cmd
    .option("-e, --experiment <id-or-name>", "only this experiment")
    .option("-n, --max-results <n>", "page size", "20")
    .option("--order-by <field>", `${ORDER_FIELDS.join("|")}, then ASC or DESC`, "timestamp_ms DESC")
    .option("--page-token <token>", "the next page, as printed after a full page")
    .option("--json", "one JSON summary per line instead of a table");
}

/** Builds the `traceloom` command tree; actions write through `io` and throw UserError for bad input. */
export function buildProgram(io: CliIo): Command {
  const program = new Command("traceloom")
    .description("Look at what your agent did: browse, search, show and export traceloom traces.")
    .version(VERSION)
    .option("--tracking-uri <uri>", "trace store (default: $TRACELOOM_TRACKING_URI, else ./traceloom.db)")
    .option("--query-timeout <seconds>", "stop a search that runs longer (default: $TRACELOOM_QUERY_TIMEOUT, else 10)")
    .option("--prices <file>", "JSON file of model prices, USD per 1M tokens: {\"my-model\": {\"input\": 1, \"output\": 2}} (or $TRACELOOM_PRICES)")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  const ctx = (cmd: Command) => commandContext(io, cmd.optsWithGlobals<GlobalOptions>());

  program
    .command("ui")
    .description("serve the trace viewer on 127.0.0.1 and print its URL")
    .option("-p, --port <port>", "port (0 = any free port)", "5050")
    .addOption(new Option("--host <host>", "address to bind; anything but loopback exposes your traces").default("127.0.0.1"))
    .option("--allowed-host <name>", "also accept requests for this host name, e.g. a proxy's (repeatable)", collect, [])
    .action((options: UiOptions, cmd: Command) => serveUi(ctx(cmd), options));

  const traces = program.command("traces").description("list, search, show, export and delete traces");
  listOptions(traces.command("list").description("list recent traces")).action((options: ListOptions, cmd: Command) => listTraces(ctx(cmd), undefined, options));
  listOptions(
    traces
      .command("search")
      .description(`search with MLflow's filter grammar, e.g. "status = 'ERROR' AND span.type = 'TOOL'"`)
      .argument("<filter>", "filter expression"),
  ).action((filter: string, options: ListOptions, cmd: Command) => listTraces(ctx(cmd), filter, options));
  traces
    .command("show")
    .description("print a trace's span tree")
    .argument("<trace-id>")
    .option("--json", "print the MLflow trace JSON instead")
    .option("--preview <chars>", "show span inputs/outputs cut to this many characters (0 hides them)", "80")
    .action((id: string, options: ShowOptions, cmd: Command) => showTrace(ctx(cmd), id, options));
  traces
    .command("export")
    .description("export traces as MLflow trace JSON, or as a golden-dataset JSONL (request → expected response)")
    .argument("<ids-or-filter...>", "trace IDs, or one filter expression in quotes")
    .addOption(new Option("-f, --format <format>", "json: MLflow trace JSON; jsonl: evaluation records").choices(["json", "jsonl"]).default("json"))
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option("-e, --experiment <id-or-name>", "with a filter: only this experiment")
    .option("-n, --max-results <n>", "with a filter: at most this many traces", "10000")
    .action((targets: string[], options: ExportOptions, cmd: Command) => exportTraces(ctx(cmd), targets, options));
  traces
    .command("delete")
    .description("delete traces by ID, every trace a filter matches, or every trace older than an age (with --yes)")
    .argument("[trace-ids...]")
    .option("--filter <filter>", "delete the traces this filter matches")
    .option("--older-than <age>", "delete the traces started before this age, e.g. 30d, 12h, 45m")
    .option("-y, --yes", "really delete what --filter matches")
    .action((ids: string[], options: DeleteOptions, cmd: Command) => deleteTraces(ctx(cmd), ids, options));

  traces
    .command("push")
    .description("send traces from the local store to an MLflow server (idempotent: pushing twice changes nothing)")
    .argument("<ids-or-filter...>", "trace IDs, or one filter expression in quotes")
    .option("--to <uri>", "the MLflow server: http(s)://host:port or databricks (default: $MLFLOW_TRACKING_URI)")
    .option("--experiment-id <id>", "experiment on the server (default: $MLFLOW_EXPERIMENT_ID)")
    .option("--experiment-name <name>", "experiment on the server by name, created if missing (default: $MLFLOW_EXPERIMENT_NAME, else Default)")
    .option("-e, --experiment <id-or-name>", "with a filter: only this local experiment")
    .option("-n, --max-results <n>", "with a filter: at most this many traces", "10000")
    .action((targets: string[], options: PushOptions, cmd: Command) => pushTraces(ctx(cmd), targets, options, cmd.optsWithGlobals<GlobalOptions>().trackingUri));

  program
    .command("stats")
    .description("count, error rate, latency p50/p90/p99, tokens and estimated cost of traces, per group")
    .option("--filter <filter>", "only the traces this filter matches (the search grammar)")
    .option("-e, --experiment <id-or-name>", "only this experiment")
    .option("-g, --group-by <grouping>", GROUP_BY_HELP, "none")
    .option("--since <time>", "traces started at or after: an age (24h, 7d), an ISO date or epoch ms")
    .option("--until <time>", "traces started before: an age, an ISO date or epoch ms")
    .option("--bucket <duration>", "also the total over time, in buckets of this length (15m, 1h, 1d)")
    .option("--json", "the report as JSON (as the viewer's /api/stats answers it)")
    .action((options: StatsOptions, cmd: Command) => showStats(ctx(cmd), options));

  const runs = program.command("runs").description("list runs (traces grouped by withRun()/startRun()) and show one with its traces");
  runs
    .command("list", { isDefault: true })
    .description("list runs, most recently started first (the default of `traceloom runs`)")
    .option("-e, --experiment <id-or-name>", "only this experiment")
    .option("-n, --max-results <n>", "at most this many runs (up to 1000)", "20")
    .option("--json", "one JSON run per line instead of a table")
    .action((options: RunsListOptions, cmd: Command) => listRuns(ctx(cmd), options));
  runs
    .command("show")
    .description("print a run's status, params and tags, and its traces as `traces list` prints them")
    .argument("<run-id>")
    .option("-n, --max-results <n>", "at most this many of its traces, oldest first", "100")
    .option("--json", "print { run, traces } as JSON")
    .action((runId: string, options: RunShowOptions, cmd: Command) => showRun(ctx(cmd), runId, options));

  program
    .command("demo")
    .description("record a few traces of a small tool-calling agent (offline: a local stand-in for the OpenAI API)")
    .action((_options: unknown, cmd: Command) => demo(ctx(cmd)));
  return program;
}
