import { openOperations, type OperationsStore } from "../operations/index.ts";
import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NotFoundError } from "../errors/index.ts";
import { openStore, type Store } from "../storage/index.ts";
import type { CommandContext } from "./context.ts";

/** The workspace store file of the configured home. */
export const storePath = (ctx: CommandContext): string => join(ctx.config.home, "brecha.duckdb");

/** Opens the workspace store; read-only opening of a workspace that does not exist says how to make one. */
export async function openWorkspace(
  ctx: CommandContext,
  { readOnly }: { readOnly: boolean },
): Promise<Store> {
  if (readOnly && !existsSync(storePath(ctx))) {
    throw new NotFoundError(
      "BRECHA_NOT_FOUND",
      `no workspace at ${ctx.config.home}: run \`brecha up\` (or pass --home)`,
    );
  }
  return openStore(storePath(ctx), { readOnly });
}

/** The CLI's own entry point, to start pipeline runs and stages as processes. */
export const BRECHA_BIN = fileURLToPath(new URL("../../bin/brecha.js", import.meta.url));

/** Who a command's writes are recorded as: the system user who ran it. */
export const cliActor = () => ({ caller: `cli:${userInfo().username}`, address: null });

/** Runs `work` on the operational store (accounts, requests), closed after. */
export async function withOperations<T>(
  ctx: CommandContext,
  work: (ops: OperationsStore) => Promise<T>,
): Promise<T> {
  const ops = await openOperations(ctx.config);
  try {
    return await work(ops);
  } finally {
    await ops.close();
  }
}
