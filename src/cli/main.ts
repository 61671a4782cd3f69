import { Command, CommanderError, Option } from "commander";
import { languageFromLocale, loadConfig, type ConfigInput } from "../config/index.ts";
import { BrechaError, UsageError } from "../errors/index.ts";
import { translate, type Lang } from "../i18n/index.ts";
import {
  listModelsCommand,
  MODEL_TASKS,
  predictModelCommand,
  promoteModelCommand,
  showModelCommand,
  trainModelCommand,
} from "./model-commands.ts";
import {
  compareScenariosCommand,
  listScenariosCommand,
  planDevicesCommand,
  planHubsCommand,
  planInfraCommand,
} from "./plan-commands.ts";
import { copyStoreCommand } from "./store-commands.ts";
import {
  addAccountCommand,
  listAccountsCommand,
  backupCommand,
  passwordCommand,
  restoreCommand,
  setActiveCommand,
} from "./account-commands.ts";
import {
  pipelineDagCommand,
  pipelineStageCommand,
  pipelineStatusCommand,
  runPipelineCommand,
} from "./pipeline-commands.ts";
import {
  gapCommand,
  hotspotsCommand,
  indicatorsCommand,
  inequalityCommand,
  typologyCommand,
} from "./analyze-commands.ts";
import {
  exportCommand,
  ingestCommand,
  queryCommand,
  sourcesCommand,
  upCommand,
  serveCommand,
  validateCommand,
  versionsCommand,
} from "./commands.ts";
import type { CommandContext, GlobalOptions } from "./context.ts";

function contextFrom(
  options: GlobalOptions & {
    offline?: boolean;
    synthetic?: string;
    port?: string;
    starterPack?: boolean;
  },
): CommandContext {
  const overrides: ConfigInput = {};
  if (options.home !== undefined) overrides.home = options.home;
  if (options.mirror !== undefined) overrides.mirror = options.mirror;
  if (options.lang !== undefined) overrides.lang = options.lang;
  if (options.offline) overrides.offline = true;
  if (options.starterPack === false) overrides.starterPack = false;
  if (options.synthetic !== undefined)
    overrides.synthetic = options.synthetic as "auto" | "never" | "only";
  if (options.port !== undefined) overrides.server = { port: Number(options.port) };
  const config = loadConfig({ overrides });
  return {
    config,
    json: options.json === true,
    lang: config.lang,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
}

/** Wraps a command's action: the context from the global options, the exit code kept. */
type Run = (
  action: (ctx: CommandContext, ...args: never[]) => Promise<number>,
) => (...args: unknown[]) => Promise<void>;

/**
 * Runs the CLI and returns the process exit code: 0 success, 1 unexpected failure, 2 usage,
 * 3 configuration, 4 data rejected, 5 storage, 6 source unavailable, 7 not found.
 */
export async function main(argv: readonly string[]): Promise<number> {
  // `brecha query … | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const program = new Command("brecha")
    .description(
      "Brecha: datos para ver, predecir y cerrar brechas educativas y digitales en el Perú",
    )
    .exitOverride()
    .showHelpAfterError("(brecha --help)")
    .addOption(new Option("--home <dir>", "workspace folder (default .brecha)"))
    .addOption(new Option("--mirror <dir>", "local folder with copies of the source files"))
    .addOption(
      new Option(
        "--lang <lang>",
        "es or en (default: from the locale, Spanish when unknown)",
      ).choices(["es", "en"]),
    )
    .addOption(new Option("--json", "machine-readable output on stdout"))
    .addOption(new Option("--debug", "print the stack trace of an unexpected failure"));

  let exitCode = 0;
  const run: Run =
    (action) =>
    async (...args) => {
      const command = args[args.length - 1] as Command;
      const ctx = contextFrom(command.optsWithGlobals());
      exitCode = await action(ctx, ...(args.slice(0, -1) as never[]));
    };

  for (const commands of [
    dataCommands,
    analysisCommands,
    planCommands,
    serverCommands,
    modelCommands,
  ])
    commands(program, run);

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportError(error, argv);
  }
}

