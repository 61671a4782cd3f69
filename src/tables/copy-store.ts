import { z } from "zod";
import type { CellValue } from "../domain/index.ts";
import { sql, type Store } from "../storage/index.ts";
import { toCanonicalCsv } from "./canonical-csv.ts";

export interface CopiedVersion {
  readonly dataset: string;
  readonly versionId: string;
  readonly rows: number;
  readonly status: string;
}

/**
 * Copies every dataset version, with its provenance and quarantine, from one store to another
 * (for example the DuckDB workspace into ClickHouse when it outgrows one machine), oldest first,
 * then makes the same versions current. Version ids are content hashes, so copying again only
 * adds what is new.
 */
export async function copyStore(
  from: Store,
  to: Store,
  { onVersion }: { onVersion?: (v: CopiedVersion) => void } = {},
): Promise<CopiedVersion[]> {
  const versions = (await from.versions()).reverse();
  const present = new Set((await to.versions()).map((v) => `${v.dataset}@${v.versionId}`));
  const copied: CopiedVersion[] = [];
  for (const v of versions) {
    if (present.has(`${v.dataset}@${v.versionId}`)) {
      // Already there (ids are content hashes): publishing it again would only make it current.
      const done = {
        dataset: v.dataset,
        versionId: v.versionId,
        rows: v.provenance.rowsPublished,
        status: "unchanged",
      };
      copied.push(done);
      onVersion?.(done);
      continue;
    }
    const columns = await from.describe(v.tableName);
    const rows = await from.query(
      sql`SELECT ${sql.join(columns.map((c) => sql.id(c.name)))} FROM ${sql.id(v.tableName)}`,
      z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    );
    const cells: CellValue[][] = rows.map((r) => columns.map((c) => r[c.name] ?? null));
    const status = await to.publish({
      dataset: v.dataset,
      versionId: v.versionId,
      columns,
      csv: toCanonicalCsv(columns, cells),
      provenance: v.provenance,
      quarantine: await from.quarantine(v.versionId, { limit: 1_000_000 }),
    });
    const done = { dataset: v.dataset, versionId: v.versionId, rows: rows.length, status };
    copied.push(done);
    onVersion?.(done);
  }
  // Publishing made the last copy of each dataset current; make the source's current one current.
  for (const v of versions.filter((x) => x.current)) {
    const columns = await to.describe(v.tableName);
    await to.publish({
      dataset: v.dataset,
      versionId: v.versionId,
      columns,
      csv: new Uint8Array(),
      provenance: v.provenance,
      quarantine: [],
    });
  }
  return copied;
}
