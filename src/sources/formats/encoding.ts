import { isUtf8 } from "node:buffer";

/**
 * Text encodings of ministry files. INEI and MINAM publish UTF-8 (often with a BOM); older MINEDU
 * CSV exports and Excel "CSV (delimitado por comas)" are Windows-1252/Latin-1; ESCALE's DBF files
 * are in IBM code page 850 or 437 (DOS), as their language-driver byte says.
 */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "latin1" | "cp850" | "cp437";

export const TEXT_ENCODINGS: readonly TextEncoding[] = [
  "utf-8",
  "utf-16le",
  "utf-16be",
  "latin1",
  "cp850",
  "cp437",
];

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
  readonly hadBom: boolean;
  /** How the encoding was chosen, for the provenance record. */
  readonly reason: string;
}

// Upper halves (0x80-0xFF) of the two DOS code pages, from the Unicode consortium's mapping
// tables (https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/PC/CP850.TXT and CP437.TXT).
const CP850_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00AD±‗¾¶§÷¸°¨·¹³²■\u00A0";
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0";

const HIGH_TABLES = { cp850: CP850_HIGH, cp437: CP437_HIGH } as const;

/**
 * Decodes bytes in a known encoding. Invalid UTF-8 becomes U+FFFD so that the row and column can be
 * reported by the caller; nothing is thrown here.
 */
export function decodeBytes(bytes: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case "utf-8":
      return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    case "utf-16le":
    case "utf-16be":
      return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
    case "latin1":
      return decodeWindows1252(bytes);
    case "cp850":
    case "cp437":
      return decodeDosCodePage(bytes, HIGH_TABLES[encoding]);
  }
}

// Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F, which Excel uses for €, “ ” and the like.
// Decoding as latin1 natively and fixing those few characters is ~10x faster than TextDecoder.
const WINDOWS_1252_C1 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

function decodeWindows1252(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return /[\x80-\x9f]/.test(raw)
    ? raw.replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c)
    : raw;
}

function decodeDosCodePage(bytes: Uint8Array, high: string): string {
  // Decode as one byte per char natively, then map only the characters above 0x7F.
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return raw.replace(/[\x80-\xff]/g, (c) => high[c.charCodeAt(0) - 0x80] ?? c);
}

/** Maps a single-byte string decoded as latin1 (one char per byte) through a DOS code page. */
export function remapDosString(raw: string, encoding: "cp850" | "cp437"): string {
  const high = HIGH_TABLES[encoding];
  return /[\x80-\xff]/.test(raw)
    ? raw.replace(/[\x80-\xff]/g, (c) => high[c.charCodeAt(0) - 0x80] ?? c)
    : raw;
}

// Bytes of Spanish letters (áéíóúñÑÁÉÍÓÚüÜ) under each single-byte encoding.
const SPANISH_LATIN1 = new Set([
  0xe1, 0xe9, 0xed, 0xf3, 0xfa, 0xf1, 0xd1, 0xc1, 0xc9, 0xcd, 0xd3, 0xda, 0xfc, 0xdc,
]);
const SPANISH_CP850 = new Set([
  0xa0, 0x82, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xb5, 0x90, 0xd6, 0xe0, 0xe9, 0x81, 0x9a,
]);

/**
 * Detects the encoding of a text file: a BOM wins; then strict UTF-8 if every byte sequence is
 * valid; otherwise the single-byte code page under which more bytes read as Spanish letters
 * (Latin-1 when tied, since DOS code pages are rare outside DBF files).
 */
export function detectEncoding(bytes: Uint8Array): {
  encoding: TextEncoding;
  hadBom: boolean;
  reason: string;
} {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: "utf-8", hadBom: true, reason: "UTF-8 byte-order mark" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { encoding: "utf-16le", hadBom: true, reason: "UTF-16LE byte-order mark" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { encoding: "utf-16be", hadBom: true, reason: "UTF-16BE byte-order mark" };
  if (isUtf8(bytes)) return { encoding: "utf-8", hadBom: false, reason: "valid UTF-8" };
  // Score a sample: the first megabyte holds thousands of names, enough to tell the code pages apart.
  let latin1 = 0;
  let cp850 = 0;
  const sample = bytes.subarray(0, 1 << 20);
  for (const byte of sample) {
    if (byte < 0x80) continue;
    if (SPANISH_LATIN1.has(byte)) latin1++;
    if (SPANISH_CP850.has(byte)) cp850++;
  }
  return cp850 > latin1
    ? {
        encoding: "cp850",
        hadBom: false,
        reason: `invalid as UTF-8; ${cp850} bytes read as Spanish letters in CP850 vs ${latin1} in Latin-1`,
      }
    : {
        encoding: "latin1",
        hadBom: false,
        reason: `invalid as UTF-8; ${latin1} bytes read as Spanish letters in Latin-1 vs ${cp850} in CP850`,
      };
}

/** Detects (or takes the declared) encoding and decodes, dropping any BOM. */
export function decodeText(bytes: Uint8Array, declared?: TextEncoding): DecodedText {
  const detected = detectEncoding(bytes);
  const encoding = declared ?? detected.encoding;
  const bomLength = !detected.hadBom ? 0 : detected.encoding === "utf-8" ? 3 : 2;
  const body = encoding === detected.encoding ? bytes.subarray(bomLength) : bytes;
  return {
    text: decodeBytes(body, encoding),
    encoding,
    hadBom: detected.hadBom,
    reason: declared ? "declared by the caller" : detected.reason,
  };
}

/** Accepts the spellings users type for encodings. */
export function parseEncodingName(name: string): TextEncoding | undefined {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  const table: Record<string, TextEncoding> = {
    utf8: "utf-8",
    utf16le: "utf-16le",
    utf16be: "utf-16be",
    latin1: "latin1",
    iso88591: "latin1",
    windows1252: "latin1",
    cp1252: "latin1",
    cp850: "cp850",
    ibm850: "cp850",
    cp437: "cp437",
    ibm437: "cp437",
  };
  return table[key];
}
