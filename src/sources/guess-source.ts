import type { RawTable } from "./formats/index.ts";
import { normalizeHeader, type SourceSpec } from "./source-spec.ts";

/** The source whose column names best match the first rows of a file, or undefined. Reads the
 * records of `raw` again, so call it on a table read for this purpose. */
export function guessSource(specs: readonly SourceSpec[], raw: RawTable): SourceSpec | undefined {
  const candidates: string[][] = raw.header !== undefined ? [raw.header] : [];
  if (raw.header === undefined) {
    let k = 0;
    for (const record of raw.records) {
      candidates.push(record.fields);
      if (++k >= 30) break;
    }
  }
  let best: SourceSpec | undefined;
  let bestScore = 0;
  for (const spec of specs) {
    if (!spec.formats.includes(raw.format)) continue;
    const aliases = Object.values(spec.columns).map((c) => new Set(c.aliases.map(normalizeHeader)));
    for (const candidate of candidates) {
      const fields = spec.reshape ? spec.reshape(candidate, []).header : candidate;
      const names = new Set(fields.map(normalizeHeader));
      const matched = aliases.filter((set) => [...set].some((a) => names.has(a))).length;
      const score = matched / aliases.filter((set) => set.size > 0).length;
      if (score > bestScore) {
        best = spec;
        bestScore = score;
      }
    }
  }
  return bestScore >= 0.5 ? best : undefined;
}
