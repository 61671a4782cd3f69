import { statSync } from "node:fs";
import type { z } from "zod";
import type { Sql } from "./sql.ts";
import type { ColumnDef, DatasetVersion, QuarantineRecord } from "../domain/index.ts";
import type { PublishRequest, PublishStatus, Store } from "./store.ts";

/**
 * A read-only store that follows its file: when the file is replaced (a pipeline's ingest stage
 * writes a new store and renames it over the old one), the next call opens the new file and the
 * old one is closed once the calls using it are done. Lets a server keep serving through a refresh.
 */
export class ReloadingStore implements Store {
  private store: Store;
  private identity: string;
  private lastCheck = Date.now();
  private reloading: Promise<Store> | null = null;
  private inFlight = new Map<Store, number>();
  /** Grows by one each time the file is found replaced: caches keyed on it can tell. */
  private seen = 0;

  private constructor(
    readonly path: string,
    private readonly open: (path: string) => Promise<Store>,
    first: Store,
    private readonly checkEveryMs: number,
  ) {
    this.store = first;
    this.identity = ReloadingStore.identityOf(path);
  }

  static async open(
    path: string,
    open: (path: string) => Promise<Store>,
    { checkEveryMs = 1000 }: { checkEveryMs?: number } = {},
  ): Promise<ReloadingStore> {
    return new ReloadingStore(path, open, await open(path), checkEveryMs);
  }

  private static identityOf(path: string): string {
    try {
      const st = statSync(path);
      return `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      return "missing";
    }
  }

  get engine() {
    return this.store.engine;
  }
  get dialect() {
    return this.store.dialect;
  }
  get readOnly() {
    return true;
  }

  /** Checks the file (at most once per `checkEveryMs`) and returns a number that changes with it. */
  get generation(): number {
    const now = Date.now();
    if (now - this.lastCheck >= this.checkEveryMs) {
      this.lastCheck = now;
      const identity = ReloadingStore.identityOf(this.path);
      if (identity !== this.identity && identity !== "missing") {
        this.identity = identity;
        this.seen++;
        this.reloading ??= this.reload();
      }
    }
    return this.seen;
  }

  private async reload(): Promise<Store> {
    const old = this.store;
    try {
      this.store = await this.open(this.path);
    } finally {
      this.reloading = null;
    }
    const closeWhenIdle = () => {
      if ((this.inFlight.get(old) ?? 0) === 0) void old.close();
      else setTimeout(closeWhenIdle, 100).unref();
    };
    closeWhenIdle();
    return this.store;
  }

  private async use<T>(work: (store: Store) => Promise<T>): Promise<T> {
    void this.generation;
    if (this.reloading) await this.reloading;
    const store = this.store;
    this.inFlight.set(store, (this.inFlight.get(store) ?? 0) + 1);
    try {
      return await work(store);
    } finally {
      this.inFlight.set(store, this.inFlight.get(store)! - 1);
    }
  }

  query<Row>(query: Sql, rows: z.core.$ZodType<Row>): Promise<Row[]> {
    return this.use((s) => s.query(query, rows));
  }
  publish(request: PublishRequest): Promise<PublishStatus> {
    return this.use((s) => s.publish(request));
  }
  versions(dataset?: string): Promise<DatasetVersion[]> {
    return this.use((s) => s.versions(dataset));
  }
  describe(tableName: string): Promise<ColumnDef[]> {
    return this.use((s) => s.describe(tableName));
  }
  quarantine(versionId: string, options?: { limit?: number }): Promise<QuarantineRecord[]> {
    return this.use((s) => s.quarantine(versionId, options));
  }
  async close(): Promise<void> {
    if (this.reloading) await this.reloading.catch(() => undefined);
    await this.store.close();
  }
}
