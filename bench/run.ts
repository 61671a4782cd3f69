import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchAnalytics } from "./analytics.bench.ts";
import { benchIngest } from "./ingest.bench.ts";
import { benchApi } from "./api.bench.ts";
import { SLOW_MOBILE } from "./dashboard.bench.ts";
import { benchLoad } from "./load.bench.ts";
import { benchScale } from "./scale.bench.ts";
import { benchModels, benchPeerGbt, benchPeerRegression } from "./models.bench.ts";
import { benchNationalMclp, benchPMedian } from "./planning.bench.ts";
import { benchAbuse, benchNationalPlans } from "./jobs.bench.ts";
import { benchSjc } from "./covering.bench.ts";
import { benchCapacitated } from "./capacitated.bench.ts";
import { benchWorkspace } from "./workspace.bench.ts";
import { benchRecommend } from "./recommend.bench.ts";
import { benchFieldLoad, type FieldLoadFigure } from "./field-load.bench.ts";
import { benchFinder, POOR_LINK } from "./finder.bench.ts";

// `npm run bench`: prints each figure beside its baseline measured in the same process, and keeps
// the last results in bench/results/latest.json (not committed). BENCH_RUNS sets the repetitions.

const runs = Number(process.env.BENCH_RUNS ?? 3);
// BENCH_ONLY=api,load (any of workspace, ingest, analytics, planning, covering, capacitated, jobs,
// models, api, load, abuse, scale, recommend, field, finder)
// runs some sections.
const only = new Set((process.env.BENCH_ONLY ?? "").split(",").filter(Boolean));
const want = (section: string) => only.size === 0 || only.has(section);
const results: Record<string, unknown> = { node: process.version, runs };

function printTable(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const row of [header, widths.map((w) => "-".repeat(w)), ...lines])
    console.log(row.map((c, i) => c.padEnd(widths[i]!)).join("  "));
}

