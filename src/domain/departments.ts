/**
 * Peru's 25 departments with INEI codes. Callao (07) is a constitutional province counted as a
 * department in INEI statistics; Lima (15) includes Lima Metropolitana.
 * Source: INEI, Directorio Nacional de Municipalidades 2025.
 */
export const DEPARTMENTS: ReadonlyArray<{ readonly code: string; readonly name: string }> = [
  { code: "01", name: "Amazonas" },
  { code: "02", name: "Áncash" },
  { code: "03", name: "Apurímac" },
  { code: "04", name: "Arequipa" },
  { code: "05", name: "Ayacucho" },
  { code: "06", name: "Cajamarca" },
  { code: "07", name: "Callao" },
  { code: "08", name: "Cusco" },
  { code: "09", name: "Huancavelica" },
  { code: "10", name: "Huánuco" },
  { code: "11", name: "Ica" },
  { code: "12", name: "Junín" },
  { code: "13", name: "La Libertad" },
  { code: "14", name: "Lambayeque" },
  { code: "15", name: "Lima" },
  { code: "16", name: "Loreto" },
  { code: "17", name: "Madre de Dios" },
  { code: "18", name: "Moquegua" },
  { code: "19", name: "Pasco" },
  { code: "20", name: "Piura" },
  { code: "21", name: "Puno" },
  { code: "22", name: "San Martín" },
  { code: "23", name: "Tacna" },
  { code: "24", name: "Tumbes" },
  { code: "25", name: "Ucayali" },
];

/** Official counts in the INEI 2025 list; used to check a loaded hierarchy is complete. */
export const INEI_2025_COUNTS = { departments: 25, provinces: 196, districts: 1891 } as const;

/** Department name for a code, or undefined. */
export function departmentName(code: string): string | undefined {
  return DEPARTMENTS.find((d) => d.code === code)?.name;
}
