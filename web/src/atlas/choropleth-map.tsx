import { useEffect, useRef } from "preact/hooks";
import {
  Map as MapLibre,
  setWorkerUrl,
  type ExpressionSpecification,
  type GeoJSONSource,
  type MapLayerMouseEvent,
  type StyleSpecification,
} from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import type { Boundaries, SchoolPoints } from "../api.ts";
import { NO_DATA } from "../classify.ts";

setWorkerUrl(workerUrl);

export interface MapMarker {
  readonly lon: number;
  readonly lat: number;
  readonly name: string;
  /** The marker's colour; plans' orange when absent. */
  readonly colour?: string | undefined;
}

type GeoJson = Parameters<GeoJSONSource["setData"]>[0];
const EMPTY = { type: "FeatureCollection", features: [] } as GeoJson;

/** The fill colour of each area as one MapLibre expression: the geometry is sent to the map once
 * per set of areas, and a new colouring (indicator, classes, mode) only repaints. */
function fillExpression(colours: ReadonlyMap<string, string>): ExpressionSpecification | string {
  if (colours.size === 0) return NO_DATA;
  const pairs: string[] = [];
  for (const [code, colour] of colours) pairs.push(code, colour);
  return ["match", ["get", "code"], ...pairs, NO_DATA] as unknown as ExpressionSpecification;
}

/** Runs `apply` on the map once its style has loaded, unless the effect is cleaned up first (a
 * newer value came); returns that clean-up. */
function whenLoaded(ready: Promise<MapLibre> | null, apply: (m: MapLibre) => void): () => void {
  let live = true;
  void ready?.then((m) => {
    if (live) apply(m);
  });
  return () => {
    live = false;
  };
}

/** West, south, east and north of every coordinate of the areas, or null for none. */
function extentOf(shapes: Boundaries): [[number, number], [number, number]] | null {
  let [w, s, e, n] = [180, 90, -180, -90];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === "number") {
      const [x, y] = c as [number, number];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of shapes.features) visit((f.geometry as { coordinates: unknown }).coordinates);
  return w < e
    ? [
        [w, s],
        [e, n],
      ]
    : null;
}

/** The map's style: no tile server, a plain background, the areas, school points clustered when
 * zoomed out (no text labels: there is no glyph server) and a plan's markers, clustered likewise. */
