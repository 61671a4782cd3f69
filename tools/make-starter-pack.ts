import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { FeatureCollection } from "geojson";
import { quantize } from "topojson-client";
import { topology } from "topojson-server";
import { presimplify, quantile, simplify } from "topojson-simplify";
import type { Objects, Topology } from "topojson-specification";
import {
  CATALOGUE,
  STARTER_DIR,
  starterManifestMarkdown,
  type StarterFile,
} from "../src/sources/index.ts";

/**
 * `npm run starter-pack -- --from <folder of the public files>`: rebuilds `data/starter/` from the
 * catalogued public files. Files whose licence allows redistribution are copied byte for byte (the
 * large populated-places list gzipped); boundaries are turned into TopoJSON and simplified on the
 * shared arcs (topojson-simplify, Visvalingam weights), so neighbours keep one common border.
 * Files with no stated licence are left out: they stay mirror-only.
 */
const from = process.argv[process.argv.indexOf("--from") + 1];
if (!process.argv.includes("--from") || from === undefined) {
  console.error("usage: npm run starter-pack -- --from <folder with the catalogued files>");
  process.exit(2);
}
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

// Share of arc points each level keeps; chosen so the three files stay near 2 MB in all while a
// district still looks like itself at zoom 9.
const KEEP: Record<string, number> = {
  "limites-distritos": 0.15,
  "limites-provincias": 0.12,
  "limites-departamentos": 0.1,
};

const KEPT_PROPERTIES = new Set([
  "COD_DEPARTAMENTO",
  "COD_PROVINCIA",
  "COD_DISTRITO",
  "DEPARTAMENTO",
  "PROVINCIA",
  "DISTRITO",
  "REGION_NATURAL",
  "coords_x",
  "coords_y",
]);

mkdirSync(STARTER_DIR, { recursive: true });
const files: StarterFile[] = [];
for (const entry of CATALOGUE) {
  if (!entry.workspace || entry.starter === undefined) continue;
  if (files.some((f) => f.fileName === entry.starter!.fileName)) continue; // one file, two sources
  const source = readFileSync(join(from, entry.fileName));
  if (sha(source) !== entry.sha256) {
    console.error(`${entry.fileName}: SHA-256 differs from the catalogue; not packed`);
    process.exit(4);
  }
  const target = join(STARTER_DIR, entry.starter.fileName);
  let derivation: string;
  if (entry.starter.fileName.endsWith(".topo.json")) {
    const collection = JSON.parse(source.toString("utf8")) as FeatureCollection;
    // Only the properties the boundary reader uses travel (codes, names, natural region, centroid).
    for (const feature of collection.features)
      feature.properties = Object.fromEntries(
        Object.entries(feature.properties ?? {}).filter(([k]) => KEPT_PROPERTIES.has(k)),
      );
    const keep = KEEP[entry.sourceId] ?? 0.1;
    let topo: Topology<Objects<object>> = topology({ limites: collection }, 1e6) as never;
    topo = presimplify(topo);
    topo = simplify(topo, quantile(topo, keep));
    topo = quantize(topo, 1e5);
    writeFileSync(target, JSON.stringify(topo));
    derivation = `TopoJSON (topojson-server), shared arcs simplified keeping the ${Math.round(keep * 100)}% most significant points (topojson-simplify, Visvalingam), quantised to 1e5 (about 14 m)`;
  } else if (entry.starter.fileName.endsWith(".gz")) {
    writeFileSync(target, gzipSync(source, { level: 9 }));
    derivation = "gzip of the original bytes";
  } else {
    copyFileSync(join(from, entry.fileName), target);
    derivation = "byte-identical copy";
  }
  const bytes = readFileSync(target);
  files.push({
    fileName: entry.starter.fileName,
    sourceId: entry.sourceId,
    sha256: sha(bytes),
    bytes: bytes.byteLength,
    original: entry.fileName,
    originalSha256: entry.sha256,
    derivation,
    licence: entry.licence,
    publisher: entry.publisher,
    year: entry.year,
    ...(entry.starter.notice === undefined ? {} : { notice: entry.starter.notice }),
  });
  console.log(`${entry.starter.fileName}  ${(bytes.byteLength / 1024).toFixed(0)} KB`);
}
writeFileSync(join(STARTER_DIR, "manifest.json"), `${JSON.stringify({ files }, null, 2)}\n`);
writeFileSync(join(STARTER_DIR, "README.md"), starterManifestMarkdown(files));
const total = files.reduce((s, f) => s + f.bytes, 0);
console.log(`${files.length} files, ${(total / 1024 / 1024).toFixed(2)} MB in data/starter`);
