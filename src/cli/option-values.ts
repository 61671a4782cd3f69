import { UsageError } from "../errors/index.ts";

/** An option value that must be one of a few words; anything else is a usage error naming them. */
export function choice<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    "BRECHA_USAGE",
    `--${option} must be one of ${allowed.join(", ")}, got "${value}"`,
  );
}

/** A numeric option: `fallback` when absent, else a finite number ≥ `min` (whole when `integer`). */
export function numberOption(
  value: string | undefined,
  name: string,
  fallback: number,
  { integer = false, min = 0 } = {},
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      "BRECHA_USAGE",
      `--${name} must be ${integer ? "a whole number" : "a number"} ≥ ${min}, got "${value}"`,
    );
  }
  return n;
}

export { csvCell } from "../contract/index.ts";
