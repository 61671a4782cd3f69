import { IngestError } from "../errors/index.ts";
import { normalizeHeader, readRawTable, readSourceFile } from "../sources/index.ts";
import type { HostFacility } from "../optimise/index.ts";

/** A column of a planner input file: the header names accepted (normalised) and whether required. */
interface ColumnSpec {
  readonly aliases: readonly string[];
  readonly required?: boolean;
}

interface InputRow<K extends string> {
  readonly row: number;
  readonly file: string;
  /** Trimmed cell text, or undefined when the optional column is absent. */
  readonly cell: (key: K) => string | undefined;
  /** The header as written in the file, for error messages. */
  readonly header: (key: K) => string;
}

/**
 * Reads a small planner input CSV (Latin-1 or UTF-8, any separator): finds each column by its
 * accepted names, and fails naming the file, row and column when a required one is missing.
 */
export function readInputTable<K extends string>(
  path: string,
  what: string,
  columns: Readonly<Record<K, ColumnSpec>>,
): Array<InputRow<K>> {
  const file = readSourceFile(path);
  const raw = readRawTable(file.name, file.bytes, { format: "csv" });
  const iterator = raw.records[Symbol.iterator]();
  const head = iterator.next();
  if (head.done)
    throw new IngestError("BRECHA_EMPTY_FILE", { file: file.name }, `the ${what} is empty`);
  const names = head.value.fields.map((f) => normalizeHeader(f));
  const at = {} as Record<K, number>;
  for (const key of Object.keys(columns) as K[]) {
    const spec = columns[key];
    at[key] = names.findIndex((n) => spec.aliases.includes(n));
    if (at[key] < 0 && spec.required)
      throw new IngestError(
        "BRECHA_MISSING_COLUMN",
        { file: file.name, row: 1, column: key },
        `required column ${key} not found in the ${what}; accepted names: ${spec.aliases.join(", ")}`,
      );
  }
  const rows: Array<InputRow<K>> = [];
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    const record = next.value;
    if (record.fields.every((f) => f.trim() === "")) continue;
    rows.push({
      row: record.row,
      file: file.name,
      cell: (key) => (at[key] < 0 ? undefined : (record.fields[at[key]] ?? "").trim()),
      header: (key) => (at[key] < 0 ? key : (head.value.fields[at[key]] ?? key)),
    });
  }
  return rows;
}

function fail<K extends string>(row: InputRow<K>, key: K, expected: string): never {
  throw new IngestError(
    "BRECHA_FORMAT",
    { file: row.file, row: row.row, column: row.header(key) },
    `expected ${expected}, got "${row.cell(key) ?? ""}"`,
  );
}

/** A number cell; empty gives null unless required. */
function numberCell<K extends string>(
  row: InputRow<K>,
  key: K,
  { min = -Infinity, required = false }: { min?: number; required?: boolean } = {},
): number | null {
  const text = row.cell(key);
  if (text === undefined || text === "") {
    if (required) fail(row, key, "a number");
    return null;
  }
  const value = Number(text.replace(",", "."));
  if (!Number.isFinite(value) || value < min)
    fail(row, key, min === -Infinity ? "a number" : `a number ≥ ${min}`);
  return value;
}

const YES = new Set(["1", "SI", "SÍ", "S", "YES", "Y", "TRUE", "VERDADERO", "X"]);
const NO = new Set(["0", "NO", "N", "FALSE", "FALSO"]);

/** A yes/no cell (1/0, sí/no, true/false); empty or absent gives null. */
function flagCell<K extends string>(row: InputRow<K>, key: K): boolean | null {
  const text = row.cell(key);
  if (text === undefined || text === "") return null;
  const upper = text.toUpperCase();
  if (YES.has(upper)) return true;
  if (NO.has(upper)) return false;
  return fail(row, key, "yes or no (1/0, sí/no, true/false)");
}

/**
 * A travel-time matrix CSV: one row per (place, candidate site) with columns origin (or origen),
 * destination (or destino) and minutes (or minutos).
 */
