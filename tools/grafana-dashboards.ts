// Writes the Grafana dashboards (deploy/grafana/dashboards/*.json) from the panel lists below, so
// that the JSON stays regular and reviewable here. `npm run dashboards`; a test checks the files
// match this script and that every query is valid PromQL on a real Prometheus.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const DATASOURCE = { type: "prometheus", uid: "brecha-prometheus" };

interface PanelSpec {
  title: string;
  type: "timeseries" | "stat" | "table" | "bargauge";
  unit: string;
  targets: Array<{ expr: string; legend: string }>;
  description: string;
  width?: number;
}

function dashboard(uid: string, title: string, description: string, panels: PanelSpec[]) {
  let x = 0;
  let y = 0;
  return {
    uid,
    title,
    description,
    tags: ["brecha"],
    timezone: "America/Lima",
    schemaVersion: 39,
    version: 1,
    refresh: "30s",
    time: { from: "now-24h", to: "now" },
    panels: panels.map((p, i) => {
      const w = p.width ?? 12;
      if (x + w > 24) {
        x = 0;
        y += 8;
      }
      const gridPos = { x, y, w, h: 8 };
      x += w;
      return {
        id: i + 1,
        type: p.type,
        title: p.title,
        description: p.description,
        datasource: DATASOURCE,
        gridPos,
        fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
        options: {},
        targets: p.targets.map((t, k) => ({
          refId: String.fromCharCode(65 + k),
          datasource: DATASOURCE,
          expr: t.expr,
          legendFormat: t.legend,
        })),
      };
    }),
  };
}

