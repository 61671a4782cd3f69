import { datasetWords, formatNumber, translate, type Lang } from "../i18n/index.ts";
import type { Store } from "../storage/index.ts";
import { joinReport } from "../tables/index.ts";

/** Current dataset versions with their provenance, by dataset name. */
export async function currentDatasets(store: Store) {
  const versions = await store.versions();
  return versions
    .filter((v) => v.current)
    .sort((a, b) => a.dataset.localeCompare(b.dataset))
    .map((v) => ({
      dataset: v.dataset,
      versionId: v.versionId,
      createdAt: v.createdAt,
      synthetic: v.provenance.synthetic,
      source: v.provenance.sourceId,
      file: v.provenance.fileName,
      origin: v.provenance.origin,
      rows: v.provenance.rowsPublished,
      rejected: v.provenance.rowsRejected,
      cleared: v.provenance.cellsCleared,
    }));
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The workspace page: every current dataset, its provenance and the ubigeo join report, with a
 * banner when any of it is synthetic (Spanish, or English with `lang`). */
export async function workspacePage(store: Store, lang: Lang): Promise<string> {
  const t = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) =>
    escape(translate(lang, key, values));
  const rows = await currentDatasets(store);
  const joins = await joinReport(store);
  const synthetic = rows.filter((r) => r.synthetic).map((r) => r.dataset);
  const banner =
    synthetic.length > 0
      ? `<p class="synthetic" role="alert">${t("up.syntheticBanner", { datasets: synthetic.map((d) => datasetWords(lang, d)).join("; ") })}</p>`
      : "";
  const tableRows = rows
    .map(
      (r) =>
        `<tr><td>${escape(r.dataset)}${r.synthetic ? ` <span class="badge">${t("up.synthetic")}</span>` : ""}</td><td>${escape(r.source)}</td><td>${escape(r.origin)}</td><td class="n">${formatNumber(lang, r.rows)}</td><td class="n">${formatNumber(lang, r.rejected)}</td><td class="n">${formatNumber(lang, r.cleared)}</td><td><code>${r.versionId.slice(0, 12)}</code></td></tr>`,
    )
    .join("\n");
  const joinItems = joins
    .map(
      (j) =>
        `<li>${t("joins.line", { dataset: j.dataset, matched: j.matched, codes: j.codes, unmatched: j.unmatched, unmatchedSample: "", missing: j.missing, missingSample: j.missingSample.length ? ` (${j.missingSample.slice(0, 5).join(", ")}…)` : "" })}${j.synthetic ? ` <span class="badge">${t("up.synthetic")}</span>` : ""}</li>`,
    )
    .join("\n");
  const other = lang === "es" ? `<a href="?lang=en">English</a>` : `<a href="?lang=es">Español</a>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t("up.title")}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}
.n{text-align:right;font-variant-numeric:tabular-nums}.badge{background:#7a1f00;color:#fff;border-radius:3px;padding:0 .35rem;font-size:.75rem;font-weight:600}
.synthetic{background:#fff2cc;border-left:4px solid #b35900;padding:.6rem .8rem}
</style></head><body>
<nav>${other}</nav>
<h1>${t("up.title")}</h1>
${banner}
<table><thead><tr><th>${t("col.dataset")}</th><th>${t("col.source")}</th><th>${t("col.origin")}</th><th class="n">${t("col.rows")}</th><th class="n">${t("col.rejected")}</th><th class="n">${t("col.cleared")}</th><th>${t("col.version")}</th></tr></thead>
<tbody>${tableRows}</tbody></table>
<h2>${t("joins.title")}</h2><ul>${joinItems}</ul>
</body></html>`;
}
