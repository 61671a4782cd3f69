import { z } from "zod";

/** A timestamp as either engine gives it (`2026-12-02 22:10:00.123+00`), as an ISO string. */
export const timestamp = z
  .string()
  .transform((text) =>
    new Date(text.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")).toISOString(),
  );

/** 64-bit counters come back as text from one driver and numbers from the other. */
export const count = z.coerce.number().int();
