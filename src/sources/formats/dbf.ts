import { remapDosString, type TextEncoding } from "./encoding.ts";
import type { CsvRecord } from "./csv.ts";

/**
 * dBASE III/IV tables (.dbf), the format of ESCALE's padrón (`Padron_web.dbf`). Layout from the
 * dBASE file-format description (https://www.dbase.com/Knowledgebase/INT/db7_file_fmt.htm):
 * a 32-byte header (record count at 4, header length at 8, record length at 10, language driver
 * at 29), 32-byte field descriptors ended by 0x0D, then fixed-width records each starting with a
 * deletion flag (`*` = deleted), and 0x1A at the end.
 */
export interface DbfField {
  readonly name: string;
  readonly type: string;
  readonly length: number;
  readonly decimals: number;
}

export interface DbfTable {
  readonly fields: readonly DbfField[];
  readonly declaredRecords: number;
  readonly encoding: TextEncoding;
  readonly encodingReason: string;
  readonly deleted: number;
  /** Complete, non-deleted records, read lazily: fields outside `projection.keep` read as "". */
  readonly records: Iterable<CsvRecord>;
  readonly recordCount: number;
  /** Set when the file ends before the declared number of records. */
  readonly truncated?: string;
}

// Language-driver ids (byte 29) used by Visual FoxPro and dBASE, from the dBASE and Microsoft
// code-page tables; ESCALE's files carry 0x02 (CP850) or 0x01 (CP437) or nothing.
const LANGUAGE_DRIVERS: Record<number, TextEncoding> = {
  0x01: "cp437",
  0x02: "cp850",
  0x03: "latin1",
  0x57: "latin1",
  0x58: "latin1",
  0x59: "latin1",
};

export class DbfFormatError extends Error {}

/**
 * Parses a whole DBF file. Character fields are decoded with the code page named by the
 * language-driver byte, else `fallbackEncoding` (CP850, ESCALE's usual one).
 */
export function readDbf(
  bytes: Uint8Array,
  {
    encoding,
    fallbackEncoding = "cp850",
    projection,
  }: {
    encoding?: TextEncoding;
    fallbackEncoding?: TextEncoding;
    projection?: { keep: readonly boolean[] | null };
  } = {},
): DbfTable {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 33)
    throw new DbfFormatError(`file is ${bytes.byteLength} bytes, too short for a DBF header`);
  const version = bytes[0]!;
  if (![0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x43, 0x83, 0x8b, 0xcb, 0xf5, 0xfb].includes(version)) {
    throw new DbfFormatError(`first byte 0x${version.toString(16)} is not a dBASE version byte`);
  }
  const declaredRecords = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const driver = bytes[29]!;
  const fromDriver = LANGUAGE_DRIVERS[driver];
  const chosen = encoding ?? fromDriver ?? fallbackEncoding;
  const encodingReason = encoding
    ? "declared by the caller"
    : fromDriver
      ? `DBF language driver 0x${driver.toString(16).padStart(2, "0")}`
      : `no DBF language driver; assumed ${fallbackEncoding}`;

  const fields: DbfField[] = [];
  let offset = 32;
  while (offset + 32 <= headerLength && bytes[offset] !== 0x0d) {
    const nameBytes = bytes.subarray(offset, offset + 11);
    const zero = nameBytes.indexOf(0);
    const name = Buffer.from(zero === -1 ? nameBytes : nameBytes.subarray(0, zero))
      .toString("latin1")
      .trim();
    fields.push({
      name,
      type: String.fromCharCode(bytes[offset + 11]!),
      length: bytes[offset + 16]!,
      decimals: bytes[offset + 17]!,
    });
    offset += 32;
  }
  if (fields.length === 0) throw new DbfFormatError("the header declares no fields");
  const widths = fields.reduce((sum, f) => sum + f.length, 1);
  if (widths !== recordLength) {
    throw new DbfFormatError(
      `field widths add up to ${widths} bytes but the header says records are ${recordLength}`,
    );
  }

  // Records are decoded one at a time as latin1 (one char per byte, done natively); fields are
  // sliced by offset, and the few strings with bytes above 0x7F are remapped through the code page.
  const start = bytes.byteOffset + headerLength;
  const available = Math.max(0, bytes.byteLength - headerLength);
  const body = Buffer.from(bytes.buffer, start, available);
  const remap = chosen === "cp850" || chosen === "cp437" ? chosen : undefined;
  const latin1Windows = chosen === "latin1" ? new TextDecoder("windows-1252") : undefined;
  const completeRecords = Math.min(declaredRecords, Math.floor(available / recordLength));
  let deleted = 0;
  for (let r = 0; r < completeRecords; r++) if (body[r * recordLength] === 0x2a) deleted++;
  const offsets = fields.map(
    (_, f) => 1 + fields.slice(0, f).reduce((sum, x) => sum + x.length, 0),
  );
  const records = function* (): Generator<CsvRecord> {
    for (let r = 0; r < completeRecords; r++) {
      const at = r * recordLength;
      if (body[at] === 0x2a) continue;
      const keep = projection?.keep;
      const values: string[] = new Array<string>(fields.length);
      for (let f = 0; f < fields.length; f++) {
        if (keep && keep[f] !== true) {
          values[f] = "";
          continue;
        }
        let value = body
          .toString("latin1", at + offsets[f]!, at + offsets[f]! + fields[f]!.length)
          .trim();
        if (value.length > 0 && /[\x80-\xff]/.test(value)) {
          value = remap
            ? remapDosString(value, remap)
            : latin1Windows
              ? latin1Windows.decode(Buffer.from(value, "latin1"))
              : Buffer.from(value, "latin1").toString("utf8");
        }
        values[f] = value;
      }
      yield { fields: values, row: r + 2, line: r + 2 };
    }
  };
  let truncated: string | undefined;
  if (completeRecords < declaredRecords) {
    const partial = available - completeRecords * recordLength;
    truncated = `the header declares ${declaredRecords} records but the file holds ${completeRecords}${partial > 1 ? ` and ${partial} bytes of an incomplete one` : ""} (file truncated?)`;
  }
  const table = {
    fields,
    declaredRecords,
    encoding: chosen,
    encodingReason,
    deleted,
    records: records(),
    recordCount: completeRecords - deleted,
  };
  return truncated === undefined ? table : { ...table, truncated };
}