/** The commands that build, ingest, check, query and export the workspace's data. */
function dataCommands(program: Command, run: Run): void {
  program
    .command("up")
    .description(
      "build the workspace (mirror → cache → download → starter pack → synthetic demo) and serve it",
    )
    .option("--offline", "never use the network")
    .option("--no-starter-pack", "do not use the real files shipped in data/starter")
    .addOption(
      new Option(
        "--synthetic <mode>",
        "auto: demo data only where no real source exists; never; only",
      ).choices(["auto", "never", "only"]),
    )
    .option("--port <port>", "HTTP port (0 = any free port)")
    .option("--no-serve", "build and report, then exit")
    .action(run(upCommand as never));
  program
    .command("ingest")
    .description("ingest one file as a new version of a source's dataset")
    .argument("<source>", "source id (see `brecha sources`)")
    .argument("<file>", "CSV, DBF, XLSX or GeoJSON file")
    .option("--encoding <name>", "utf-8, latin1, cp850, cp437 (default: detected)")
    .option("--sheet <name>", "XLSX sheet (default: the first)")
    .option("--year <year>", "year of the data when the file has no year column")
    .option("--grade <grade>", "grade assessed (UMC results: 2P, 4P, 6P, 2S) when not in the file")
    .option(
      "--max-bad-rows <share>",
      "share of rows (0-1) that may be quarantined before the load is refused",
    )
    .option(
      "--partial",
      "update only the keys in this file, merged with the current version into a new whole version",
    )
    .option(
      "--replace",
      "replace the current version even if the file loses more than 10% of its rows or whole areas",
    )
    .action(run(ingestCommand as never));
  program
    .command("validate")
    .description(
      "check a file without publishing it; the source is guessed from the header when not given",
    )
    .argument("<file>")
    .option("--source <id>", "source id")
    .option("--encoding <name>", "utf-8, latin1, cp850, cp437 (default: detected)")
    .option("--sheet <name>", "XLSX sheet")
    .option("--year <year>", "year of the data")
    .action(run(validateCommand as never));
  program
    .command("versions")
    .description("list dataset versions with their provenance")
    .argument("[dataset]")
    .option("--quarantine <version>", "show the quarantined rows of a version (id or prefix)")
    .action(run(versionsCommand as never));
  program
    .command("query")
    .description(
      "run one read-only SELECT on the workspace (no file or network access, configuration locked)",
    )
    .argument("<sql>")
    .option("--csv", "CSV output")
    .option("--timeout <seconds>", "stop the query after this many seconds (default 30)")
    .option("--max-rows <n>", "rows returned at most (default 100,000)")
    .action(run(queryCommand as never));
  program
    .command("export")
    .description("export a dataset as CSV or GeoJSON")
    .argument("<dataset>")
    .addOption(
      new Option("--format <format>", "csv or geojson").choices(["csv", "geojson"]).default("csv"),
    )
    .option("--out <file>", "output file (default: stdout)")
    .action(run(exportCommand as never));
  program
    .command("indicators")
    .description("indicators at a level (ratios of sums over districts), with filters")
    .option("--level <level>", "nation, department, province or district (default department)")
    .option("--ids <ids>", "comma-separated indicator ids (default: all available)")
    .option("--department <code>", "only districts of this department (2 digits)")
    .option("--province <code>", "only districts of this province (4 digits)")
    .option("--area <area>", "count only urbana or rural schools")
    .option("--gestion <gestion>", "count only publica or privada schools")
    .option(
      "--year <year>",
      "year of the indicators measured in several years (UMC results 2016, 2018, 2024; MINAM 2019-2023); default the latest",
    )
    .option("--csv", "CSV output")
    .option("--pin <versions>", "compute from pinned dataset versions: dataset@id[,dataset@id…]")
    .action(run(indicatorsCommand as never));
}

