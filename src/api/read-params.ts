import { z } from "zod";

// Query and path parameters the read endpoints share.

export const LEVEL = z.enum(["nation", "department", "province", "district"]);
export const DEPARTMENT = z.string().regex(/^\d{2}$/, "a 2-digit department code");
export const PROVINCE = z.string().regex(/^\d{4}$/, "a 4-digit province code");
export const LANG = z.enum(["es", "en"]).default("es");

/** Areas of a level, optionally inside a department or province. */
export const AREA_QUERY = z.object({
  level: LEVEL.exclude(["nation"]).default("department"),
  parent: z
    .string()
    .regex(/^(\d{2}|\d{4})$/)
    .optional(),
});
export const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));
/** A UGEL's code (6 digits). */
export const UGEL = z.string().regex(/^\d{6}$/, "a 6-digit UGEL code");
export const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The indicator filters a user can apply, as query parameters. */
export const FILTERS = {
  department: DEPARTMENT.optional(),
  province: PROVINCE.optional(),
  area: z.enum(["urbana", "rural"]).optional(),
  gestion: z.enum(["publica", "privada"]).optional(),
  year: integer(2000, 2100).optional(),
};