const dir = mkdtempSync(join(tmpdir(), "brecha-bench-"));
try {
  console.log(`Brecha benchmarks — node ${process.version}, median of ${runs} runs\n`);
  if (want("workspace")) {
    console.log("Workspace: `brecha up` from nothing (every source, the join report, the demo)");
    const workspace = await benchWorkspace({ dir, runs });
    results.workspace = workspace;
    const baseline = workspace.find((f) => f.name.startsWith("mirror"));
    printTable(
      ["built from", "s", "real datasets", "synthetic", "ratio to mirror", "target"],
      workspace.map((f) => [
        f.name,
        (f.ms / 1000).toFixed(2),
        String(f.realDatasets),
        String(f.syntheticDatasets),
        baseline ? `${(f.ms / baseline.ms).toFixed(2)}x` : "-",
        f === baseline ? "-" : "< 60 s to a drawn map",
      ]),
    );
    console.log("");
  }
  if (want("recommend")) {
    console.log(
      "Recommendations: NDCG@10 on held-out ratings (SYNTHETIC learners and feedback; no public feedback data exists)",
    );
    const r = benchRecommend();
    results.recommend = r;
    printTable(
      ["ranking", "NDCG@10", "ratio to popularity", "target"],
      [
        [
          "fit × shrunk feedback",
          r.ndcgModel.toFixed(3),
          `${(r.ndcgModel / r.ndcgPopularity).toFixed(2)}x`,
          "> popularity",
        ],
        [
          "fit alone",
          r.ndcgFitOnly.toFixed(3),
          `${(r.ndcgFitOnly / r.ndcgPopularity).toFixed(2)}x`,
          "-",
        ],
        ["popularity (baseline)", r.ndcgPopularity.toFixed(3), "1.00x", "-"],
      ],
    );
    console.log(
      `${r.learners} learners with held-out ratings, ${r.resources} resources, ${r.trainVotes} training votes, ${r.heldOutVotes} held out; ${r.msPerRanking.toFixed(3)} ms per ranking\n`,
    );
  }
  if (want("finder")) {
    console.log(
      `Hub finder on a poor link (${POOR_LINK.downKbps} kbit/s down, ${POOR_LINK.latencyMs} ms round trips, CPU ${POOR_LINK.cpuSlowdown}× slower), cold, 390 px; baseline: the dashboard's first view on the same link`,
    );
    const f = await benchFinder(dir, runs);
    results.finder = f;
    if (!f) console.log("  skipped: no populated places in the workspace");
    else {
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      printTable(
        ["view", "s (median)", "KB on the wire", "ratio to dashboard", "target"],
        [
          [
            "finder: button on screen",
            (med(f.usableMs) / 1000).toFixed(2),
            f.firstViewKb.toFixed(1),
            `${(med(f.usableMs) / med(f.dashboardMs)).toFixed(2)}x`,
            `≤ ${POOR_LINK.budgetKb} KB`,
          ],
          [
            "finder: nearest hubs listed",
            (med(f.listedMs) / 1000).toFixed(2),
            (f.firstViewKb + f.answerKb).toFixed(1),
            `${(med(f.listedMs) / med(f.dashboardMs)).toFixed(2)}x`,
            `< ${POOR_LINK.goalMs / 1000} s`,
          ],
          [
            "dashboard: map drawn (baseline)",
            (med(f.dashboardMs) / 1000).toFixed(2),
            f.dashboardKb.toFixed(1),
            "1.00x",
            "-",
          ],
        ],
      );
    }
    console.log("");
  }
  if (want("field")) {
    const users = Number(process.env.BENCH_FIELD_USERS ?? 200);
    const seconds = Number(process.env.BENCH_FIELD_SECONDS ?? 60);
    console.log(
      `Field load: ${users} teachers signed in, filing and reading requests for ${seconds} s (0.5-1.5 s thinking between actions), brecha serve in its own process`,
    );
    const figures: FieldLoadFigure[] = [];
    const engines = (process.env.BENCH_FIELD_ENGINES ?? "embedded,postgresql").split(",") as Array<
      "embedded" | "postgresql"
    >;
    for (const engine of engines) {
      const f = await benchFieldLoad(dir, engine, users, seconds);
      if (f) figures.push(f);
      else console.log(`  ${engine}: skipped (PostgreSQL is not installed)`);
    }
    results.field = figures;
    printTable(
      [
        "operational store",
        "requests",
        "writes",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "errors",
        "target",
      ],
      figures.map((f) => [
        f.engine,
        String(f.requests),
        String(f.writes),
        f.requestsPerSecond.toFixed(0),
        f.p50Ms.toFixed(1),
        f.p99Ms.toFixed(1),
        f.maxMs.toFixed(0),
        String(f.errors),
        "0 errors, p99 < 100 ms",
      ]),
    );
    console.log("");
  }
  if (want("ingest")) {
    console.log("Ingestion: read, validate, quarantine, hash and publish a dataset version");
    const ingest = await benchIngest({ dir, runs });
    results.ingest = ingest;
    printTable(
      ["file", "rows", "MB", "Brecha ms", "rows/s", "DuckDB read_csv ms", "ratio", "target"],
      ingest.map((f) => [
        f.name,
        String(f.rows),
        f.megabytes.toFixed(1),
        f.brechaMs.toFixed(0),
        Math.round((f.rows / f.brechaMs) * 1000).toLocaleString("en-US"),
        f.duckdbMs === null ? "-" : f.duckdbMs.toFixed(0),
        f.duckdbMs === null ? "-" : `${(f.brechaMs / f.duckdbMs).toFixed(2)}x`,
        f.target,
      ]),
    );
  }
  if (want("analytics")) {
    console.log("\nAnalytics");
    const analytics = await benchAnalytics({ runs: Math.max(runs, 5) });
    results.analytics = analytics;
    printTable(
      ["computation", "ms", "baseline", "baseline ms", "ratio", "target"],
      analytics.map((f) => [
        f.name,
        f.ms.toFixed(0),
        f.baseline,
        f.baselineMs === null ? "-" : f.baselineMs.toFixed(0),
        f.baselineMs === null ? "-" : `${(f.ms / f.baselineMs).toFixed(2)}x`,
        f.target,
      ]),
    );
  }
  if (want("planning")) {
    console.log("\nPlanning: national maximal covering");
    const mclp = await benchNationalMclp();
    results.mclp = mclp;
    printTable(
      [
        "instance",
        "demand",
        "candidates",
        "p",
        "covered %",
        "gap %",
        "proved by",
        "s",
        "greedy alone: s, gap %",
        "target",
      ],
      mclp.map((f) => [
        f.name,
        String(f.demand),
        String(f.candidates),
        String(f.p),
        f.coveredPct.toFixed(2),
        f.gapPct.toFixed(3),
        f.provedBy,
        (f.ms / 1000).toFixed(1),
        `${(f.greedyMs / 1000).toFixed(2)}, ${f.greedyGapPct.toFixed(2)}`,
        "<= 0.5% in < 60 s",
      ]),
    );
    console.log("\nPlanning: OR-Library p-median (30 s limit each; BENCH_PMED=1-40 selects)");
    const pmedian = await benchPMedian();
    results.pmedian = pmedian;
    const proven = pmedian.filter((f) => f.proven).length;
    const reached = pmedian.filter((f) => f.found === f.optimum).length;
    console.log(
      `  ${reached}/${pmedian.length} published optima reached, ${proven}/${pmedian.length} proven optimal within 30 s`,
    );
  }
  if (want("models")) {
    console.log(
      "\nModels: gradient-boosted trees (100 rounds, 31 leaves) on 100,000 x 30, binary target",
    );
    const peer = await benchPeerGbt(runs);
    results.peerGbt = peer;
    console.log(
      "Gradient boosting beside scikit-learn's HistGradientBoosting (one thread), same 80/20 split of 100,000 x 30",
    );
    if (peer.peerTrainMs === null)
      console.log(
        `  (python3-sklearn not installed: apt-get install python3-sklearn; last recorded peer figure: ${peer.recorded.trainSeconds ?? "-"} s, accuracy ${peer.recorded.accuracy ?? "-"}, measured ${peer.recorded.measured ?? "never"})`,
      );
    printTable(
      ["", "Brecha GBT", "HistGB", "ratio", "target"],
      [
        [
          "train, s",
          (peer.brechaTrainMs / 1000).toFixed(2),
          peer.peerTrainMs === null ? "-" : (peer.peerTrainMs / 1000).toFixed(2),
          peer.peerTrainMs === null
            ? "-"
            : `${(peer.brechaTrainMs / peer.peerTrainMs).toFixed(2)}x`,
          "<= 2x",
        ],
        [
          "hold-out accuracy",
          peer.brechaAccuracy.toFixed(4),
          peer.peerAccuracy === null ? "-" : peer.peerAccuracy.toFixed(4),
          peer.peerAccuracy === null ? "-" : (peer.brechaAccuracy - peer.peerAccuracy).toFixed(4),
          "within 0.005",
        ],
      ],
    );
    console.log(
      "\nRegression, 10,000 x 12, beside scikit-learn (one thread): GBT with each side's defaults on an 80/20 split; the network over five folds with matched settings",
    );
    const regression = await benchPeerRegression();
    results.peerRegression = regression;
    const rec = regression.recorded;
    if (regression.peer === null)
      console.log(
        `  (python3-sklearn not installed: apt-get install python3-sklearn; last recorded peer figures, ${rec.measured}: HistGB ${rec.gbtSeconds} s, R² ${rec.gbtR2}; MLP ${rec.mlpSeconds} s, R² ${rec.mlpR2})`,
      );
    const peer2 = regression.peer;
    printTable(
      ["", "Brecha", "scikit-learn", "ratio / difference", "target"],
      [
        [
          "GBT train, s",
          (regression.gbtMs / 1000).toFixed(2),
          peer2 ? (peer2.gbtMs / 1000).toFixed(2) : "-",
          peer2 ? `${(regression.gbtMs / peer2.gbtMs).toFixed(2)}x` : "-",
          "-",
        ],
        [
          "GBT hold-out R²",
          regression.gbtR2.toFixed(4),
          peer2 ? peer2.gbtR2.toFixed(4) : "-",
          peer2 ? (regression.gbtR2 - peer2.gbtR2).toFixed(4) : "-",
          ">= -0.002",
        ],
        [
          "MLP 5 folds, s",
          (regression.mlpMs / 1000).toFixed(2),
          peer2 ? (peer2.mlpMs / 1000).toFixed(2) : "-",
          peer2 ? `${(regression.mlpMs / peer2.mlpMs).toFixed(2)}x` : "-",
          "<= 2x",
        ],
        [
          "MLP 5-fold R²",
          regression.mlpR2.toFixed(4),
          peer2 ? peer2.mlpR2.toFixed(4) : "-",
          peer2 ? (regression.mlpR2 - peer2.mlpR2).toFixed(4) : "-",
          "-",
        ],
      ],
    );
    const models = await benchModels(runs);
    results.models = models;
    printTable(
      ["step", "GBT", "linear baseline", "ratio", "target"],
      [
        [
          "train, s",
          (models.gbtTrainMs / 1000).toFixed(2),
          (models.linearTrainMs / 1000).toFixed(2),
          `${(models.gbtTrainMs / models.linearTrainMs).toFixed(1)}x`,
          "< 10 s",
        ],
        [
          "predict 100,000 rows, s",
          (models.gbtPredictMs / 1000).toFixed(3),
          (models.linearPredictMs / 1000).toFixed(3),
          `${(models.gbtPredictMs / models.linearPredictMs).toFixed(1)}x`,
          "< 0.5 s",
        ],
        [
          "5-fold blocked CV accuracy",
          models.gbtCvAccuracy.toFixed(4),
          models.linearCvAccuracy.toFixed(4),
          "-",
          "-",
        ],
        [
          "5-fold blocked CV ROC AUC",
          models.gbtCvAuc.toFixed(4),
          models.linearCvAuc.toFixed(4),
          "-",
          "-",
        ],
      ],
    );
  }
  if (want("api")) {
    console.log(
      "\nAPI: autocannon, 10 connections, 10 s each, loopback, server in a child process",
    );
    const { api, dashboard } = await benchApi(dir);
    results.api = api;
    results.dashboard = dashboard;
    printTable(
      ["endpoint", "req/s", "p50 ms", "p97.5 ms (≥ p95)", "p99 ms", "errors", "KB/resp", "target"],
      api.map((f) => [
        f.name,
        f.requestsPerSecond.toFixed(0),
        String(f.p50Ms),
        String(f.p975Ms),
        String(f.p99Ms),
        String(f.errors + f.non2xx),
        f.kbPerResponse.toFixed(1),
        f.name.includes("1 indicator") ? "p95 < 20 ms, >= 1000 req/s" : "-",
      ]),
    );
    console.log("\nDashboard: first view in a cold headless chromium (department map drawn)");
    if (dashboard === null) console.log("  (skipped: chromium or the dashboard build is missing)");
    else
      printTable(
        [
          "in the browser: runs, ms",
          "median ms",
          "seen by the bench: runs, ms",
          "JavaScript gzip KB",
          "CSS gzip KB",
          "target",
        ],
        [
          [
            dashboard.firstViewMs.join(", "),
            String([...dashboard.firstViewMs].sort((a, b) => a - b)[1] ?? dashboard.firstViewMs[0]),
            dashboard.observedMs.join(", "),
            dashboard.javascriptGzipKb.toFixed(0),
            dashboard.cssGzipKb.toFixed(0),
            "< 1.5 s; JS < 600 KB gzip",
          ],
        ],
      );
    if (dashboard !== null) {
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      console.log(
        `\nThe same first view on a phone over a slow mobile link (${SLOW_MOBILE.downKbps / 1000} Mbit/s down, ${SLOW_MOBILE.latencyMs} ms RTT, CPU ÷${SLOW_MOBILE.cpuSlowdown}, 390 px), cold cache`,
      );
      printTable(
        ["runs, ms", "median ms", "ratio to the desktop view", "KB over the wire", "target"],
        [
          [
            dashboard.slowMobileMs.join(", "),
            String(median(dashboard.slowMobileMs)),
            `${(median(dashboard.slowMobileMs) / median(dashboard.firstViewMs)).toFixed(1)}×`,
            dashboard.slowMobileKb.toFixed(0),
            `< ${SLOW_MOBILE.goalMs / 1000} s ${median(dashboard.slowMobileMs) < SLOW_MOBILE.goalMs ? "(met)" : "(NOT met)"}`,
          ],
        ],
      );
    }
  }
  if (want("load")) {
    console.log(
      "\nLoad: 200 concurrent clients for 60 s on a mix of dashboard reads, server memory sampled",
    );
    const load = await benchLoad(dir);
    results.load = load;
    printTable(
      [
        "clients",
        "s",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "non-2xx",
        "RSS MB (every 2 s)",
        "RSS change after 10 s",
        "target",
      ],
      [
        [
          String(load.connections),
          String(load.seconds),
          String(load.requests),
          load.requestsPerSecond.toFixed(0),
          String(load.p50Ms),
          String(load.p99Ms),
          String(load.errors),
          String(load.non2xx),
          `${Math.min(...load.rssMb)}-${Math.max(...load.rssMb)}`,
          `${load.rssGrowthPct.toFixed(1)}%`,
          "0 errors; flat memory",
        ],
      ],
    );
  }
  if (want("covering")) {
    console.log(
      "\nMaximal covering, São José dos Campos (25 cases): Brecha proving the optimum vs CBC on the same model, same run",
    );
    const sjc = await benchSjc();
    results.sjc = sjc;
    printTable(
      [
        "instance",
        "S",
        "p",
        "optimum",
        "Brecha",
        "ms",
        "proved by",
        "CBC",
        "CBC ms",
        "ratio",
        "target",
      ],
      sjc.map((f) => [
        f.instance,
        String(f.radius),
        String(f.p),
        String(f.optimum),
        String(f.brecha),
        f.brechaMs.toFixed(0),
        f.provedBy,
        f.cbc === null ? "-" : String(f.cbc),
        f.cbcMs === null ? "-" : f.cbcMs.toFixed(0),
        f.cbcMs === null ? "-" : `${(f.brechaMs / f.cbcMs).toFixed(2)}x`,
        "optimum, ≤ 1.00x",
      ]),
    );
    const ratios = sjc.filter((f) => f.cbcMs !== null).map((f) => f.brechaMs / f.cbcMs!);
    if (ratios.length > 0) {
      ratios.sort((a, b) => a - b);
      console.log(
        `  median ratio ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}x, worst ${ratios.at(-1)!.toFixed(2)}x; optima reached: ${sjc.filter((f) => f.brecha === f.optimum).length}/${sjc.length}`,
      );
    }
  }
  if (want("capacitated")) {
    console.log(
      "\nCapacitated models: OR-Library cap41-134 (facility location) and pmedcap01-20 (p-median), 30 s limit each, against the published optima",
    );
    const capacitated = await benchCapacitated();
    results.capacitated = capacitated;
    for (const [family, figures] of [
      ["facility location", capacitated.cflp],
      ["p-median", capacitated.pmedcap],
    ] as const) {
      if (figures.length === 0) continue;
      const atOptimum = figures.filter(
        (f) => Math.abs(f.found - f.optimum) <= 1e-6 * Math.max(1, f.optimum),
      );
      const slowest = figures.reduce((a, f) => (f.ms > a.ms ? f : a));
      console.log(
        `  ${family}: ${atOptimum.length}/${figures.length} at the published optimum, ${figures.filter((f) => f.proven).length} proven; slowest ${slowest.instance} ${(slowest.ms / 1000).toFixed(1)} s (target: every one at its optimum within 30 s)`,
      );
      for (const f of figures.filter((x) => !atOptimum.includes(x) || x.ms > 30_000))
        console.log(
          `    ${f.instance}: found ${f.found.toFixed(3)}, optimum ${f.optimum}, bound ${f.bound.toFixed(3)}, ${(f.ms / 1000).toFixed(1)} s`,
        );
    }
  }
  if (want("jobs")) {
    console.log(
      "\nNational plans as jobs from the API (submission to result, child process included), 2 cores",
    );
    const national = await benchNationalPlans(dir);
    results.national = national;
    printTable(
      ["plan", "size", "s to result", "solver s", "gap %", "ratio to target", "target"],
      national.map((f) => [
        f.plan,
        f.size,
        f.seconds.toFixed(1),
        f.jobSeconds.toFixed(1),
        f.gapPct === null ? "-" : f.gapPct.toFixed(4),
        `${(f.seconds / f.targetS).toFixed(2)}x`,
        `<= ${f.targetS} s, gap <= 1%`,
      ]),
    );
  }
  if (want("abuse")) {
    console.log(
      "\nAbuse: health and cached district indicators (10 clients, 10 s) alone, then with 20 plans and 5 hot-spot maps of 9,999 permutations in flight",
    );
    const abuse = await benchAbuse(dir);
    results.abuse = abuse;
    const alone = abuse.figures[0]!;
    printTable(
      ["reads", "requests", "req/s", "p50 ms", "p99 ms", "p99 ratio to alone", "errors", "target"],
      abuse.figures.map((f) => [
        f.phase,
        String(f.requests),
        f.requestsPerSecond.toFixed(0),
        String(f.p50Ms),
        String(f.p99Ms),
        `${(f.p99Ms / Math.max(1, alone.p99Ms)).toFixed(2)}x`,
        String(f.errors + f.non2xx),
        "p99 < 50 ms",
      ]),
    );
    console.log(
      `  plans: ${JSON.stringify(abuse.plans)}; permutation maps: ${JSON.stringify(abuse.heavy)}`,
    );
  }
  if (want("scale")) {
    const rows = Number(process.env.BENCH_SCALE_ROWS ?? 20_000_000);
    console.log(
      `\nScale-out: the same district aggregation over a ${rows.toLocaleString("en-US")}-row school-year table, DuckDB (embedded) vs ClickHouse (two shards, loopback), best of 3`,
    );
    const scale = await benchScale(dir, rows);
    results.scale = scale;
    if (scale === null) console.log("  (skipped: clickhouse-server is not installed)");
    else {
      console.log(
        `  generated in-engine: DuckDB ${(scale.loadMs.duckdb / 1000).toFixed(1)} s, ClickHouse ${(scale.loadMs.clickhouse / 1000).toFixed(1)} s`,
      );
      printTable(
        [
          "query",
          "rows",
          "groups",
          "DuckDB ms",
          "ClickHouse 2 shards ms",
          "ratio (CH/DuckDB)",
          "same result",
        ],
        scale.figures.map((f) => [
          f.query,
          f.rows.toLocaleString("en-US"),
          String(f.groups),
          f.duckdbMs.toFixed(0),
          f.clickhouseMs.toFixed(0),
          `${(f.clickhouseMs / f.duckdbMs).toFixed(2)}x`,
          f.same ? "yes" : "NO",
        ]),
      );
    }
  }
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/latest.json", JSON.stringify(results, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
