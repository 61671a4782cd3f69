import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, extname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { IngestError } from "../errors/index.ts";

export interface SourceFile {
  readonly path: string;
  readonly name: string;
  readonly bytes: Buffer;
  readonly sha256: string;
}

/** Largest file a gzip member may inflate to. */
const MAX_GUNZIPPED_BYTES = 1 << 30;

/** Reads a file whole and hashes it; a missing or unreadable file is an IngestError naming it. A
 * `.gz` file is inflated first and known by its inner name and content hash, so a gzipped copy
 * has the same provenance as the original. */
export function readSourceFile(path: string): SourceFile {
  const name = basename(path).replace(/\.gz$/i, "");
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) throw new Error("it is a folder");
    bytes = readFileSync(path);
    if (/\.gz$/i.test(path)) bytes = gunzipSync(bytes, { maxOutputLength: MAX_GUNZIPPED_BYTES });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new IngestError(
      "BRECHA_FILE_UNREADABLE",
      { file: name },
      `cannot read ${path}: ${reason}`,
      { cause },
    );
  }
  return { path, name, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** Keeps an exact copy of an ingested file under `<home>/raw/<sha256><ext>`, so that columns we
 * do not use and rows we quarantined can always be recovered. */
export function archiveSourceFile(file: SourceFile, home: string): string {
  const dir = join(home, "raw");
  const target = join(dir, `${file.sha256}${extname(file.name).toLowerCase()}`);
  if (!existsSync(target)) {
    mkdirSync(dir, { recursive: true });
    if (file.path.toLowerCase().endsWith(".gz")) writeFileSync(target, file.bytes);
    else copyFileSync(file.path, target);
  }
  return target;
}
