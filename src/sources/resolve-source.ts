import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import type { CatalogueEntry } from "./catalogue.ts";
import { findStarterFile, STARTER_DIR } from "./starter-pack.ts";

export type ResolvedSource =
  | {
      readonly found: true;
      readonly path: string;
      readonly origin: "mirror" | "cache" | "download" | "starter";
      readonly note?: string;
    }
  | { readonly found: false; readonly attempts: readonly string[] };

/**
 * Finds a catalogued file: the mirror folder first, then the download cache, then its public URL
 * (checked against the catalogued SHA-256 and then cached), then the starter pack in the
 * repository. Returns every attempt when none works, so the caller can say exactly why the source
 * is missing.
 */
export async function resolveSource(
  entry: CatalogueEntry,
  {
    mirror,
    cacheDir,
    offline,
    timeoutMs,
    starterDir = STARTER_DIR,
  }: {
    mirror: string | null;
    cacheDir: string;
    offline: boolean;
    timeoutMs: number;
    /** null: do not use the starter pack. */
    starterDir?: string | null;
  },
): Promise<ResolvedSource> {
  const attempts: string[] = [];
  if (mirror !== null) {
    const path = join(mirror, entry.fileName);
    if (existsSync(path)) {
      const sha = createHash("sha256").update(readFileSync(path)).digest("hex");
      return sha === entry.sha256
        ? { found: true, path, origin: "mirror" }
        : {
            found: true,
            path,
            origin: "mirror",
            note: `mirror copy differs from the catalogued SHA-256 (${sha.slice(0, 12)}… vs ${entry.sha256.slice(0, 12)}…): a newer release?`,
          };
    }
    attempts.push(`not in mirror ${mirror}`);
  } else {
    attempts.push("no mirror folder set");
  }
  const cached = join(cacheDir, `${entry.sha256}${extname(entry.fileName)}`);
  if (existsSync(cached)) return { found: true, path: cached, origin: "cache" };
  attempts.push("not in cache");
  if (entry.url === null) {
    attempts.push("no byte-identical public URL (converted file): mirror only");
  } else if (offline) {
    attempts.push("offline: download skipped");
  } else {
    try {
      const response = await fetch(entry.url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      const sha = createHash("sha256").update(bytes).digest("hex");
      if (sha !== entry.sha256) {
        attempts.push(
          `downloaded ${entry.url} but its SHA-256 ${sha.slice(0, 12)}… is not the catalogued ${entry.sha256.slice(0, 12)}…; not used`,
        );
      } else {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(cached, bytes);
        return { found: true, path: cached, origin: "download" };
      }
    } catch (cause) {
      const reason =
        cause instanceof Error
          ? cause.cause instanceof Error
            ? cause.cause.message
            : cause.message
          : String(cause);
      attempts.push(`download from ${entry.url} failed: ${reason}`);
    }
  }
  if (starterDir !== null) {
    const starter = findStarterFile(entry.starter?.fileName, starterDir);
    if (starter.found) {
      const derived = starter.file.originalSha256 === entry.sha256 ? "" : " (derived copy)";
      return {
        found: true,
        path: starter.path,
        origin: "starter",
        note: `starter pack copy${derived}: ${starter.file.derivation}`,
      };
    }
    attempts.push(starter.reason);
  }
  return { found: false, attempts };
}
