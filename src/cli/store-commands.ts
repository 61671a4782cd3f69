import { clickhouseConnection } from "../config/index.ts";
import { UsageError } from "../errors/index.ts";
import { formatNumber } from "../i18n/index.ts";
import { openClickHouseStore, type ClickHouseOptions, type Store } from "../storage/index.ts";
import { copyStore } from "../tables/index.ts";
import type { CommandContext } from "./context.ts";
import { formatTable } from "./progress.ts";
import { openWorkspace } from "./workspace.ts";

/** The ClickHouse servers named by the options, or else by the settings. */
export function clickhouseOptions(
  ctx: CommandContext,
  options: { clickhouse?: string; cluster?: string; database?: string },
  readOnly: boolean,
): ClickHouseOptions {
  const connection = clickhouseConnection(ctx.config, {
    urls: options.clickhouse?.split(",").map((u) => u.trim()),
    cluster: options.cluster,
    database: options.database,
  });
  if (!connection)
    throw new UsageError(
      "BRECHA_USAGE",
      "name the ClickHouse servers: --clickhouse http://host:8123[,http://host2:8123], or store.clickhouse.urls in brecha.config.json, or BRECHA_CLICKHOUSE_URLS",
    );
  return { ...connection, readOnly };
}

/** `brecha store copy`: the workspace's dataset versions into ClickHouse (only what is new). */
export async function copyStoreCommand(
  ctx: CommandContext,
  options: { clickhouse?: string; cluster?: string; database?: string },
): Promise<number> {
  const target = clickhouseOptions(ctx, options, false);
  const source = await openWorkspace(ctx, { readOnly: true });
  let destination: Store | undefined;
  try {
    destination = await openClickHouseStore(target);
    const started = performance.now();
    const copied = await copyStore(source, destination, {
      onVersion: (v) => {
        if (!ctx.json)
          ctx.err(
            `  ${v.dataset.padEnd(24)} ${v.versionId.slice(0, 12)} ${v.status} (${v.rows} rows)`,
          );
      },
    });
    if (ctx.json)
      ctx.out(JSON.stringify({ copied, seconds: (performance.now() - started) / 1000 }));
    else {
      const en = ctx.lang === "en";
      ctx.out(
        formatTable(
          [
            en ? "dataset" : "dataset",
            en ? "version" : "versión",
            en ? "rows" : "filas",
            en ? "status" : "estado",
          ],
          copied.map((c) => [
            c.dataset,
            c.versionId.slice(0, 12),
            formatNumber(ctx.lang, c.rows),
            c.status,
          ]),
        ),
      );
      ctx.out(
        `${copied.length} ${en ? "versions in" : "versiones en"} ${target.urls.join(", ")}${target.cluster ? ` (cluster ${target.cluster})` : ""}, ${formatNumber(ctx.lang, (performance.now() - started) / 1000, 1)} s`,
      );
    }
    return 0;
  } finally {
    await destination?.close();
    await source.close();
  }
}
