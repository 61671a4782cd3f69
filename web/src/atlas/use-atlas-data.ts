import { useEffect, useState } from "preact/hooks";
import { api, ApiError, hotspots, typology, type Boundaries, type IndicatorTable } from "../api.ts";
import { useRequest } from "../use-request.ts";
import { levelInside, type Level, type View } from "../view.ts";

/** Everything the atlas draws for a view, each piece asked for only when the view needs it, and
 * every stale request aborted when the view moves on. */
export function useAtlasData(view: View) {
  const level: Level = view.mode === "values" ? levelInside(view.area) : "district";
  const catalogue = useRequest((signal) => api.catalogue(signal), []);
  const layer = useRequest(
    async (signal) => {
      const [values, shapes] = await Promise.all([
        api.indicators(
          level,
          view.indicator,
          { area: view.zone, gestion: view.management, year: view.year },
          signal,
        ),
        api.boundaries(level, view.area || undefined, signal),
      ]);
      const table: IndicatorTable = {
        ...values,
        areas: values.areas.filter((a) => a.code.startsWith(view.area)),
      };
      return { table, shapes: shapes as Boundaries };
    },
    [level, view.area, view.indicator, view.zone, view.management, view.year],
    { keep: true },
  );
  const lisa = useRequest(
    (signal) => (view.mode === "lisa" ? hotspots(view.indicator, signal) : null),
    [view.mode, view.indicator],
  );
  // The typology does not depend on the indicator: asked once, when first shown.
  const [wantTypes, setWantTypes] = useState(view.mode === "typology");
  useEffect(() => {
    if (view.mode === "typology") setWantTypes(true);
  }, [view.mode]);
  const types = useRequest((signal) => (wantTypes ? typology(signal) : null), [wantTypes]);
  const schools = useRequest(
    (signal) => (view.schools && view.area ? api.schools(view.area, signal) : null),
    [view.schools, view.area],
  );
  const names = useAreaNames(view.area, layer.data?.table ?? null);

  // A layer the workspace lacks (e.g. department_boundaries) is said in words, not as an error.
  const missing =
    layer.error instanceof ApiError && typeof layer.error.details.missing === "string"
      ? layer.error.details.missing
      : null;
  const error = [layer.error && !missing ? layer.error : null, catalogue.error, lisa.error]
    .concat(types.error, schools.error)
    .find((e): e is Error => e !== null);
  return {
    level,
    catalogue: catalogue.data ?? [],
    // While a new layer loads, the old table and areas stay together (map and ranking agree).
    table: layer.data?.table ?? null,
    shapes: layer.data?.shapes ?? null,
    loading: layer.loading,
    lisa: lisa.data,
    types: view.mode === "typology" ? types.data : null,
    schools: view.schools ? schools.data : null,
    names,
    missingLayer: missing,
    error: error ?? null,
  };
}

/** Names of the areas seen so far (for breadcrumbs), and of the department and province above
 * the view when a link opens it deep in the hierarchy. */
function useAreaNames(area: string, table: IndicatorTable | null): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!table) return;
    setNames((known) => ({
      ...known,
      ...Object.fromEntries(table.areas.map((a) => [a.code, a.name ?? a.code])),
    }));
  }, [table]);
  const department = area.slice(0, 2);
  const province = area.length === 4 ? area : "";
  const needDepartment = department !== "" && names[department] === undefined;
  const needProvince = province !== "" && names[province] === undefined;
  useEffect(() => {
    const controller = new AbortController();
    const learn = (areas: Array<{ code: string; name: string | null }>) =>
      setNames((known) => ({
        ...known,
        ...Object.fromEntries(areas.map((a) => [a.code, a.name ?? a.code])),
      }));
    // A name is a nicety: without it the breadcrumb shows the code.
    if (needDepartment)
      api.areas("department", undefined, controller.signal).then(learn, () => undefined);
    if (needProvince)
      api.areas("province", department, controller.signal).then(learn, () => undefined);
    return () => controller.abort();
  }, [department, needDepartment, needProvince]);
  return names;
}
