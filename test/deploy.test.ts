import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import { ConfigSchema } from "../src/config/index.ts";
import { loadPipeline, parseCron } from "../src/pipeline/index.ts";
import { DASHBOARDS } from "../tools/grafana-dashboards.ts";
import { REPO_ROOT } from "./helpers/paths.ts";

// No container engine runs here, so the deployment files are checked statically: every YAML
// parses, each Kubernetes object against a schema of the fields it must have and against the
// others (selectors, ports, names), the compose file and the Dockerfile against what the
// application expects, Prometheus files with promtool, Grafana dashboards against their generator.

const root = (...p: string[]) => join(REPO_ROOT, ...p);
const yamlDocs = (path: string): unknown[] =>
  parseAllDocuments(readFileSync(path, "utf8")).map((d) => {
    assert.equal(d.errors.length, 0, `${path}: ${d.errors.map((e) => e.message).join("; ")}`);
    return d.toJS() as unknown;
  });

const META = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  labels: z.record(z.string(), z.string()),
});
const PROBE = z.object({
  httpGet: z.object({ path: z.string(), port: z.union([z.string(), z.number()]) }),
  periodSeconds: z.number().int().positive(),
  failureThreshold: z.number().int().positive(),
});
const CONTAINER_SECURITY = z.object({
  allowPrivilegeEscalation: z.literal(false),
  readOnlyRootFilesystem: z.literal(true),
  capabilities: z.object({ drop: z.array(z.literal("ALL")) }),
});
const POD_SECURITY = z.object({
  runAsNonRoot: z.literal(true),
  runAsUser: z.number().int().positive(),
});
const RESOURCES = z.object({
  requests: z.object({ cpu: z.union([z.string(), z.number()]), memory: z.string() }),
  limits: z.object({ cpu: z.union([z.string(), z.number()]), memory: z.string() }),
});
const VOLUME_MOUNT = z.object({ name: z.string(), mountPath: z.string().startsWith("/") });
const VOLUME = z.object({
  name: z.string(),
  configMap: z.object({ name: z.string() }).optional(),
  persistentVolumeClaim: z.object({ claimName: z.string() }).optional(),
  emptyDir: z.object({}).optional(),
});
const CONTAINER = z.object({
  name: z.string(),
  image: z.string().min(1),
  args: z.array(z.string()).min(1),
  resources: RESOURCES,
  securityContext: CONTAINER_SECURITY,
  volumeMounts: z.array(VOLUME_MOUNT),
});
const SCHEMAS = {
  Deployment: z.object({
    apiVersion: z.literal("apps/v1"),
    metadata: META,
    spec: z.object({
      replicas: z.number().int().min(1),
      selector: z.object({ matchLabels: z.record(z.string(), z.string()) }),
      template: z.object({
        metadata: z.object({ labels: z.record(z.string(), z.string()) }),
        spec: z.object({
          securityContext: POD_SECURITY,
          terminationGracePeriodSeconds: z.number().int().min(10),
          containers: z
            .array(
              CONTAINER.extend({
                ports: z
                  .array(z.object({ name: z.string(), containerPort: z.number().int() }))
                  .min(1),
                readinessProbe: PROBE,
                livenessProbe: PROBE,
              }),
            )
            .length(1),
          volumes: z.array(VOLUME),
        }),
      }),
    }),
  }),
  Service: z.object({
    apiVersion: z.literal("v1"),
    metadata: META,
    spec: z.object({
      selector: z.record(z.string(), z.string()),
      ports: z
        .array(z.object({ port: z.number().int(), targetPort: z.union([z.string(), z.number()]) }))
        .min(1),
    }),
  }),
  ConfigMap: z.object({
    apiVersion: z.literal("v1"),
    metadata: META,
    data: z.record(z.string(), z.string()),
  }),
  Secret: z.object({
    apiVersion: z.literal("v1"),
    metadata: META,
    type: z.literal("Opaque"),
    stringData: z.record(z.string(), z.string()),
  }),
  PersistentVolumeClaim: z.object({
    apiVersion: z.literal("v1"),
    metadata: META,
    spec: z.object({
      accessModes: z.array(z.string()).min(1),
      resources: z.object({ requests: z.object({ storage: z.string() }) }),
    }),
  }),
  HorizontalPodAutoscaler: z.object({
    apiVersion: z.literal("autoscaling/v2"),
    metadata: META,
    spec: z.object({
      scaleTargetRef: z.object({
        apiVersion: z.string(),
        kind: z.literal("Deployment"),
        name: z.string(),
      }),
      minReplicas: z.number().int().min(1),
      maxReplicas: z.number().int().min(1),
      metrics: z.array(z.object({ type: z.string() })).min(1),
    }),
  }),
  CronJob: z.object({
    apiVersion: z.literal("batch/v1"),
    metadata: META,
    spec: z.object({
      schedule: z.string(),
      concurrencyPolicy: z.literal("Forbid"),
      jobTemplate: z.object({
        spec: z.object({
          backoffLimit: z.number().int().min(0),
          activeDeadlineSeconds: z.number().int().positive(),
          template: z.object({
            spec: z.object({
              restartPolicy: z.enum(["Never", "OnFailure"]),
              securityContext: POD_SECURITY,
              containers: z.array(CONTAINER).length(1),
              volumes: z.array(VOLUME),
            }),
          }),
        }),
      }),
    }),
  }),
} as const;

