import { UsageError } from "../errors/index.ts";

/** An option value that must be one of a few words; anything else is a usage error naming them. */
export function choice<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    "BRECHA_USAGE",
    `--${option} must be one of ${allowed.join(", ")}, got "${value}"`,
  );
}