export const DASHBOARDS = {
  "brecha-system": dashboard(
    "brecha-system",
    "Brecha — system health",
    "API traffic, latency, errors and the process behind it.",
    [
      {
        title: "Requests per second by route",
        type: "timeseries",
        unit: "reqps",
        description: "All HTTP requests, by route pattern.",
        targets: [
          { expr: "sum by (route) (rate(brecha_http_requests_total[5m]))", legend: "{{route}}" },
        ],
      },
      {
        title: "p95 latency by route",
        type: "timeseries",
        unit: "s",
        description: "Target for district indicators: p95 < 20 ms.",
        targets: [
          {
            expr: "histogram_quantile(0.95, sum by (le, route) (rate(brecha_http_request_duration_seconds_bucket[5m])))",
            legend: "{{route}}",
          },
        ],
      },
      {
        title: "Share of server errors",
        type: "stat",
        unit: "percentunit",
        description: "5xx responses over all responses, last 5 minutes.",
        width: 6,
        targets: [
          {
            expr: 'sum(rate(brecha_http_requests_total{status=~"5.."}[5m])) / clamp_min(sum(rate(brecha_http_requests_total[5m])), 1e-9)',
            legend: "5xx",
          },
        ],
      },
      {
        title: "Client errors by status",
        type: "timeseries",
        unit: "reqps",
        description: "4xx: invalid requests, missing keys, rate limits.",
        width: 6,
        targets: [
          {
            expr: 'sum by (status) (rate(brecha_http_requests_total{status=~"4.."}[5m]))',
            legend: "{{status}}",
          },
        ],
      },
      {
        title: "Resident memory",
        type: "timeseries",
        unit: "bytes",
        description: "Should stay flat under steady load.",
        width: 6,
        targets: [{ expr: "brecha_process_resident_memory_bytes", legend: "{{instance}}" }],
      },
      {
        title: "Event-loop lag p99",
        type: "timeseries",
        unit: "s",
        description: "Time the server took to get back to waiting requests.",
        width: 6,
        targets: [{ expr: "brecha_nodejs_eventloop_lag_p99_seconds", legend: "{{instance}}" }],
      },
      {
        title: "Up",
        type: "stat",
        unit: "none",
        description: "1 when Prometheus reaches the server.",
        width: 6,
        targets: [{ expr: 'up{job="brecha"}', legend: "{{instance}}" }],
      },
      {
        title: "Solver time of the last plans",
        type: "bargauge",
        unit: "s",
        description: "HiGHS and the Lagrangian heuristics, by plan kind and where it ran.",
        width: 9,
        targets: [{ expr: "brecha_solver_seconds", legend: "{{plan}} ({{source}})" }],
      },
      {
        title: "Optimality gap of the last plans",
        type: "bargauge",
        unit: "percentunit",
        description: "0 = proven optimal.",
        width: 9,
        targets: [{ expr: "brecha_solver_gap_ratio", legend: "{{plan}} ({{source}})" }],
      },
    ],
  ),
  "brecha-data-models": dashboard(
    "brecha-data-models",
    "Brecha — data and model quality",
    "Freshness of the datasets, pipeline runs, model quality and drift.",
    [
      {
        title: "Dataset age (days)",
        type: "table",
        unit: "d",
        description:
          "Time since each dataset's current version was published; synthetic ones flagged.",
        targets: [
          {
            expr: "brecha_dataset_age_seconds / 86400",
            legend: "{{dataset}} (synthetic={{synthetic}})",
          },
        ],
      },
      {
        title: "Rows per dataset",
        type: "bargauge",
        unit: "short",
        description: "Rows published in each current version.",
        targets: [{ expr: "brecha_dataset_rows", legend: "{{dataset}}" }],
      },
      {
        title: "Pipeline stage durations (last run)",
        type: "bargauge",
        unit: "s",
        description: "Each stage of each pipeline's last run.",
        targets: [{ expr: "brecha_pipeline_stage_seconds", legend: "{{pipeline}} / {{stage}}" }],
      },
      {
        title: "Stage outcomes (last 50 runs)",
        type: "table",
        unit: "short",
        description: "ran, skipped (up to date), failed, not-run.",
        targets: [
          { expr: "brecha_pipeline_stage_runs", legend: "{{pipeline}} / {{stage}} / {{status}}" },
        ],
      },
      {
        title: "Last pipeline run",
        type: "stat",
        unit: "dateTimeFromNow",
        description: "When each pipeline last ended, by outcome.",
        width: 8,
        targets: [
          {
            expr: "brecha_pipeline_last_run_timestamp_seconds * 1000",
            legend: "{{pipeline}} {{status}}",
          },
        ],
      },
      {
        title: "Production model scores",
        type: "table",
        unit: "none",
        description: "Cross-validated score on each task's primary metric (blocked folds).",
        width: 8,
        targets: [{ expr: "brecha_model_score", legend: "{{task}} {{metric}} {{model}}" }],
      },
      {
        title: "Feature drift (PSI)",
        type: "bargauge",
        unit: "none",
        description: "< 0.1 stable, 0.1-0.25 moderate, ≥ 0.25 drift (alert).",
        width: 8,
        targets: [{ expr: "brecha_model_drift_psi", legend: "{{task}} / {{feature}}" }],
      },
    ],
  ),
  "brecha-field": dashboard(
    "brecha-field",
    "Brecha — requests and deliveries",
    "School requests by status, and how well approved devices reach the schools: delivered against planned, days to delivery, flags, and the share of approved need met, by department.",
    [
      {
        title: "Requests by status",
        type: "bargauge",
        unit: "none",
        description: "School requests in each status, all departments.",
        width: 8,
        targets: [{ expr: "sum by (status) (brecha_requests)", legend: "{{status}}" }],
      },
      {
        title: "Pending requests by department",
        type: "bargauge",
        unit: "none",
        description: "Requests waiting for their UGEL's or DRE's review.",
        width: 8,
        targets: [{ expr: 'brecha_requests{status="pending"}', legend: "{{department}}" }],
      },
      {
        title: "Delivered / planned",
        type: "bargauge",
        unit: "percentunit",
        description:
          "Units received over units planned, by department (cancelled shipments left out).",
        width: 8,
        targets: [{ expr: "brecha_delivery_ratio", legend: "{{department}}" }],
      },
      {
        title: "Units planned and delivered",
        type: "timeseries",
        unit: "none",
        description: "Device units in shipments, planned and received, over time.",
        targets: [{ expr: "sum by (kind) (brecha_delivery_units)", legend: "{{kind}}" }],
      },
      {
        title: "Median days to delivery",
        type: "bargauge",
        unit: "d",
        description: "From a shipment's planning to its receipt, median over received shipments.",
        targets: [{ expr: "brecha_delivery_days", legend: "{{department}}" }],
      },
      {
        title: "Share of approved need met",
        type: "bargauge",
        unit: "percentunit",
        description: "Devices approved in school requests that have arrived at those schools.",
        targets: [{ expr: "brecha_approved_need_met_ratio", legend: "{{department}}" }],
      },
      {
        title: "Delayed and discrepant shipments",
        type: "table",
        unit: "none",
        description:
          "Shipments past their due date, and receipts that differ from what was planned.",
        targets: [{ expr: "brecha_delivery_flags > 0", legend: "{{department}} {{flag}}" }],
      },
    ],
  ),
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, body] of Object.entries(DASHBOARDS))
    writeFileSync(
      join("deploy/grafana/dashboards", `${name}.json`),
      `${JSON.stringify(body, null, 2)}\n`,
    );
}
