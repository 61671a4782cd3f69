import { execFileSync } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./ports.ts";

/** Debian's PostgreSQL programs (package `postgresql`, installed by tools/ensure-servers.sh). */
function binDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}
const BIN = binDir();
export const POSTGRESQL_MISSING = BIN
  ? false
  : "PostgreSQL is not installed (tools/ensure-servers.sh installs Debian's postgresql)";

export interface LocalPostgres {
  /** `postgresql://brecha:…@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** Makes an empty database and gives its address. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL server of its own on loopback, in a temporary folder, with a password for
 * user `brecha` (it refuses to run as root, so as root it runs as the `postgres` user). Stopped,
 * and its folder removed, by `stop()`.
 */
export async function startPostgres(): Promise<LocalPostgres> {
  if (!BIN) throw new Error(String(POSTGRESQL_MISSING));
  const root = mkdtempSync(join(tmpdir(), "brecha-postgresql-"));
  const data = join(root, "data");
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? statSync("/var/lib/postgresql").uid : undefined;
  const run = (program: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", join(BIN, program), ...args], {
          stdio: "pipe",
        })
      : execFileSync(join(BIN, program), args, { stdio: "pipe" });
  writeFileSync(join(root, "pw"), password);
  if (owner !== undefined) {
    chownSync(root, owner, owner);
    chownSync(join(root, "pw"), owner, owner);
  }
  const port = await freePort();
  try {
    run("initdb", [
      "-D",
      data,
      "-U",
      "brecha",
      "-A",
      "scram-sha-256",
      `--pwfile=${join(root, "pw")}`,
      "--no-sync",
      "-E",
      "UTF8",
      "--locale=C",
    ]);
    run("pg_ctl", [
      "-D",
      data,
      "-w",
      "-t",
      "60",
      "-l",
      join(root, "server.log"),
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off -c max_connections=200`,
      "start",
    ]);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(
      `PostgreSQL did not start: ${(error as { stderr?: Buffer }).stderr?.toString() ?? error}`,
    );
  }
  const base = `postgresql://brecha:${password}@127.0.0.1:${port}`;
  return {
    url: `${base}/postgres`,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    },
    async stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