/** `brecha analyze`: inequality, hot spots, typology and an area's gap. */
function analysisCommands(program: Command, run: Run): void {
  const analyze = program
    .command("analyze")
    .description("inequality, hot spots, typologies and gap reports");
  analyze
    .command("inequality")
    .description("Gini, Theil (decomposed), Atkinson, CV, P90/P10, S80/S20, concentration index")
    .argument("<indicator>")
    .option("--level <level>", "units: district (default), province or department")
    .option("--by <grouping>", "decompose by department (default) or province")
    .option(
      "--rank-by <indicator>",
      "ranking variable of the concentration index (default pobreza)",
    )
    .option("--permutations <n>", "permutations of the between-group test (default 999)")
    .option("--seed <n>", "random seed (default 1)")
    .option("--pin <versions>", "compute from pinned dataset versions: dataset@id[,dataset@id…]")
    .action(run(inequalityCommand as never));
  analyze
    .command("hotspots")
    .description("global Moran's I, LISA clusters (FDR) and Getis-Ord Gi* over district boundaries")
    .argument("<indicator>")
    .option("--weights <kind>", "queen (default), rook, knn (k nearest, directed) or knn-symmetric")
    .option("--k <n>", "neighbours for knn (default 6)")
    .option("--permutations <n>", "default 999")
    .option("--alpha <rate>", "false discovery rate (default 0.05)")
    .option("--seed <n>", "random seed (default 1)")
    .option(
      "--islands <mode>",
      "keep islands out of local statistics (default) or link each to its nearest district",
    )
    .option("--out <file>", "write the LISA map as GeoJSON")
    .option("--pin <versions>", "compute from pinned dataset versions: dataset@id[,dataset@id…]")
    .action(run(hotspotsCommand as never));
  analyze
    .command("typology")
    .description("composite index (PCA) and k-means typology of districts, k chosen by silhouette")
    .option("--indicators <ids>", "comma-separated indicator ids")
    .option("--k-min <n>", "default 2")
    .option("--k-max <n>", "default 8")
    .option("--seed <n>", "random seed (default 1)")
    .option("--pin <versions>", "compute from pinned dataset versions: dataset@id[,dataset@id…]")
    .action(run(typologyCommand as never));
  analyze
    .command("gap")
    .description("where an area stands against its department and the nation")
    .argument("<ubigeo>", "department (2 digits), province (4) or district (6)")
    .option("--pin <versions>", "compute from pinned dataset versions: dataset@id[,dataset@id…]")
    .action(run(gapCommand as never));
}

/** `brecha plan`: hubs, infrastructure, devices, and saved scenarios. */
function planCommands(program: Command, run: Run): void {
  const plan = program
    .command("plan")
    .description("prescriptive planning: tech hubs, school infrastructure and devices");
  plan
    .command("hubs")
    .description(
      "choose tech-hub sites among populated places: maximal covering, p-median, set covering or p-center",
    )
    .option("--p <n>", "number of hubs (default 100)")
    .option("--radius-km <km>", "service radius, terrain-adjusted km (default 10)")
    .option(
      "--objective <kind>",
      "coverage (default), median, set-cover (fewest hubs reaching everyone) or center (smallest radius)",
    )
    .option("--existing <codes>", "comma-separated codes of places that already host a hub")
    .option("--candidates <rule>", "urban (default) or all places")
    .option("--max-candidates <n>", "most populous candidates kept (default 5000)")
    .option("--department <code>", "plan within one department (2 digits)")
    .option(
      "--floors <pairs>",
      "coverage objective: minimum share of people covered per department, 16:0.5,23:0.6",
    )
    .option("--time-limit <s>", "solver time limit in seconds (default 60)")
    .option(
      "--travel-times <csv>",
      "travel-time matrix (origin, destination, minutes) to use instead of distance",
    )
    .option("--radius-min <minutes>", "service radius in minutes with --travel-times (default 60)")
    .option("--capacity <people>", "coverage objective: the most people one hub can serve")
    .option("--opening-cost <soles>", "coverage objective: what opening a new hub costs")
    .option(
      "--budget <soles>",
      "coverage objective: the most all new hubs may cost; --p is then the most hubs (needs --opening-cost or --site-costs)",
    )
    .option("--site-costs <pairs>", "opening costs of particular sites, 0101010001:45000,…")
    .option(
      "--screen <rule>",
      "host screen for new hubs: digital-centre (24 h electricity, internet, free room, ≥ 10 PCs; needs --hosts) or connected (premises with internet)",
    )
    .option(
      "--hosts <csv>",
      "host facilities: codigo_local, codigo_cp, electricidad_24h, internet, ambiente_libre, computadoras",
    )
    .option("--out <file>", "write the plan as JSON, or CSV when the name ends in .csv")
    .option("--save <name>", "save the plan as a named scenario")
    .action(run(planHubsCommand as never));
  plan
    .command("infra")
    .description("internet, electricity, water and devices for school premises under a budget")
    .option("--budget <soles>", "total budget in PEN (required)")
    .option(
      "--objective <kind>",
      "benefit (default) or maxmin: raise the lowest department's share of its potential first",
    )
    .option("--department <code>", "plan within one department (2 digits)")
    .option("--floors <pairs>", "minimum spending per department: 16:1000000,23:500000")
    .option("--caps <pairs>", "maximum spending per department")
    .option("--ugel-floors <pairs>", "minimum spending per UGEL (padrón code): 150101:500000")
    .option("--ugel-caps <pairs>", "maximum spending per UGEL")
    .option(
      "--weights <pairs>",
      "need weights: poverty=1,rural=0.25,enInicio=0.5,eib=0.25,vraem=0.25,border=0.15 (defaults)",
    )
    .option(
      "--flags <csv>",
      "priority flags per ubigeo or codigo_local: eib, vraem, frontera (1/0)",
    )
    .option(
      "--gains <csv>",
      "a model's predicted gain per premises (codigo_local, gain): used as the benefit instead of need",
    )
    .option("--must-do <list>", "codigo_local:intervention pairs that must be funded")
    .option("--must-not <list>", "codigo_local:intervention pairs that must not be funded")
    .option("--time-limit <s>", "solver time limit in seconds (default 60)")
    .option("--out <file>", "write the plan as JSON, or CSV when the name ends in .csv")
    .option("--save <name>", "save the plan as a named scenario")
    .option(
      "--no-requests",
      "leave out the services the UGELs approved in school requests (observed demand)",
    )
    .action(run(planInfraCommand as never));
  plan
    .command("devices")
    .description("devices for remote learners from provincial stock points to schools")
    .option("--tablets <n>", "national stock (default 1,056,430, the 2020-21 programme)")
    .option("--data-plans <n>", "default 46.8% of the tablets")
    .option("--solar-chargers <n>", "default 19.2% of the tablets")
    .option("--share-rural <share>", "share of rural students without a device (default 0.6)")
    .option("--share-urban <share>", "share of urban students without a device (default 0.3)")
    .option("--department <code>", "plan within one department (2 digits)")
    .option("--time-limit <s>", "solver time limit in seconds (default 60)")
    .option("--out <file>", "write the plan as JSON, or CSV when the name ends in .csv")
    .option("--save <name>", "save the plan as a named scenario")
    .option("--no-requests", "leave out the school requests the UGELs approved (observed demand)")
    .action(run(planDevicesCommand as never));
  plan
    .command("scenarios")
    .description("list saved scenarios")
    .action(run(listScenariosCommand as never));
  plan
    .command("compare")
    .description("compare two saved scenarios side by side")
    .argument("<a>")
    .argument("<b>")
    .action(run(compareScenariosCommand as never));
}

