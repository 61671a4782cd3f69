import { z } from "zod";
import { RESOURCE_FORMATS, RESOURCE_LANGUAGES } from "../contract/index.ts";

export { RESOURCE_FORMATS, RESOURCE_LANGUAGES };

/** A learning resource for community tech hubs. */
export const RESOURCE = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{3,64}$/, "3-64 lowercase letters, digits or '-'"),
    title: z.string().trim().min(3).max(200),
    description: z.string().trim().max(2000).default(""),
    subject: z.enum([
      "comunicacion",
      "matematica",
      "ciencia",
      "ciudadania",
      "tecnologia",
      "arte",
      "general",
    ]),
    grades: z.array(z.enum(["inicial", "primaria", "secundaria", "adultos", "docentes"])).min(1),
    /** ISO 639 codes: castellano, quechua, aimara, asháninka, awajún, shipibo-konibo, English. */
    languages: z.array(z.enum(RESOURCE_LANGUAGES)).min(1),
    /** `radio` and `tv`: broadcast programmes; `printed`: paper (cuadernos de trabajo). */
    format: z.enum(RESOURCE_FORMATS),
    sizeMb: z.number().min(0).max(1_000_000).nullable().default(null),
    worksOffline: z.boolean(),
    licence: z.string().trim().min(2).max(100),
    url: z.url({ protocol: /^https?$/ }),
    hubs: z
      .array(z.string().regex(/^\d{10}$/, "a 10-digit centro poblado code"))
      .max(500)
      .default([]),
  })
  .strict();

export type Resource = z.infer<typeof RESOURCE>;

/**
 * Starter entries (real, openly reachable resources) so a new hub repository is not empty; edit
 * or delete them. Licences as the publishers state them.
 */
export const STARTER_RESOURCES: readonly Resource[] = [
  {
    id: "wikipedia-quechua",
    title: "Wikipedia en quechua (Runa Simi)",
    description:
      "Enciclopedia libre escrita en quechua; se puede descargar para uso sin conexión con Kiwix.",
    subject: "general",
    grades: ["primaria", "secundaria", "adultos"],
    languages: ["qu"],
    format: "web",
    sizeMb: null,
    worksOffline: false,
    licence: "CC BY-SA 4.0",
    url: "https://qu.wikipedia.org",
    hubs: [],
  },
  {
    id: "wikipedia-aymara",
    title: "Wikipedia en aimara (Aymar aru)",
    description: "Enciclopedia libre escrita en aimara.",
    subject: "general",
    grades: ["primaria", "secundaria", "adultos"],
    languages: ["ay"],
    format: "web",
    sizeMb: null,
    worksOffline: false,
    licence: "CC BY-SA 4.0",
    url: "https://ay.wikipedia.org",
    hubs: [],
  },
  {
    id: "khan-academy-es",
    title: "Khan Academy en español",
    description:
      "Lecciones en video y ejercicios de matemática y ciencias, de primaria a secundaria.",
    subject: "matematica",
    grades: ["primaria", "secundaria", "docentes"],
    languages: ["es"],
    format: "video",
    sizeMb: null,
    worksOffline: false,
    licence: "CC BY-NC-SA",
    url: "https://es.khanacademy.org",
    hubs: [],
  },
  {
    id: "kolibri",
    title: "Kolibri (Learning Equality)",
    description:
      "Plataforma de aprendizaje que funciona sin internet en una red local; canales con contenidos en español.",
    subject: "tecnologia",
    grades: ["primaria", "secundaria", "docentes"],
    languages: ["es", "en"],
    format: "offline-package",
    sizeMb: null,
    worksOffline: true,
    licence: "MIT (software)",
    url: "https://learningequality.org/kolibri/",
    hubs: [],
  },
  {
    id: "perueduca",
    title: "PerúEduca",
    description:
      "Portal educativo del Ministerio de Educación con recursos y cursos para estudiantes y docentes.",
    subject: "general",
    grades: ["primaria", "secundaria", "docentes"],
    languages: ["es"],
    format: "web",
    sizeMb: null,
    worksOffline: false,
    licence: "MINEDU (ver condiciones del sitio)",
    url: "https://www.perueduca.pe",
    hubs: [],
  },
  {
    id: "aprendo-en-casa-radio",
    title: "Aprendo en casa: programas de radio",
    description:
      "Programas de radio del Ministerio de Educación para inicial, primaria y secundaria, también en lenguas originarias; no necesitan internet ni otro equipo que una radio.",
    subject: "general",
    grades: ["inicial", "primaria", "secundaria"],
    languages: ["es", "qu", "ay", "cni", "agr", "shp"],
    format: "radio",
    sizeMb: null,
    worksOffline: true,
    licence: "MINEDU (ver condiciones del sitio)",
    url: "https://aprendoencasa.pe",
    hubs: [],
  },
  {
    id: "aprendo-en-casa-tv",
    title: "Aprendo en casa: programas de televisión",
    description:
      "Programas de televisión del Ministerio de Educación por TV Perú, para inicial, primaria y secundaria.",
    subject: "general",
    grades: ["inicial", "primaria", "secundaria"],
    languages: ["es"],
    format: "tv",
    sizeMb: null,
    worksOffline: true,
    licence: "MINEDU (ver condiciones del sitio)",
    url: "https://aprendoencasa.pe",
    hubs: [],
  },
  {
    id: "kiwix-wikipedia-es",
    title: "Wikipedia en castellano sin conexión (Kiwix)",
    description:
      "La enciclopedia entera descargada una vez y leída sin internet con Kiwix, en computadora, tableta o celular.",
    subject: "general",
    grades: ["primaria", "secundaria", "adultos", "docentes"],
    languages: ["es"],
    format: "offline-package",
    sizeMb: null,
    worksOffline: true,
    licence: "CC BY-SA 4.0 (contenido); GPL (Kiwix)",
    url: "https://www.kiwix.org",
    hubs: [],
  },
];

/** Lower case without accents: "Matemática" and "matematica" match. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

const tokens = (text: string) =>
  fold(text)
    .split(/[^a-z0-9ñ]+/)
    .filter((t) => t.length > 1);

export interface ResourceQuery {
  readonly q?: string;
  readonly subject?: Resource["subject"];
  readonly grade?: Resource["grades"][number];
  readonly language?: Resource["languages"][number];
  readonly format?: Resource["format"];
  readonly offline?: boolean;
  readonly hub?: string;
}

/**
 * Accent-insensitive search: every word of the query must appear (as a word prefix) in the title,
 * description or subject; title matches rank first. Filters narrow the list.
 */
export function searchResources(all: readonly Resource[], query: ResourceQuery): Resource[] {
  const words = tokens(query.q ?? "");
  return all
    .filter(
      (r) =>
        (!query.subject || r.subject === query.subject) &&
        (!query.grade || r.grades.includes(query.grade)) &&
        (!query.language || r.languages.includes(query.language)) &&
        (!query.format || r.format === query.format) &&
        (query.offline === undefined || r.worksOffline === query.offline) &&
        (!query.hub || r.hubs.includes(query.hub)),
    )
    .map((r) => {
      const title = tokens(r.title);
      const rest = tokens(`${r.description} ${r.subject} ${r.licence}`);
      let score = 0;
      for (const w of words) {
        if (title.some((t) => t.startsWith(w))) score += 3;
        else if (rest.some((t) => t.startsWith(w))) score += 1;
        else return { r, score: -1 };
      }
      return { r, score };
    })
    .filter((x) => x.score >= 0)
    .sort((a, b) => b.score - a.score || a.r.title.localeCompare(b.r.title, "es"))
    .map((x) => x.r);
}