export function readTravelTimes(path: string): Map<string, number> {
  const rows = readInputTable(path, "travel-time matrix", {
    origin: { aliases: ["ORIGIN", "ORIGEN", "FROM", "CODIGO_CP"], required: true },
    destination: { aliases: ["DESTINATION", "DESTINO", "TO", "SITE"], required: true },
    minutes: { aliases: ["MINUTES", "MINUTOS", "TIME_MIN", "TIEMPO_MIN"], required: true },
  });
  const matrix = new Map<string, number>();
  for (const row of rows)
    matrix.set(
      `${row.cell("origin")}>${row.cell("destination")}`,
      numberCell(row, "minutes", { min: 0, required: true })!,
    );
  return matrix;
}

/**
 * Hub host facilities: id (código de local), the populated place they stand in, and the screen's
 * facts — 24 h electricity, internet, a free room, working computers. Missing cells are unknown.
 */
export function readHostFacilities(path: string): HostFacility[] {
  const rows = readInputTable(path, "host facilities file", {
    id: { aliases: ["CODIGO_LOCAL", "CODLOCAL", "ID", "CODIGO"], required: true },
    place: { aliases: ["CODIGO_CP", "CODCP_INEI", "CENTRO_POBLADO", "PLACE"], required: true },
    electricity24h: { aliases: ["ELECTRICIDAD_24H", "ELECTRICITY_24H", "LUZ_24H"] },
    internet: { aliases: ["INTERNET", "TIENE_INTERNET"] },
    freeRoom: { aliases: ["AMBIENTE_LIBRE", "AULA_LIBRE", "FREE_ROOM"] },
    computers: { aliases: ["COMPUTADORAS", "PCS", "COMPUTERS", "PC_OPERATIVAS"] },
  });
  return rows.map((row) => {
    const place = row.cell("place")!;
    if (!/^\d{10}$/.test(place)) fail(row, "place", "a 10-digit centro poblado code");
    return {
      id: row.cell("id")!,
      placeCode: place,
      electricity24h: flagCell(row, "electricity24h"),
      internet: flagCell(row, "internet"),
      freeRoom: flagCell(row, "freeRoom"),
      computers: numberCell(row, "computers", { min: 0 }),
    };
  });
}

/** Priority flags per district or premises: EIB, VRAEM and border, each yes/no. */
export interface PriorityFlags {
  readonly byUbigeo: Map<string, { eib?: boolean; vraem?: boolean; border?: boolean }>;
  readonly byLocal: Map<string, { eib?: boolean; vraem?: boolean; border?: boolean }>;
}

export function readPriorityFlags(path: string): PriorityFlags {
  const rows = readInputTable(path, "priority flags file", {
    ubigeo: { aliases: ["UBIGEO", "CODGEO"] },
    local: { aliases: ["CODIGO_LOCAL", "CODLOCAL"] },
    eib: { aliases: ["EIB"] },
    vraem: { aliases: ["VRAEM"] },
    border: { aliases: ["FRONTERA", "BORDER", "ZONA_FRONTERA"] },
  });
  const flags: PriorityFlags = { byUbigeo: new Map(), byLocal: new Map() };
  for (const row of rows) {
    const entry: { eib?: boolean; vraem?: boolean; border?: boolean } = {};
    for (const key of ["eib", "vraem", "border"] as const) {
      const value = flagCell(row, key);
      if (value !== null) entry[key] = value;
    }
    const local = row.cell("local");
    const ubigeo = row.cell("ubigeo");
    if (local) flags.byLocal.set(local.padStart(6, "0"), entry);
    else if (ubigeo && /^\d{5,6}$/.test(ubigeo)) flags.byUbigeo.set(ubigeo.padStart(6, "0"), entry);
    else fail(row, "ubigeo", "a 6-digit district ubigeo or a código de local");
  }
  return flags;
}

/** A model's predicted gain per premises: código de local and gain (≥ 0). */
export function readPredictedGains(path: string): Map<string, number> {
  const rows = readInputTable(path, "predicted gains file", {
    local: { aliases: ["CODIGO_LOCAL", "CODLOCAL"], required: true },
    gain: { aliases: ["GAIN", "GANANCIA", "PREDICTED_GAIN", "GANANCIA_PREDICHA"], required: true },
  });
  return new Map(
    rows.map((row) => [
      row.cell("local")!.padStart(6, "0"),
      numberCell(row, "gain", { min: 0, required: true })!,
    ]),
  );
}