/** The server, the store's engines and the pipelines. */
function serverCommands(program: Command, run: Run): void {
  program
    .command("serve")
    .description(
      "serve the HTTP API (OpenAPI at /docs) and the workspace page over an existing workspace",
    )
    .option("--port <port>", "HTTP port (0 = any free port)")
    .action(run(serveCommand as never));
  const storeCommand = program
    .command("store")
    .description("the storage engines: copy the DuckDB workspace into ClickHouse to scale out");
  storeCommand
    .command("copy")
    .description(
      "copy every dataset version (provenance, quarantine) into ClickHouse; again copies only what is new",
    )
    .option("--clickhouse <urls>", "HTTP address of each node, comma-separated")
    .option("--cluster <name>", "cluster (remote_servers) to shard the tables over")
    .option("--database <name>", "database (default: default)")
    .action(run(copyStoreCommand as never));
  accountCommands(program, run);
  const pipeline = program
    .command("pipeline")
    .description(
      "reproducible pipelines: stages as a DAG, re-run only what changed (lock file), history",
    );
  pipeline
    .command("run")
    .description("run the stages whose inputs changed; one run at a time; resumes after a failure")
    .argument("[file]", "pipeline definition (JSON; default: the shipped pipelines/refresh.json)")
    .option(
      "--force [stages]",
      "run these stages (comma-separated; all when empty) and what follows",
    )
    .option("--trigger <name>", "recorded in the run history (default cli)")
    .action(run(runPipelineCommand as never));
  pipeline
    .command("stage", { hidden: true })
    .description("run one stage in this process (used by pipeline run)")
    .argument("<file>")
    .argument("<stage>")
    .action(run(pipelineStageCommand as never));
  pipeline
    .command("status")
    .description("what the next run would do, the run in progress and the last runs")
    .argument("[file]")
    .action(run(pipelineStatusCommand as never));
  pipeline
    .command("dag")
    .description("the stages and their dependencies")
    .argument("[file]")
    .option("--format <format>", "text (default), dot (Graphviz) or json")
    .action(run(pipelineDagCommand as never));
}

