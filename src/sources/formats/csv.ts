/**
 * A CSV reader for the dialects ministries publish: `,` or `;` (or tab, `|`) separators, quoted
 * fields with doubled quotes and embedded newlines (RFC 4180), CRLF or LF line ends. It never
 * throws on bad content: a record it cannot read cleanly carries a `problem` so that the caller
 * can quarantine it with its row number.
 */
export interface CsvRecord {
  readonly fields: string[];
  /** Record number, header = 1: the row a spreadsheet would show. */
  readonly row: number;
  /** Physical line where the record starts (differs from `row` after embedded newlines). */
  readonly line: number;
  readonly problem?: string;
}

export type CsvDelimiter = "," | ";" | "\t" | "|";

/** Columns a caller will read: set `keep` once the header is known, and unquoted lines fill only
 * those fields (the others read as ""), sparing the allocation of strings nobody looks at. */
export interface CsvProjection {
  keep: readonly boolean[] | null;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Chooses the delimiter from the first line: the candidate that appears most often outside quotes.
 *
 * @example detectDelimiter("a;b;c\n1;2;3") // ";"
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const end = text.search(/\r?\n/);
  const header = end === -1 ? text : text.slice(0, end);
  const unquoted = header.replace(/"[^"]*"/g, "");
  let best: CsvDelimiter = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t", "|"] as const) {
    const count = unquoted.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Reads records one by one. Blank lines are skipped but still counted in `line`.
 *
 * @example [...readCsvRecords('a,b\n1,"x\ny"\n', { delimiter: "," })][1].fields // ["1", "x\ny"]
 */
export function* readCsvRecords(
  text: string,
  { delimiter, projection }: { delimiter: CsvDelimiter; projection?: CsvProjection },
): Generator<CsvRecord> {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let nextQuote = -2; // position of the next '"' at or after i; -1 when there is none
  let line = 1;
  let row = 0;
  while (i < n) {
    const c0 = text.charCodeAt(i);
    if (c0 === LF || c0 === CR) {
      // Blank line.
      i += c0 === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const startLine = line;
    // Fast path: a line without quotes is split natively; quoted records take the loop below.
    let end = text.indexOf("\n", i);
    if (end === -1) end = n;
    const lineEnd = end > i && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
    if (nextQuote === -1 || nextQuote >= lineEnd) {
      const keep = projection?.keep;
      let fields: string[];
      if (keep) {
        fields = [];
        let start = i;
        for (let col = 0; ; col++) {
          let stop = text.indexOf(delimiter, start);
          if (stop === -1 || stop > lineEnd) stop = lineEnd;
          fields.push(keep[col] === true ? text.slice(start, stop) : "");
          if (stop === lineEnd) break;
          start = stop + 1;
        }
      } else {
        fields = text.slice(i, lineEnd).split(delimiter);
      }
      i = end + 1;
      line++;
      row++;
      yield { fields, row, line: startLine };
      continue;
    }
    const fields: string[] = [];
    let problem: string | undefined;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let value = "";
        let segment = i + 1;
        let closed = false;
        while (segment <= n) {
          const q = text.indexOf('"', segment);
          if (q === -1) break;
          line += countNewlines(text, segment, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(segment, q + 1);
            segment = q + 2;
            continue;
          }
          value += text.slice(segment, q);
          i = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          line += countNewlines(text, segment, n);
          fields.push(value + text.slice(segment));
          i = n;
          problem = `a quoted field opened on line ${startLine} is never closed (file truncated?)`;
          break;
        }
        // Text between a closing quote and the next separator is kept, and the record flagged.
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
          j++;
        }
        if (j > i) {
          problem ??= `text after a closing quote in field ${fields.length + 1}`;
          value += text.slice(i, j);
          i = j;
        }
        fields.push(value);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i < n) continue;
        fields.push(""); // a separator at the very end of the file
        break;
      }
      if (c === CR) i++;
      if (text.charCodeAt(i) === LF) i++;
      if (i <= n) line++;
      break;
    }
    row++;
    yield problem === undefined
      ? { fields, row, line: startLine }
      : { fields, row, line: startLine, problem };
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = text.indexOf("\n", from); k !== -1 && k < to; k = text.indexOf("\n", k + 1)) count++;
  return count;
}
