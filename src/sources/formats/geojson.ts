import type { GeometryCollection, Topology } from "topojson-specification";
import { feature } from "topojson-client";
import type { CsvRecord } from "./csv.ts";

/**
 * GeoJSON FeatureCollections (RFC 7946) as tables: one record per feature, one field per property
 * (the union of all features' keys, in first-seen order) plus `__geometry`, the geometry as JSON
 * text, and `__bbox`, its bounding box `[minLon, minLat, maxLon, maxLat]`.
 */
export class GeoJsonFormatError extends Error {}

export const GEOMETRY_FIELD = "__geometry";
export const BBOX_FIELD = "__bbox";

/** The parsed document, or a format error that says a cut file is the likely cause. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new GeoJsonFormatError(`not valid JSON (${message}); truncated file?`);
  }
}

export function readGeoJsonTable(text: string): { header: string[]; records: CsvRecord[] } {
  let doc = parseJson(text);
  if (typeof doc === "object" && doc !== null && (doc as { type?: unknown }).type === "Topology")
    doc = topologyFeatures(doc as Topology);
  if (
    typeof doc !== "object" ||
    doc === null ||
    (doc as { type?: unknown }).type !== "FeatureCollection"
  ) {
    throw new GeoJsonFormatError(
      'expected a GeoJSON object with "type": "FeatureCollection" or a TopoJSON "Topology"',
    );
  }
  const features = (doc as { features?: unknown }).features;
  if (!Array.isArray(features))
    throw new GeoJsonFormatError('the FeatureCollection has no "features" array');
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const feature of features as Array<{ properties?: Record<string, unknown> | null }>) {
    for (const key of Object.keys(feature?.properties ?? {})) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  const records: CsvRecord[] = features.map(
    (feature: { properties?: Record<string, unknown> | null; geometry?: unknown }, index) => {
      const props = feature?.properties ?? {};
      const fields = keys.map((key) => {
        const value = props[key];
        return value === null || value === undefined
          ? ""
          : typeof value === "object"
            ? JSON.stringify(value)
            : String(value);
      });
      const geometry = feature?.geometry;
      const bbox = geometry ? boundingBox(geometry) : null;
      fields.push(geometry ? JSON.stringify(geometry) : "", bbox ? JSON.stringify(bbox) : "");
      return { fields, row: index + 1, line: index + 1 };
    },
  );
  return { header: [...keys, GEOMETRY_FIELD, BBOX_FIELD], records };
}

/** The features of a TopoJSON topology's only object (shared arcs become identical coordinates on
 * both sides, so neighbours keep exactly one border). */
function topologyFeatures(topology: Topology): unknown {
  const names = Object.keys(topology.objects ?? {});
  if (names.length !== 1)
    throw new GeoJsonFormatError(
      `a TopoJSON boundary file must hold one object, this one has ${names.length} (${names.join(", ")})`,
    );
  const object = topology.objects[names[0]!]!;
  if (object.type !== "GeometryCollection")
    throw new GeoJsonFormatError(`TopoJSON object "${names[0]}" is not a GeometryCollection`);
  try {
    const collection = feature(topology, object as GeometryCollection);
    for (const f of collection.features) if (f.geometry) dropRepeatedPoints(f.geometry);
    return collection;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new GeoJsonFormatError(`TopoJSON could not be decoded (${message}); truncated file?`);
  }
}

/** Quantised arcs can put two equal points in a row (an arc shorter than the grid): removed, in
 * place, so that every edge of a ring has a length. */
function dropRepeatedPoints(geometry: { type: string; coordinates?: unknown }): void {
  const ring = (r: number[][]) =>
    r.filter((p, k) => k === 0 || p[0] !== r[k - 1]![0] || p[1] !== r[k - 1]![1]);
  if (geometry.type === "Polygon")
    geometry.coordinates = (geometry.coordinates as number[][][]).map(ring);
  else if (geometry.type === "MultiPolygon")
    geometry.coordinates = (geometry.coordinates as number[][][][]).map((p) => p.map(ring));
}

/**
 * A JSON array of flat objects (as dashboards publish their indicator tables) as a table: one
 * record per object, one field per key (the union of all keys, in first-seen order).
 */
export function readJsonArrayTable(text: string): { header: string[]; records: CsvRecord[] } {
  const doc = parseJson(text);
  if (!Array.isArray(doc)) throw new GeoJsonFormatError("expected a JSON array of objects");
  const keys: string[] = [];
  const seen = new Set<string>();
  doc.forEach((item, index) => {
    if (typeof item !== "object" || item === null || Array.isArray(item))
      throw new GeoJsonFormatError(`element ${index + 1} of the array is not an object`);
    for (const key of Object.keys(item))
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
  });
  const records = (doc as Array<Record<string, unknown>>).map((item, index) => ({
    fields: keys.map((key) => {
      const value = item[key];
      return value === null || value === undefined
        ? ""
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
    }),
    row: index + 1,
    line: index + 1,
  }));
  return { header: keys, records };
}

/** Bounding box of any GeoJSON geometry, or null when it has no coordinates. */
export function boundingBox(geometry: unknown): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (node: unknown): void => {
    if (!Array.isArray(node)) return;
    if (typeof node[0] === "number" && typeof node[1] === "number") {
      const x = node[0];
      const y = node[1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      return;
    }
    for (const child of node) visit(child);
  };
  const g = geometry as { coordinates?: unknown; geometries?: unknown[] };
  if (Array.isArray(g.geometries))
    for (const part of g.geometries) visit((part as { coordinates?: unknown }).coordinates);
  else visit(g.coordinates);
  return minX === Infinity ? null : [minX, minY, maxX, maxY];
}
