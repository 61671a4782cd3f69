import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/**
 * The starter pack: a compact copy of the public files whose licence allows redistribution, kept
 * in the repository (`data/starter/`) so that a fresh clone shows real maps with no data folder
 * and no network. Each file is listed in `manifest.json` with its provenance, licence and
 * SHA-256, and `README.md` says the same for people. It is the last place a source is looked
 * for before the synthetic demo.
 */
export const STARTER_DIR = fileURLToPath(new URL("../../data/starter", import.meta.url));

const STARTER_FILE = z.object({
  fileName: z.string(),
  sourceId: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  original: z.string(),
  originalSha256: z.string().regex(/^[0-9a-f]{64}$/),
  derivation: z.string(),
  licence: z.string(),
  publisher: z.string(),
  year: z.string(),
  notice: z.string().optional(),
});
export type StarterFile = z.infer<typeof STARTER_FILE>;

const MANIFEST = z.object({ files: z.array(STARTER_FILE) });

let cached: { dir: string; files: StarterFile[] } | undefined;

/** The starter pack's manifest (empty when the folder is absent, as in a trimmed install). */
export function starterFiles(dir = STARTER_DIR): StarterFile[] {
  if (cached?.dir === dir) return cached.files;
  const path = join(dir, "manifest.json");
  const files = existsSync(path)
    ? MANIFEST.parse(JSON.parse(readFileSync(path, "utf8"))).files
    : [];
  cached = { dir, files };
  return files;
}

/** The starter copy of a file, checked against the manifest's SHA-256, or why there is none. */
export function findStarterFile(
  fileName: string | undefined,
  dir = STARTER_DIR,
): { found: true; path: string; file: StarterFile } | { found: false; reason: string } {
  if (fileName === undefined)
    return { found: false, reason: "not in the starter pack (no redistribution licence)" };
  const file = starterFiles(dir).find((f) => f.fileName === fileName);
  const path = join(dir, fileName);
  if (file === undefined || !existsSync(path))
    return { found: false, reason: `starter pack has no ${fileName}` };
  const sha = createHash("sha256").update(readFileSync(path)).digest("hex");
  if (sha !== file.sha256)
    return {
      found: false,
      reason: `starter copy ${fileName} does not match its manifest SHA-256 (${sha.slice(0, 12)}…); not used`,
    };
  return { found: true, path, file };
}

/** `data/starter/README.md`, written from the manifest. */
export function starterManifestMarkdown(files: readonly StarterFile[]): string {
  const total = files.reduce((s, f) => s + f.bytes, 0);
  const rows = files.map(
    (f) =>
      `| \`${f.fileName}\` | ${f.publisher} (${f.year}) | ${f.licence}${f.notice ? `; ${f.notice}` : ""} | \`${f.original}\`, SHA-256 \`${f.originalSha256}\`; ${f.derivation} | ${(f.bytes / 1024).toFixed(0)} KB | \`${f.sha256}\` |`,
  );
  return `# Starter pack

A compact copy of the public Peruvian files that Brecha may redistribute, so that a fresh clone
draws real maps with no data folder and no network. \`brecha up\` looks for each source in the
mirror folder, then the download cache, then its public URL, then here, and only then falls back
to the labelled synthetic demo. ${files.length} files, ${(total / 1024 / 1024).toFixed(2)} MB.

Rebuild it from a folder holding the catalogued originals with
\`npm run starter-pack -- --from <folder>\` (the originals' SHA-256 are checked first); this page
and \`manifest.json\` are written by that command.

| file | publisher (year) | licence | made from | size | SHA-256 |
| --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

## Licences

- The boundaries (\`limites_*.topo.json\`) are derived from the R package mapsPERU 2.0.0
  (J. L. C. Musaja), which is distributed under the GNU General Public License version 3. They
  stay separate files under that licence: see \`COPYING.GPL-3\` beside them. The rest of Brecha is
  MIT licensed and does not link to them; it reads them as data.
- The other files come from MIT-licensed compilations of INEI and MINEDU publications; INEI and
  MINEDU state no licence of their own on these tables.

## Left out, and why

- MINAM's urban/rural population 2019-2023 and the Census 2017 household services by district
  (water, sewerage, electricity, internet) carry no stated licence, so they are not redistributed:
  they are read from a mirror folder (\`--mirror\`) or their public URL. Without them the
  indicators built on them say what is missing instead of showing invented values.
- The 2007 boundaries are an alternative to the 2025 ones and are not needed.
`;
}