test("Kubernetes manifests: every object valid, and consistent with each other and the application", () => {
  const objects = readdirSync(root("deploy/k8s"))
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((f) => yamlDocs(root("deploy/k8s", f)).map((doc) => ({ file: f, doc })));
  const byKind = new Map<string, Array<Record<string, unknown>>>();
  for (const { file, doc } of objects) {
    const kind = (doc as { kind?: string }).kind ?? "";
    const schema = SCHEMAS[kind as keyof typeof SCHEMAS];
    assert.ok(schema, `${file}: unexpected kind "${kind}"`);
    const parsed = schema.safeParse(doc);
    assert.ok(
      parsed.success,
      `${file} (${kind}): ${parsed.success ? "" : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
    byKind.set(kind, [...(byKind.get(kind) ?? []), parsed.data as Record<string, unknown>]);
  }
  for (const kind of Object.keys(SCHEMAS)) assert.ok(byKind.has(kind), `no ${kind}`);
  const deployment = byKind.get("Deployment")![0] as z.infer<typeof SCHEMAS.Deployment>;
  const pod = deployment.spec.template;
  assert.deepEqual(deployment.spec.selector.matchLabels, pod.metadata.labels);
  const container = pod.spec.containers[0]!;
  const port = container.ports[0]!;
  assert.equal(port.containerPort, ConfigSchema.parse({}).server.port);
  assert.equal(container.readinessProbe.httpGet.path, "/readyz");
  assert.equal(container.livenessProbe.httpGet.path, "/healthz");
  for (const probe of [container.readinessProbe, container.livenessProbe])
    assert.ok([port.name, port.containerPort].includes(probe.httpGet.port));
  const service = byKind.get("Service")![0] as z.infer<typeof SCHEMAS.Service>;
  assert.deepEqual(service.spec.selector, pod.metadata.labels, "the service selects the pods");
  assert.ok(
    service.spec.ports.every((p) => [port.name, port.containerPort].includes(p.targetPort)),
  );
  const hpa = byKind.get("HorizontalPodAutoscaler")![0] as z.infer<
    typeof SCHEMAS.HorizontalPodAutoscaler
  >;
  assert.equal(hpa.spec.scaleTargetRef.name, deployment.metadata.name);
  assert.ok(hpa.spec.minReplicas <= hpa.spec.maxReplicas);
  // Volumes name objects that exist; the config map holds a valid brecha.config.json.
  const configMap = byKind.get("ConfigMap")![0] as z.infer<typeof SCHEMAS.ConfigMap>;
  const settings = JSON.parse(configMap.data["brecha.config.json"]!) as unknown;
  assert.ok(
    ConfigSchema.safeParse(settings).success,
    "brecha.config.json in the ConfigMap is valid",
  );
  const pvc = byKind.get("PersistentVolumeClaim")![0] as z.infer<
    typeof SCHEMAS.PersistentVolumeClaim
  >;
  assert.ok(
    pvc.spec.accessModes.includes("ReadWriteMany"),
    "replicas and the CronJob share the store",
  );
  const cron = byKind.get("CronJob")![0] as z.infer<typeof SCHEMAS.CronJob>;
  for (const spec of [pod.spec, cron.spec.jobTemplate.spec.template.spec]) {
    const names = new Set(spec.volumes.map((v) => v.name));
    for (const c of spec.containers)
      for (const m of c.volumeMounts) assert.ok(names.has(m.name), `volume ${m.name} is declared`);
    for (const v of spec.volumes) {
      if (v.configMap) assert.equal(v.configMap.name, configMap.metadata.name);
      if (v.persistentVolumeClaim)
        assert.equal(v.persistentVolumeClaim.claimName, pvc.metadata.name);
    }
  }
  const secret = byKind.get("Secret")![0] as z.infer<typeof SCHEMAS.Secret>;
  assert.ok("BRECHA_API_KEYS" in secret.stringData);
  parseCron(cron.spec.schedule);
  const job = cron.spec.jobTemplate.spec.template.spec.containers[0]!;
  assert.deepEqual(job.args.slice(0, 2), ["pipeline", "run"]);
  const pipelineFile = job.args[2]!.replace(/^\/app\//, "");
  assert.ok(existsSync(root(pipelineFile)), `${pipelineFile} is shipped in the image`);
  loadPipeline(root(pipelineFile));
});

test("docker-compose and the Dockerfile: multi-stage, non-root, files that exist", () => {
  const compose = z
    .object({
      services: z.object({
        app: z.object({
          build: z.string(),
          ports: z.array(z.string()),
          volumes: z.array(z.string()),
          healthcheck: z.object({ test: z.array(z.string()) }),
        }),
        clickhouse: z.object({ image: z.string().startsWith("clickhouse/clickhouse-server:") }),
        prometheus: z.object({
          image: z.string().startsWith("prom/prometheus:"),
          volumes: z.array(z.string()),
        }),
        grafana: z.object({
          image: z.string().startsWith("grafana/grafana:"),
          volumes: z.array(z.string()),
        }),
      }),
      volumes: z.record(z.string(), z.unknown()),
    })
    .parse(yamlDocs(root("docker-compose.yml"))[0]);
  for (const service of Object.values(compose.services))
    for (const v of ("volumes" in service ? service.volumes : []) as string[]) {
      const source = v.split(":")[0]!;
      if (source.startsWith("./deploy")) assert.ok(existsSync(root(source)), `${source} exists`);
      else if (!source.startsWith("$") && !source.startsWith("./"))
        assert.ok(source in compose.volumes, `volume ${source} is declared`);
    }
  assert.ok(compose.services.app.ports.includes("8080:8080"));

  const dockerfile = readFileSync(root("Dockerfile"), "utf8");
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gm)];
  assert.ok(stages.length >= 2, "multi-stage");
  const user = /^USER\s+(\S+)/m.exec(dockerfile.slice(dockerfile.lastIndexOf("FROM")))?.[1];
  assert.ok(user && !/^(root|0)(:|$)/.test(user), `the runtime stage runs as ${user}`);
  assert.match(dockerfile, /^HEALTHCHECK [^\n]*\\\n\s+CMD .*healthz/m);
  assert.match(dockerfile, /^EXPOSE 8080$/m);
  for (const [, source] of dockerfile.matchAll(/^COPY\s+(?!--from)(\S+)\s/gm))
    assert.ok(existsSync(root(source!)), `COPY ${source}: exists in the repository`);
  const ignored = readFileSync(root(".dockerignore"), "utf8").split("\n");
  assert.ok(ignored.includes("node_modules") && ignored.includes(".brecha"));
});

test("Grafana dashboards match their generator and use the provisioned Prometheus", () => {
  for (const name of Object.keys(DASHBOARDS)) {
    const file = JSON.parse(
      readFileSync(root("deploy/grafana/dashboards", `${name}.json`), "utf8"),
    );
    assert.deepEqual(
      file,
      DASHBOARDS[name as keyof typeof DASHBOARDS],
      `${name}.json: run npm run dashboards`,
    );
    const panels = (
      file as {
        panels: Array<{
          gridPos: { x: number; w: number };
          targets: Array<{ expr: string; datasource: { uid: string } }>;
        }>;
      }
    ).panels;
    for (const p of panels) {
      assert.ok(p.gridPos.x + p.gridPos.w <= 24, "panels fit the 24-column grid");
      for (const t of p.targets) assert.equal(t.datasource.uid, "brecha-prometheus");
    }
  }
  const datasource = yamlDocs(
    root("deploy/grafana/provisioning/datasources/prometheus.yml"),
  )[0] as {
    datasources: Array<{ uid: string }>;
  };
  assert.equal(datasource.datasources[0]!.uid, "brecha-prometheus");
});

// promtool comes with Debian's prometheus package, which tools/ensure-servers.sh installs for the
// tests: without it this test says so as a skip instead of passing.
const PROMTOOL = "/usr/bin/promtool";
test(
  "Prometheus configuration and alert rules pass promtool",
  { skip: existsSync(PROMTOOL) ? false : "promtool is not installed (tools/ensure-servers.sh)" },
  () => {
    for (const [what, file] of [
      ["config", "deploy/prometheus/prometheus.yml"],
      ["rules", "deploy/prometheus/rules.yml"],
    ] as const) {
      const r = spawnSync(PROMTOOL, ["check", what, root(file)], { encoding: "utf8" });
      assert.equal(r.status, 0, `${file}: ${r.stdout}${r.stderr}`);
    }
  },
);