const MAP_STYLE: StyleSpecification = {
  version: 8,
  sources: {
    areas: { type: "geojson", data: EMPTY },
    // A plan's sites cluster when zoomed out to the country: a national plan has thousands (11,000
    // premises for an infrastructure plan), which unclustered cover it in one orange blot. From a
    // department's zoom on, every site shows on its own.
    points: { type: "geojson", data: EMPTY, cluster: true, clusterRadius: 30, clusterMaxZoom: 6 },
    // Schools cluster when zoomed out; no text labels, since there is no glyph server.
    schools: {
      type: "geojson",
      data: EMPTY,
      cluster: true,
      clusterRadius: 40,
      clusterMaxZoom: 12,
    },
  },
  layers: [
    { id: "background", type: "background", paint: { "background-color": "#f4f6f8" } },
    {
      id: "fill",
      type: "fill",
      source: "areas",
      paint: { "fill-color": NO_DATA, "fill-opacity": 0.9 },
    },
    {
      id: "line",
      type: "line",
      source: "areas",
      paint: { "line-color": "#ffffff", "line-width": 0.6 },
    },
    {
      id: "school-clusters",
      type: "circle",
      source: "schools",
      filter: ["has", "point_count"],
      paint: {
        "circle-color": "#2c7fb8",
        "circle-opacity": 0.75,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1,
        "circle-radius": ["step", ["get", "point_count"], 8, 20, 12, 100, 17, 500, 23],
      },
    },
    {
      id: "school-points",
      type: "circle",
      source: "schools",
      filter: ["!", ["has", "point_count"]],
      paint: {
        "circle-color": "#2c7fb8",
        "circle-radius": 4,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1,
      },
    },
    {
      id: "plan-clusters",
      type: "circle",
      source: "points",
      filter: ["has", "point_count"],
      paint: {
        "circle-color": "#e66100",
        "circle-opacity": 0.8,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
        "circle-radius": ["step", ["get", "point_count"], 9, 20, 13, 100, 18, 1000, 24],
      },
    },
    {
      id: "points",
      type: "circle",
      source: "points",
      filter: ["!", ["has", "point_count"]],
      paint: {
        "circle-radius": 7,
        "circle-color": ["coalesce", ["get", "colour"], "#e66100"],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    },
  ],
};

/**
 * MapLibre with no tile server: a plain background, the areas as a GeoJSON layer, school points
 * (clustered when zoomed out) and the markers of a plan.
 *
 * The map fits itself to the areas only when the set of areas changes (a drill-down, a new
 * level). Colours, hovering and the callbacks never refit it, so a zoom the user made stays.
 */
export function ChoroplethMap({
  label,
  describedBy,
  shapes,
  colours,
  schools,
  markers,
  onHover,
  onClick,
  onSchoolHover,
  onSchoolClick,
}: {
  /** What the map shows, for screen readers. */
  label: string;
  /** The id of the list of the same areas that a keyboard can reach. */
  describedBy: string;
  shapes: Boundaries | null;
  colours: ReadonlyMap<string, string>;
  schools: SchoolPoints | null;
  markers: readonly MapMarker[];
  onHover: (code: string | null) => void;
  onClick: (code: string) => void;
  onSchoolHover: (text: string | null) => void;
  onSchoolClick: (code: string) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibre | null>(null);
  /** Resolves once the style has loaded; every source update waits for it. */
  const ready = useRef<Promise<MapLibre> | null>(null);
  // The latest callbacks, read by the map's listeners: the listeners are registered once.
  const handlers = useRef({ onHover, onClick, onSchoolHover, onSchoolClick });
  handlers.current = { onHover, onClick, onSchoolHover, onSchoolClick };

  useEffect(() => {
    const m = new MapLibre({
      container: container.current!,
      style: MAP_STYLE,
      center: [-75, -9.5],
      zoom: 4,
      attributionControl: { compact: true, customAttribution: "INEI" },
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    ready.current = new Promise((resolve) => m.once("load", () => resolve(m)));
    listen(m, handlers);
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  // New areas: sent to the map once, and the map fits them.
  useEffect(
    () =>
      whenLoaded(ready.current, (m) => {
        if (!shapes) return;
        (m.getSource("areas") as GeoJSONSource).setData(shapes as GeoJson);
        const extent = extentOf(shapes);
        if (extent) m.fitBounds(extent, { padding: 24, duration: 0 });
        // Marks the first complete view (areas drawn) for tests and the benchmark.
        // readyMs: milliseconds from the start of navigation, as the browser measures them.
        m.once("idle", () => {
          document.body.dataset.readyMs ??= String(Math.round(performance.now()));
          document.body.dataset.ready = "1";
        });
      }),
    [shapes],
  );

  // New colours: a repaint, never a refit.
  useEffect(
    () =>
      whenLoaded(ready.current, (m) =>
        m.setPaintProperty("fill", "fill-color", fillExpression(colours)),
      ),
    [colours],
  );

  useEffect(
    () =>
      whenLoaded(ready.current, (m) =>
        (m.getSource("points") as GeoJSONSource).setData({
          type: "FeatureCollection",
          features: markers.map((p) => ({
            type: "Feature",
            properties: { name: p.name, ...(p.colour ? { colour: p.colour } : {}) },
            geometry: { type: "Point", coordinates: [p.lon, p.lat] },
          })),
        } as GeoJson),
      ),
    [markers],
  );

  useEffect(
    () =>
      whenLoaded(ready.current, (m) =>
        (m.getSource("schools") as GeoJSONSource).setData((schools ?? EMPTY) as GeoJson),
      ),
    [schools],
  );

  return (
    <div
      ref={container}
      class="map"
      role="application"
      aria-label={label}
      aria-describedby={describedBy}
    />
  );
}

interface MapHandlers {
  onHover: (code: string | null) => void;
  onClick: (code: string) => void;
  onSchoolHover: (text: string | null) => void;
  onSchoolClick: (code: string) => void;
}

/** The map's mouse events, calling the latest handlers (the listeners are added once). */
function listen(m: MapLibre, handlers: { current: MapHandlers }): void {
  m.on("mousemove", "fill", (e: MapLayerMouseEvent) => {
    m.getCanvas().style.cursor = "pointer";
    handlers.current.onHover(String(e.features?.[0]?.properties?.code ?? ""));
  });
  m.on("mouseleave", "fill", () => {
    m.getCanvas().style.cursor = "";
    handlers.current.onHover(null);
  });
  m.on("click", "fill", (e: MapLayerMouseEvent) => {
    // A click on a school (or a cluster) is about the school, not the area under it.
    const layers = ["school-points", "school-clusters", "plan-clusters"];
    if (m.queryRenderedFeatures(e.point, { layers }).length) return;
    const code = e.features?.[0]?.properties?.code;
    if (code) handlers.current.onClick(String(code));
  });
  m.on("mousemove", "school-points", (e: MapLayerMouseEvent) => {
    const p = e.features?.[0]?.properties;
    handlers.current.onSchoolHover(
      p ? `${String(p.name)} · ${String(p.level)} · ${String(p.students)}` : null,
    );
  });
  m.on("click", "school-points", (e: MapLayerMouseEvent) => {
    const code = e.features?.[0]?.properties?.code;
    if (code) handlers.current.onSchoolClick(String(code));
  });
  m.on("mouseenter", "school-points", () => (m.getCanvas().style.cursor = "pointer"));
  // A cluster of schools or of a plan's sites opens up when clicked.
  for (const clusters of ["school-clusters", "plan-clusters"])
    m.on("click", clusters, (e: MapLayerMouseEvent) => {
      m.easeTo({ center: e.lngLat, zoom: m.getZoom() + 2 });
    });
}
