import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports.ts";

/** Debian's ClickHouse server binary (tools/ensure-servers.sh installs it). */
export const CLICKHOUSE_SERVER = "/usr/sbin/clickhouse-server";
export const CLICKHOUSE_MISSING = existsSync(CLICKHOUSE_SERVER)
  ? false
  : "clickhouse-server is not installed (tools/ensure-servers.sh)";

export interface LocalClickHouse {
  /** HTTP address of each node, e.g. http://127.0.0.1:18123. */
  readonly urls: readonly string[];
  /** The cluster name both nodes know (`remote_servers`): one shard per node. */
  readonly cluster: string;
  stop(): Promise<void>;
}

/**
 * Starts `nodes` ClickHouse server processes on loopback, each in its own temporary folder, that
 * together form a cluster with one shard per node (for `Distributed` tables). Stopped, and their
 * folders removed, by `stop()`.
 */
export async function startClickHouse(nodes = 1): Promise<LocalClickHouse> {
  const root = mkdtempSync(join(tmpdir(), "brecha-clickhouse-"));
  const ports = [];
  for (let i = 0; i < nodes; i++)
    ports.push({ http: await freePort(), tcp: await freePort(), inter: await freePort() });
  const cluster = "brecha_cluster";
  const shards = ports
    .map((p) => `<shard><replica><host>127.0.0.1</host><port>${p.tcp}</port></replica></shard>`)
    .join("");
  const children: ChildProcess[] = [];
  try {
    for (const [i, p] of ports.entries()) {
      const dir = join(root, `node${i + 1}`);
      for (const sub of ["data", "tmp", "user_files", "format_schemas"])
        mkdirSync(join(dir, sub), { recursive: true });
      writeFileSync(
        join(dir, "users.xml"),
        `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>6000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`,
      );
      writeFileSync(
        join(dir, "config.xml"),
        `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${p.http}</http_port>
  <tcp_port>${p.tcp}</tcp_port>
  <interserver_http_port>${p.inter}</interserver_http_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>1073741824</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <remote_servers><${cluster}>${shards}</${cluster}></remote_servers>
</yandex>
`,
      );
      const child = spawn(CLICKHOUSE_SERVER, [`--config-file=${join(dir, "config.xml")}`], {
        cwd: dir,
        stdio: "ignore",
      });
      children.push(child);
    }
    const urls = ports.map((p) => `http://127.0.0.1:${p.http}`);
    const deadline = Date.now() + 30_000;
    for (const url of urls)
      for (;;) {
        const ok = await fetch(`${url}/ping`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) break;
        if (Date.now() > deadline)
          throw new Error(`ClickHouse at ${url} did not start (see ${root})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    return {
      urls,
      cluster,
      stop: async () => {
        await Promise.all(
          children.map(
            (c) =>
              new Promise<void>((resolve) => {
                if (c.exitCode !== null || c.signalCode !== null) return resolve();
                c.once("exit", () => resolve());
                c.kill("SIGTERM");
                // It can take up to 15 s after SIGTERM; do not wait for that.
                setTimeout(() => c.kill("SIGKILL"), 3_000).unref();
              }),
          ),
        );
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const c of children) c.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
