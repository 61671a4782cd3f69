import { DuckDBInstance, StatementType } from "@duckdb/node-api";
import { UsageError } from "../../errors/index.ts";
import { toPlainRow, toStorageError } from "./duckdb-store.ts";

/** Limits of `brecha query`: wall time, rows returned, and the engine's memory. */
export interface SandboxLimits {
  readonly timeoutMs: number;
  readonly maxRows: number;
  readonly memoryLimit: string;
}

export const DEFAULT_SANDBOX: SandboxLimits = {
  timeoutMs: 30_000,
  maxRows: 100_000,
  memoryLimit: "2GB",
};

/**
 * Runs one user-written statement against the workspace with nothing but read access to it: the
 * file is opened read-only, in an engine with external access off (no files read or written, no
 * COPY, EXPORT, ATTACH, read_csv or glob of local paths, no extension installed or loaded) and
 * its configuration locked, so the statement cannot switch any of it back on. Only one
 * statement, of type SELECT (WITH … SELECT included), runs, and a timer interrupts it.
 */
export async function sandboxedQuery(
  path: string,
  sql: string,
  limits: SandboxLimits = DEFAULT_SANDBOX,
): Promise<{ rows: Record<string, unknown>[]; truncated: boolean }> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      access_mode: "READ_ONLY",
      enable_external_access: "false",
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
      allow_community_extensions: "false",
      allow_unsigned_extensions: "false",
      memory_limit: limits.memoryLimit,
      lock_configuration: "true",
    });
  } catch (cause) {
    throw toStorageError(cause, "opening the workspace for a query");
  }
  const connection = await instance.connect();
  try {
    let extracted;
    try {
      extracted = await connection.extractStatements(sql);
    } catch (cause) {
      throw refused(`the statement does not parse: ${firstLine(cause)}`);
    }
    if (extracted.count !== 1) throw refused(`one statement at a time, got ${extracted.count}`);
    let prepared;
    try {
      prepared = await extracted.prepare(0);
    } catch (cause) {
      throw refused(firstLine(cause));
    }
    if (prepared.statementType !== StatementType.SELECT)
      throw refused(
        `only SELECT (or WITH … SELECT) reads the workspace; this is a ${StatementType[prepared.statementType] ?? "statement of another kind"}`,
      );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, limits.timeoutMs);
    try {
      const reader = await prepared.streamAndReadUntil(limits.maxRows + 1);
      const rows = reader.getRowObjectsJS().map(toPlainRow);
      const truncated = rows.length > limits.maxRows;
      return { rows: truncated ? rows.slice(0, limits.maxRows) : rows, truncated };
    } catch (cause) {
      if (timedOut)
        throw new UsageError(
          "BRECHA_QUERY_TIMEOUT",
          `the query ran longer than ${limits.timeoutMs / 1000} s and was stopped; narrow it (WHERE, LIMIT) or raise --timeout`,
        );
      throw refused(firstLine(cause));
    } finally {
      clearTimeout(timer);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function refused(why: string): UsageError {
  return new UsageError("BRECHA_QUERY_REFUSED", `query refused: ${why}`);
}

function firstLine(cause: unknown): string {
  return (cause instanceof Error ? cause.message : String(cause)).split("\n")[0]!;
}