/** `brecha accounts`: people's accounts in the operational store. */
function accountCommands(program: Command, run: Run): void {
  const accounts = program
    .command("accounts")
    .description(
      "people's accounts (sign-in to the dashboard): add, list, enable, disable, password",
    );
  accounts
    .command("add")
    .description("add an account; the password is read from standard input (or typed, not shown)")
    .argument("<username>")
    .requiredOption("--role <role>", "admin, planner, officer, school or student")
    .option(
      "--scope <kind:code>",
      "officer: department:08 or ugel:080001; school: school:0201234 or local:305010",
    )
    .option("--name <name>", "name shown in the dashboard")
    .action(run(addAccountCommand as never));
  accounts
    .command("list")
    .description("every account")
    .action(run(listAccountsCommand as never));
  accounts
    .command("enable")
    .argument("<username>")
    .description("let an account sign in again")
    .action(run(setActiveCommand(true) as never));
  accounts
    .command("disable")
    .argument("<username>")
    .description("stop an account from signing in; its sessions end at once")
    .action(run(setActiveCommand(false) as never));
  accounts
    .command("password")
    .argument("<username>")
    .description("set a new password (standard input); the account's sessions end")
    .action(run(passwordCommand as never));
  program
    .command("backup")
    .argument("<file>", "where to write it (gzip JSON lines)")
    .description(
      "copy the operational store (accounts, requests, shipments, votes, audit log) to a file; it holds password hashes",
    )
    .action(run(backupCommand as never));
  program
    .command("restore")
    .argument("<file>")
    .description(
      "load a backup into an operational store with no accounts yet (embedded or PostgreSQL: also moves between them)",
    )
    .action(run(restoreCommand as never));
}

/** `brecha models` and the catalogue of sources. */
function modelCommands(program: Command, run: Run): void {
  const models = program
    .command("models")
    .description("predictive models: train with blocked CV, registry, promotion, predictions");
  models
    .command("train")
    .description(`train a model for a task (${MODEL_TASKS}) with spatially blocked nested CV`)
    .argument("<task>")
    .option(
      "--learner <kind>",
      "gbt (gradient-boosted trees, default), linear, or mlp (neural network)",
    )
    .option("--folds <k>", "outer folds (default 5)")
    .option("--group-by <level>", "blocks of the CV: department (default) or province")
    .option("--seed <n>", "random seed (default 1)")
    .action(run(trainModelCommand as never));
  models
    .command("list")
    .description("the models in the registry")
    .action(run(listModelsCommand as never));
  models
    .command("show")
    .description("a model's data, hyper-parameters and metrics per fold")
    .argument("<model>", "id, id prefix, or task:alias (e.g. poverty:production)")
    .action(run(showModelCommand as never));
  models
    .command("promote")
    .description("make a model production if it beats the current one on the same folds")
    .argument("<model>")
    .option("--force", "promote without the comparison")
    .action(run(promoteModelCommand as never));
  models
    .command("predict")
    .description("predict over the workspace with residuals, drift check and explanations")
    .argument("<model>", "task (its production model), id, or task:alias")
    .option("--explain <keys>", "ubigeos or códigos de local to explain, comma-separated")
    .option(
      "--schools <file>",
      "devices model: expected students without a device per school premises, with intervals (CSV or JSON)",
    )
    .option("--top <n>", "rows listed (default 10)")
    .option("--out <file>", "write predictions as JSON, or CSV when the name ends in .csv")
    .action(run(predictModelCommand as never));
  program
    .command("sources")
    .description("list the sources Brecha reads, or one source's data dictionary")
    .argument("[id]")
    .action(run(sourcesCommand as never));
}

function reportError(error: unknown, argv: readonly string[]): number {
  const json = argv.includes("--json");
  const flag = argv.indexOf("--lang");
  const lang: Lang =
    flag >= 0 ? (argv[flag + 1] === "en" ? "en" : "es") : languageFromLocale(process.env);
  if (error instanceof BrechaError) {
    if (json) process.stdout.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
    // In Spanish the error's own Spanish words when it has them; else the English message, which
    // names the file, row or value (the code's Spanish summary would lose them).
    const words = lang === "es" && error.es ? error.es : error.message;
    process.stderr.write(`${translate(lang, "error.prefix")} [${error.code}]: ${words}\n`);
    return error.exitCode;
  }
  // An unexpected failure says what failed; its stack trace only with --debug (or BRECHA_DEBUG=1).
  const debug = argv.includes("--debug") || process.env.BRECHA_DEBUG === "1";
  const message =
    error instanceof Error
      ? debug
        ? (error.stack ?? error.message)
        : `${error.message.split("\n")[0]} (${translate(lang, "error.debugHint")})`
      : String(error);
  process.stderr.write(`${translate(lang, "error.prefix")}: ${message}\n`);
  return 1;
}

export { UsageError };
