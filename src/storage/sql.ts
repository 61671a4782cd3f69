import type { ColumnType } from "../domain/index.ts";
import type { Dialect } from "./dialect.ts";

/** A value a query can carry as a bound parameter. */
export type SqlValue = string | number | boolean | null;

type Piece =
  | { readonly text: string }
  | { readonly value: SqlValue }
  | { readonly id: string }
  | { readonly type: ColumnType };

/**
 * A query, or a part of one, as the `sql` tag builds it: SQL text written in the code, with the
 * values a caller supplies kept apart as parameters and the names it supplies kept apart as
 * identifiers, so that no input can change what the query says. `Store.query` takes only `Sql`:
 * a string built by concatenation or `${}` is a type error, and so is interpolating a string or a
 * number into the tag (say which it is: `sql.value(x)` or `sql.id(x)`).
 *
 * The private field makes the type nominal: an object of the same shape is not an `Sql`.
 */
export class Sql {
  readonly #pieces: readonly Piece[];

  private constructor(pieces: readonly Piece[]) {
    this.#pieces = pieces;
  }

  /** @internal builds a fragment; use the `sql` tag and its helpers. */
  static of(pieces: readonly Piece[]): Sql {
    return new Sql(pieces);
  }

  /** @internal the pieces of a fragment, for splicing it into another. */
  static piecesOf(fragment: Sql): readonly Piece[] {
    return fragment.#pieces;
  }

  /** The text with a placeholder for each parameter (`?`, or what `placeholder` makes of its
   * 1-based position, e.g. PostgreSQL's `$1`), in an engine's dialect, and the parameters in
   * order. */
  render(
    dialect: Pick<Dialect, "quoteIdentifier" | "columnType">,
    placeholder: (position: number) => string = () => "?",
  ): {
    text: string;
    params: SqlValue[];
  } {
    let text = "";
    const params: SqlValue[] = [];
    for (const piece of this.#pieces) {
      if ("text" in piece) text += piece.text;
      else if ("value" in piece) {
        params.push(piece.value);
        text += placeholder(params.length);
      } else if ("id" in piece) text += dialect.quoteIdentifier(piece.id);
      else text += dialect.columnType(piece.type);
    }
    return { text, params };
  }

  /** The text with parameters shown as `?` and identifiers ANSI-quoted: for messages and tests. */
  toString(): string {
    return this.render({
      quoteIdentifier: (name) => `"${name.replace(/"/g, '""')}"`,
      columnType: (type) => type.toUpperCase(),
    }).text;
  }
}

function tag(strings: TemplateStringsArray, ...parts: readonly Sql[]): Sql {
  const pieces: Piece[] = [];
  strings.forEach((text, i) => {
    if (text !== "") pieces.push({ text });
    const part = parts[i];
    if (i < parts.length) {
      // A JavaScript caller (or a cast) can still pass something else: refuse it here too.
      if (!(part instanceof Sql))
        throw new TypeError(
          `sql: interpolation ${i + 1} is a ${typeof part}, not a fragment; use sql.value() for a value or sql.id() for a name`,
        );
      pieces.push(...Sql.piecesOf(part));
    }
  });
  return Sql.of(pieces);
}

/**
 * The tag every store query is written with. Interpolations must be fragments: another `sql`
 * template, or one of the helpers below.
 *
 * @example store.query(sql`SELECT * FROM ${sql.id(table)} WHERE ubigeo = ${sql.value(code)}`, ROW)
 */
export const sql = Object.assign(tag, {
  /** A bound parameter (`?`): the value never becomes SQL text. */
  value: (value: SqlValue): Sql => Sql.of([{ value }]),
  /** Bound parameters separated by commas, for `IN (…)`; a list must not be empty. */
  values: (values: readonly SqlValue[]): Sql => {
    if (values.length === 0) throw new RangeError("sql.values: the list is empty");
    return join(values.map((value) => Sql.of([{ value }])));
  },
  /** A table or column name, quoted by the engine's dialect. */
  id: (name: string): Sql => Sql.of([{ id: name }]),
  /** The engine's nullable type for a storage-neutral column type. */
  type: (type: ColumnType): Sql => Sql.of([{ type }]),
  /** A NULL of a storage-neutral type (`CAST(NULL AS …)`), for a column a dataset lacks. */
  nullOf: (type: ColumnType): Sql => Sql.of([{ text: "CAST(NULL AS " }, { type }, { text: ")" }]),
  /** Fragments joined by a separator (a comma by default). */
  join,
  /** The empty fragment. */
  empty: Sql.of([]),
  /**
   * SQL text assembled in the code from the code's own constants (the indicator catalogue's
   * expressions). Never pass text that contains input: that is what `value` and `id` are for.
   * The files that may call it are listed in the architecture test.
   */
  trusted: (text: string): Sql => Sql.of([{ text }]),
});

function join(parts: readonly Sql[], separator: Sql = Sql.of([{ text: ", " }])): Sql {
  const pieces: Piece[] = [];
  parts.forEach((part, i) => {
    if (i > 0) pieces.push(...Sql.piecesOf(separator));
    pieces.push(...Sql.piecesOf(part));
  });
  return Sql.of(pieces);
}
