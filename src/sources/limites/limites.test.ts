import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { simplifyTopology, type PolygonGeometry } from "../../domain/index.ts";
import { brokenBorders, ringsOf, validRing, validRings } from "../../../test/helpers/borders.ts";
import { REAL_DATA_DIR, REPO_ROOT } from "../../../test/helpers/paths.ts";
import { GEOMETRY_FIELD, readGeoJsonTable } from "../formats/index.ts";
import { limitesDistritos, WEB_TOLERANCE } from "./spec.ts";

/** District boundaries: the starter pack's quantised TopoJSON, and the full mapsPERU 2025 file
 * when the mirror of public data is beside the repository. */
const DISTRICT_FILES = [
  { name: "starter pack", path: join(REPO_ROOT, "data/starter/limites_distritos.topo.json") },
  { name: "mapsPERU 2025", path: join(REAL_DATA_DIR, "peru_distritos_1891_mapsperu.geojson") },
].filter((f) => existsSync(f.path));

test("district boundaries are simplified once at ingest, together: every shared border stays shared", () => {
  assert.ok(DISTRICT_FILES.length >= 1);
  for (const file of DISTRICT_FILES) {
    const { header, records } = readGeoJsonTable(readFileSync(file.path, "utf8"));
    // The ingest path: the source's reshape adds the web's two copies to every record.
    const reshaped = limitesDistritos.reshape!(header, records);
    const column = (name: string) => reshaped.header.indexOf(name);
    const full = reshaped.records.map(
      (r) => JSON.parse(r.fields[column(GEOMETRY_FIELD)]!) as PolygonGeometry,
    );
    assert.ok(full.length > 1800, file.name);
    // A few tiny districts (La Punta…) have no area left in the starter pack's quantised
    // TopoJSON: they come out as they came in, and are left out of the comparison.
    const withArea = (g: PolygonGeometry) => ringsOf(g).some(validRing);
    const keep = <T>(xs: T[]) => xs.filter((_, k) => withArea(full[k]!));
    for (const name of ["__geometry_web", "__geometry_web_detail"]) {
      const web = reshaped.records.map(
        (r) => JSON.parse(r.fields[column(name)]!) as PolygonGeometry,
      );
      assert.ok(keep(web).length >= full.length - 3, `${file.name}: ${name}`);
      assert.ok(validRings(keep(web)), `${file.name}: ${name}`);
    }
    // Compared at full precision (the stored copies round to 4 decimals, the same on both sides).
    const exact = simplifyTopology(full, WEB_TOLERANCE.district, 12);
    assert.equal(brokenBorders(keep(full), keep(exact)), 0, file.name);
    // The full-resolution file is where per-polygon simplification (what the server used to do
    // on every request) opens gaps; the starter pack's arcs are already coarse.
    if (file.name === "mapsPERU 2025") {
      const alone = full.map((d) => simplifyTopology([d], WEB_TOLERANCE.district, 12)[0]!);
      const broken = brokenBorders(keep(full), keep(alone));
      assert.ok(broken > 1000, `per polygon: ${broken} shared vertices lost on one side`);
    }
  }
});
