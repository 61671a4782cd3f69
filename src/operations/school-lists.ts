import type { RequestFilter, SchoolRequest } from "./requests.ts";

/** How many lists the memory keeps before it starts again. */
const MAX_LISTS = 20_000;

/**
 * The request lists of single schools (a filter naming a código modular or a código de local),
 * kept by the process that holds the embedded store. A school's list changes only through that
 * school's filings, their reviews and withdrawals, which all pass through this process: each drops
 * the school's lists once it has committed. A list asked for while it loads is shared. Several
 * servers on PostgreSQL see each other's writes, so the PostgreSQL engine keeps none.
 */
export class SchoolListMemory {
  private readonly lists = new Map<
    string,
    { filter: RequestFilter; rows: Promise<SchoolRequest[]> }
  >();

  /** The list of a filter: kept when it is one school's, else loaded each time. */
  list(filter: RequestFilter, load: () => Promise<SchoolRequest[]>): Promise<SchoolRequest[]> {
    if (filter.codigoModular === undefined && filter.codigoLocal === undefined) return load();
    const key = JSON.stringify(filter);
    const kept = this.lists.get(key);
    if (kept) return kept.rows;
    if (this.lists.size >= MAX_LISTS) this.lists.clear();
    const rows = load();
    this.lists.set(key, { filter, rows });
    // A failed read is not kept: the next one asks the store again.
    rows.catch(() => {
      if (this.lists.get(key)?.rows === rows) this.lists.delete(key);
    });
    return rows;
  }

  /** Drops the lists a change to one school's requests may have changed. */
  forget(school: { codigoModular: string; codigoLocal: string | null }): void {
    for (const [key, { filter }] of this.lists)
      if (
        filter.codigoModular === school.codigoModular ||
        (filter.codigoLocal !== undefined && filter.codigoLocal === school.codigoLocal)
      )
        this.lists.delete(key);
  }

  clear(): void {
    this.lists.clear();
  }
}
