import type { CellValue, ColumnDef, Provenance } from "../domain/index.ts";
import type { PublishStatus, Store } from "../storage/index.ts";
import { toCanonicalCsv, versionIdOf } from "./canonical-csv.ts";

/** Publishes rows made by Brecha itself (the synthetic demo), with provenance saying so. */
export async function publishGenerated(
  store: Store,
  {
    dataset,
    columns,
    rows,
    sourceId,
    notes,
  }: {
    dataset: string;
    columns: readonly ColumnDef[];
    rows: CellValue[][];
    sourceId: string;
    notes: string[];
  },
): Promise<{ status: PublishStatus; versionId: string }> {
  const csv = toCanonicalCsv(columns, rows);
  const versionId = versionIdOf(dataset, columns, csv);
  const provenance: Provenance = {
    sourceId,
    fileName: `${dataset}.synthetic.csv`,
    fileSha256: versionId,
    fileBytes: csv.byteLength,
    format: "generated",
    encoding: "utf-8",
    encodingReason: "generated",
    recordsRead: rows.length,
    rowsPublished: rows.length,
    rowsRejected: 0,
    cellsCleared: 0,
    dropped: {},
    repaired: {},
    columnMap: {},
    ignoredColumns: [],
    notes,
    synthetic: true,
    origin: "generated",
  };
  const status = await store.publish({
    dataset,
    versionId,
    columns,
    csv,
    provenance,
    quarantine: [],
  });
  return { status, versionId };
}
