import { createRandom, decodeBytes } from "../../src/sources/index.ts";

/**
 * A national-size padrón in the published shape (45 columns, about a quarter inactive), for
 * benchmarks and crash tests: the 19 columns Brecha reads plus 26 it keeps only in the raw copy.
 */
const USED = [
  "COD_MOD",
  "ANEXO",
  "CODLOCAL",
  "CEN_EDU",
  "NIV_MOD",
  "GESTION",
  "AREA_CENSO",
  "D_COD_CAR",
  "CODGEO",
  "CODCP_INEI",
  "CODOOII",
  "NLAT_IE",
  "NLONG_IE",
  "ESTADO",
  "TALUMNO",
  "TDOCENTE",
  "TSECCION",
];
const EXTRA = [
  "D_NIV_MOD",
  "D_FORMA",
  "D_GESTION",
  "D_GES_DEP",
  "DAREACENSO",
  "D_ESTADO",
  "D_DPTO",
  "D_PROV",
  "D_DIST",
  "D_REGION",
  "D_DREUGEL",
  "DIR_CEN",
  "LOCALIDAD",
  "CEN_POB",
  "TELEFONO",
  "EMAIL",
  "PAGWEB",
  "DIRECTOR",
  "TIPSSEXO",
  "D_TIPSSEXO",
  "TURNO",
  "D_TURNO",
  "FECHAREG",
  "FECHA_ACT",
  "CODINST",
  "FUENTE",
] as const;
export const PADRON_COLUMNS = [...USED, ...EXTRA];

const NAMES = [
  "SEÑOR DE LOS MILAGROS",
  "JOSÉ MARÍA ARGUEDAS",
  "CÉSAR VALLEJO",
  "MARÍA AUXILIADORA",
  "ÑUÑUMAYO",
  "SANTA ROSA DE LIMA",
  "INCA GARCILASO",
  "MIGUEL GRAU",
];
const LEVELS = ["A1", "A2", "A3", "A5", "B0", "B0", "B0", "F0", "F0", "D1", "E1", "L0"];

export function generatePadronRows(count: number, seed = 7): string[][] {
  const random = createRandom(seed);
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const dep = 1 + Math.floor(random() * 25);
    const ubigeo = `${String(dep).padStart(2, "0")}${String(1 + Math.floor(random() * 9)).padStart(2, "0")}${String(1 + Math.floor(random() * 15)).padStart(2, "0")}`;
    const rural = random() < 0.45;
    const active = random() >= 0.25;
    const students = Math.floor(rural ? random() * 60 : random() * 700);
    const name = `IE ${NAMES[i % NAMES.length]} N° ${i}`;
    const used = [
      String(1_000_000 + i),
      "0",
      String(100_000 + Math.floor(i / 3)),
      name,
      LEVELS[i % LEVELS.length]!,
      String(1 + Math.floor(random() * 3)),
      rural ? "2" : "1",
      ["Unidocente", "Polidocente multigrado", "Polidocente completo"][i % 3]!,
      ubigeo,
      `${ubigeo}${String(1 + (i % 900)).padStart(4, "0")}`,
      `${ubigeo.slice(0, 4)}01`,
      (-3.5 - random() * 14).toFixed(6),
      (-70 - random() * 10).toFixed(6),
      active ? "1" : "2",
      String(students),
      String(Math.max(1, Math.floor(students / 20))),
      String(Math.max(1, Math.floor(students / 25))),
    ];
    const extra = [
      "Primaria",
      "Escolarizada",
      "Pública",
      "Sector Educación",
      rural ? "Rural" : "Urbana",
      active ? "Activa" : "Inactiva",
      "AMAZONAS",
      "CHACHAPOYAS",
      "CHACHAPOYAS",
      "DRE AMAZONAS",
      "UGEL CHACHAPOYAS",
      `JR. AMAZONAS ${i}`,
      "CHACHAPOYAS",
      "CHACHAPOYAS",
      "041-478123",
      `ie${i}@minedu.gob.pe`,
      "",
      "JUAN PÉREZ",
      "3",
      "Mixto",
      "1",
      "Mañana",
      "20190101",
      "20240630",
      "",
      "PADRON",
    ];
    rows.push([...used, ...extra]);
  }
  return rows;
}

/** As ESCALE's CSV export: `,`-separated, quoted when needed, CRLF, Latin-1. */
export function toLatin1Csv(rows: string[][]): Buffer {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [PADRON_COLUMNS.join(","), ...rows.map((r) => r.map(quote).join(","))];
  return Buffer.from(lines.join("\r\n") + "\r\n", "latin1");
}

/** As Padron_web.dbf: dBASE III, all character fields, code page 850 (language driver 0x02). */
export function toCp850Dbf(rows: string[][]): Buffer {
  const reverse = new Map<string, number>();
  const high = decodeBytes(
    Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i),
    "cp850",
  );
  for (let i = 0; i < 128; i++) reverse.set(high[i]!, 0x80 + i);
  const widths = PADRON_COLUMNS.map((_, c) =>
    Math.min(254, Math.max(1, ...rows.slice(0, 2000).map((r) => r[c]!.length)) + 8),
  );
  const headerLength = 32 + 32 * PADRON_COLUMNS.length + 1;
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
  const out = Buffer.alloc(headerLength + rows.length * recordLength + 1, 0x20);
  out.fill(0, 0, headerLength);
  out[0] = 0x03;
  out.writeUInt32LE(rows.length, 4);
  out.writeUInt16LE(headerLength, 8);
  out.writeUInt16LE(recordLength, 10);
  out[29] = 0x02;
  PADRON_COLUMNS.forEach((name, c) => {
    const at = 32 + 32 * c;
    out.write(name.slice(0, 10), at, "latin1");
    out[at + 11] = 0x43; // C
    out[at + 16] = widths[c]!;
  });
  out[headerLength - 1] = 0x0d;
  let pos = headerLength;
  for (const row of rows) {
    out[pos++] = 0x20;
    row.forEach((value, c) => {
      const width = widths[c]!;
      for (let k = 0; k < Math.min(value.length, width); k++) {
        const ch = value[k]!;
        out[pos + k] = ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : (reverse.get(ch) ?? 0x3f);
      }
      pos += width;
    });
  }
  out[pos] = 0x1a;
  return out;
}
