/**
 * Text a user reads, Spanish first. English falls back to Spanish for a missing key, and a key
 * missing everywhere is returned as is so that it shows up in review instead of crashing.
 */
const es = {
  "up.title": "Brecha: espacio de trabajo",
  "up.building": "Construyendo el espacio de trabajo en {home}",
  "up.serving": "Sirviendo en http://{host}:{port}/ (Ctrl+C para detener)",
  "up.synthetic": "SINTÉTICO",
  "up.syntheticBanner":
    "Algunos datos de este espacio son SINTÉTICOS (demostración), porque aún no hay una fuente pública que los cubra: {datasets}. No los use para decisiones.",
  "up.calibration":
    "Calibración de la demo: internet en locales {all} (urbano {urban}, rural {rural})",
  "up.calibrationEnla":
    "; ENLA 2024 4.º primaria satisfactorio: lectura {lectura}, matemática {matematica}",
  "dataset.schools": "escuelas y su matrícula (padrón de ESCALE)",
  "dataset.school_premises":
    "internet, electricidad y agua de los locales escolares (Censo Educativo)",
  "dataset.household_ict": "computadoras en los hogares",
  "dataset.learning_outcomes": "resultados de aprendizaje por distrito",
  "status.published": "publicado",
  "status.unchanged": "sin cambios",
  "status.reinstated": "restablecido",
  "status.missing": "no disponible",
  "status.failed": "falló",
  "col.dataset": "conjunto",
  "col.status": "estado",
  "col.origin": "origen",
  "col.rows": "filas",
  "col.rejected": "rechazadas",
  "col.cleared": "celdas anuladas",
  "col.version": "versión",
  "col.created": "creado",
  "col.source": "fuente",
  "col.file": "archivo",
  "col.current": "vigente",
  "joins.title": "Cruce de ubigeos con la lista de distritos INEI 2025",
  "joins.line":
    "{dataset}: {matched}/{codes} códigos cruzan, {unmatched} sin cruce{unmatchedSample}, {missing} distritos ausentes{missingSample}",
  "ingest.done":
    "{file}: {status} {dataset} versión {version} — {rows} filas, {rejected} rechazadas, {cleared} celdas anuladas",
  "ingest.repaired": "  ubigeos/códigos con cero inicial perdido restaurados: {detail}",
  "ingest.dropped": "  filas omitidas a propósito: {detail}",
  "ingest.quarantine": "  en cuarentena (primeras {n}):",
  "validate.ok":
    "{file}: leído como {source} — {rows} filas listas, {rejected} rechazadas, {cleared} celdas anuladas (nada se publicó)",
  "validate.guess": "fuente detectada por la cabecera: {source}",
  "versions.none": "No hay versiones publicadas todavía. Ejecute `brecha up` o `brecha ingest`.",
  "error.prefix": "Error",
  "error.debugHint": "vuelva a ejecutar con --debug para ver el detalle",
  "export.done": "{rows} filas escritas en {out}",
  "progress.validate": "validando",
  "progress.hash": "calculando huella",
  "progress.publish": "publicando",
} as const;

type Key = keyof typeof es;

const en: Partial<Record<Key, string>> = {
  "up.title": "Brecha: workspace",
  "up.building": "Building the workspace in {home}",
  "up.serving": "Serving at http://{host}:{port}/ (Ctrl+C to stop)",
  "up.synthetic": "SYNTHETIC",
  "up.syntheticBanner":
    "Some data in this workspace are SYNTHETIC (demo), because no public source covers them yet: {datasets}. Do not use them for decisions.",
  "up.calibration": "Demo calibration: internet in premises {all} (urban {urban}, rural {rural})",
  "up.calibrationEnla": "; ENLA 2024 grade 4 satisfactory: reading {lectura}, maths {matematica}",
  "dataset.schools": "schools and their enrolment (ESCALE padrón)",
  "dataset.school_premises": "internet, electricity and water of school premises (school census)",
  "dataset.household_ict": "household computers",
  "dataset.learning_outcomes": "learning results by district",
  "status.published": "published",
  "status.unchanged": "unchanged",
  "status.reinstated": "reinstated",
  "status.missing": "unavailable",
  "status.failed": "failed",
  "col.dataset": "dataset",
  "col.status": "status",
  "col.origin": "origin",
  "col.rows": "rows",
  "col.rejected": "rejected",
  "col.cleared": "cells cleared",
  "col.version": "version",
  "col.created": "created",
  "col.source": "source",
  "col.file": "file",
  "col.current": "current",
  "joins.title": "Ubigeo join with the INEI 2025 district list",
  "joins.line":
    "{dataset}: {matched}/{codes} codes match, {unmatched} unmatched{unmatchedSample}, {missing} districts absent{missingSample}",
  "ingest.done":
    "{file}: {status} {dataset} version {version} — {rows} rows, {rejected} rejected, {cleared} cells cleared",
  "ingest.repaired": "  codes with a lost leading zero restored: {detail}",
  "ingest.dropped": "  rows left out on purpose: {detail}",
  "ingest.quarantine": "  quarantined (first {n}):",
  "validate.ok":
    "{file}: read as {source} — {rows} rows ready, {rejected} rejected, {cleared} cells cleared (nothing was published)",
  "validate.guess": "source detected from the header: {source}",
  "versions.none": "No versions published yet. Run `brecha up` or `brecha ingest`.",
  "error.prefix": "Error",
  "error.debugHint": "run again with --debug for the details",
  "export.done": "{rows} rows written to {out}",
  "progress.validate": "validating",
  "progress.hash": "hashing",
  "progress.publish": "publishing",
};

export type Lang = "es" | "en";
export type MessageKey = Key;

/** Looks a message up and fills `{name}` placeholders. */
export function translate(
  lang: Lang,
  key: MessageKey,
  values: Record<string, string | number> = {},
): string {
  const template = (lang === "en" ? en[key] : undefined) ?? es[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A dataset in a planner's words ("computadoras en los hogares"), or its id when it has none. */
export function datasetWords(lang: Lang, dataset: string): string {
  const key = `dataset.${dataset}` as MessageKey;
  const words = translate(lang, key);
  return words === key ? dataset : words;
}

/** Numbers as a Peruvian reader expects them (es-PE: 1,234.5) or in English. */
export function formatNumber(lang: Lang, value: number, digits = 0): string {
  return new Intl.NumberFormat(lang === "en" ? "en-GB" : "es-PE", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

export const MESSAGE_KEYS = Object.keys(es) as MessageKey[];
export const ENGLISH_KEYS = Object.keys(en) as MessageKey[];
