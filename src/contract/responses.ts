import * as z from "zod/mini";

// The API's answers that the dashboard reads, as one set of schemas: the server checks what it
// sends against them and documents them in OpenAPI, and the dashboard parses what it receives
// with them instead of trusting a cast. Written with zod's small build, which the dashboard can
// carry. Each schema names the fields a client may rely on; an answer may carry more.

const bilingual = z.object({ es: z.string(), en: z.string() });
const nullableNumber = z.nullable(z.number());
const nullableString = z.nullable(z.string());
const yearValue = z.object({ year: z.number(), value: z.number() });

/** An indicator of the catalogue, with what the workspace has of it. */
export const INDICATOR = z.object({
  id: z.string(),
  datasets: z.array(z.string()),
  name: bilingual,
  unit: z.string(),
  direction: z.string(),
  note: bilingual,
  available: z.optional(z.boolean()),
  missing: z.optional(z.array(z.string())),
  synthetic: z.optional(z.boolean()),
  years: z.optional(z.array(z.number())),
});
export const INDICATOR_CATALOGUE = z.array(INDICATOR);

export const AREA_VALUES = z.object({
  code: z.string(),
  name: nullableString,
  values: z.record(z.string(), nullableNumber),
  basis: z.optional(z.record(z.string(), z.enum(["official", "official-combined"]))),
  /** Ids of this area's values that come from synthetic demo data. */
  synthetic: z.optional(z.array(z.string())),
});

export const INDICATOR_TABLE = z.object({
  level: z.string(),
  indicators: z.array(INDICATOR),
  unavailable: z.array(z.object({ id: z.string(), missing: z.array(z.string()) })),
  areas: z.array(AREA_VALUES),
  datasetVersions: z.record(z.string(), z.string()),
  synthetic: z.array(z.string()),
  syntheticIndicators: z.array(z.string()),
  years: z.record(z.string(), z.object({ year: nullableNumber, available: z.array(z.number()) })),
});

export const AREA_LIST = z.array(
  z.object({
    code: z.string(),
    name: nullableString,
    department: nullableString,
    province: nullableString,
    population: nullableNumber,
  }),
);

/** Boundaries as GeoJSON; geometries are passed to the map as they come. */
export const BOUNDARIES = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      type: z.literal("Feature"),
      properties: z.object({ code: z.string(), name: nullableString }),
      geometry: z.unknown(),
    }),
  ),
});

export const SCHOOL_POINTS = z.object({
  type: z.literal("FeatureCollection"),
  synthetic: z.boolean(),
  features: z.array(
    z.object({
      type: z.literal("Feature"),
      properties: z.object({
        code: z.string(),
        name: nullableString,
        level: nullableString,
        management: nullableString,
        area: nullableString,
        students: nullableNumber,
      }),
      geometry: z.object({
        type: z.literal("Point"),
        coordinates: z.tuple([z.number(), z.number()]),
      }),
    }),
  ),
});

export const SCHOOL_DETAIL = z.object({
  code: z.string(),
  annex: nullableString,
  premisesCode: nullableString,
  name: nullableString,
  level: nullableString,
  management: nullableString,
  area: nullableString,
  kind: nullableString,
  ubigeo: nullableString,
  ugel: nullableString,
  students: nullableNumber,
  teachers: nullableNumber,
  lat: nullableNumber,
  lon: nullableNumber,
  internet: z.nullable(z.boolean()),
  internetType: nullableString,
  electricity: z.nullable(z.boolean()),
  electricitySource: nullableString,
  water: z.nullable(z.boolean()),
  accessMinutes: nullableNumber,
  accessMode: nullableString,
  censusYear: nullableNumber,
  synthetic: z.boolean(),
});

export const INEQUALITY_REPORT = z.object({
  units: z.number(),
  excluded: z.number(),
  gini: z.number(),
  theilT: z.object({
    total: z.number(),
    between: z.number(),
    within: z.number(),
    betweenShare: z.number(),
  }),
  atkinson: z.record(z.string(), z.number()),
  p90p10: nullableNumber,
  synthetic: z.array(z.string()),
});

export const GAP_LINE = z.object({
  indicator: z.string(),
  name: bilingual,
  direction: z.string(),
  unit: z.string(),
  value: nullableNumber,
  department: nullableNumber,
  nation: nullableNumber,
  rankNational: nullableNumber,
  rankInDepartment: nullableNumber,
  peers: z.number(),
  gapZ: nullableNumber,
  trend: z.nullable(z.array(yearValue)),
  year: nullableNumber,
  synthetic: z.boolean(),
  official: z.boolean(),
});

export const GAP_REPORT = z.object({
  code: z.string(),
  level: z.string(),
  name: nullableString,
  lines: z.array(GAP_LINE),
  largestGaps: z.array(z.string()),
  datasetVersions: z.record(z.string(), z.string()),
  synthetic: z.array(z.string()),
});

export const HOTSPOTS = z.object({
  moran: z.object({ I: z.number(), pPermutation: nullableNumber }),
  districts: z.array(z.object({ ubigeo: z.string(), lisa: z.string() })),
  counts: z.record(z.string(), z.number()),
});

export const TYPOLOGY = z.object({
  k: z.number(),
  explained: z.number(),
  clusters: z.array(z.object({ cluster: z.number(), size: z.number(), description: bilingual })),
  districts: z.array(z.object({ ubigeo: z.string(), cluster: nullableNumber })),
  synthetic: z.array(z.string()),
});

export const RESOURCE_ITEM = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  subject: z.string(),
  grades: z.array(z.string()),
  languages: z.array(z.string()),
  format: z.string(),
  sizeMb: nullableNumber,
  worksOffline: z.boolean(),
  licence: z.string(),
  url: z.string(),
  hubs: z.array(z.string()),
});
export const RESOURCE_LIST = z.array(RESOURCE_ITEM);

export const PLAN_KIND = z.enum(["hubs", "infra", "devices"]);

/** A plan queued on the server, as it reports itself while it runs. */
export const JOB = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.enum(["queued", "running", "succeeded", "failed", "cancelled", "interrupted"]),
  progress: z.object({
    phase: z.string(),
    percent: z.number(),
    bound: z.optional(z.number()),
    gap: z.optional(z.number()),
  }),
  seconds: nullableNumber,
  gap: nullableNumber,
  error: z.nullable(z.object({ code: z.string(), message: z.string() })),
  saved: z.nullable(
    z.object({ scenario: z.optional(z.object({ name: z.string(), version: z.number() })) }),
  ),
});

export const HUB_PLAN = z.object({
  hubs: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      peopleServed: z.number(),
      /** What opening it costs, when the plan had opening costs. */
      costPen: z.optional(z.number()),
      reason: z.string(),
      lon: nullableNumber,
      lat: nullableNumber,
    }),
  ),
  /** Opening costs and the budget, when the plan had them. */
  costs: z.optional(
    z.object({ openingCostPen: nullableNumber, budgetPen: nullableNumber, spentPen: z.number() }),
  ),
  shareCovered: z.number(),
  totalPopulation: z.number(),
  radiusKm: z.number(),
  gap: z.number(),
  /** False when the solver could not close the gap to its bound: the best plan found, unproven. */
  proven: z.boolean(),
});

export const INFRA_PLAN = z.object({
  chosen: z.array(
    z.object({
      codigoLocal: z.string(),
      ubigeo: z.string(),
      kind: z.string(),
      costPen: z.number(),
      benefit: z.number(),
      reason: z.string(),
      lon: nullableNumber,
      lat: nullableNumber,
      /** Approved school requests behind this premises' need (older plans: absent). */
      requests: z.optional(z.array(z.number())),
    }),
  ),
  /** How approved school requests for services entered the plan (older plans: absent). */
  observed: z.optional(
    z.object({ requests: z.number(), premises: z.number(), unplaced: z.array(z.string()) }),
  ),
  spentPen: z.number(),
  budgetPen: z.number(),
  benefit: z.number(),
  gap: z.number(),
  leftOut: z.array(
    z.object({ codigoLocal: z.string(), kind: z.string(), costPen: z.number(), why: z.string() }),
  ),
  marginalBenefitPer1000Pen: nullableNumber,
  synthetic: z.array(z.string()),
});

export const DEVICE_PLAN = z.object({
  shipments: z.array(
    z.object({
      from: z.string(),
      codigoLocal: z.string(),
      devices: z.number(),
      bundle: z.string(),
      km: z.number(),
      costPen: z.number(),
      lon: nullableNumber,
      lat: nullableNumber,
      /** Approved school requests behind this premises' need (older plans: absent). */
      requests: z.optional(z.array(z.number())),
    }),
  ),
  /** How approved school requests entered the plan (older plans: absent). */
  observed: z.optional(
    z.object({ requests: z.number(), devices: z.number(), unplaced: z.array(z.string()) }),
  ),
  delivered: z.number(),
  need: z.number(),
  transportCostPen: z.number(),
  bundles: z.record(z.string(), z.number()),
  shortfalls: z.array(
    z.object({
      codigoLocal: z.string(),
      need: z.number(),
      delivered: z.number(),
      why: z.string(),
    }),
  ),
  assumptions: z.array(z.string()),
  synthetic: z.array(z.string()),
});

export const SCENARIO_SUMMARY = z.object({
  name: z.string(),
  kind: PLAN_KIND,
  createdAt: z.string(),
  params: z.record(z.string(), z.unknown()),
  summary: z.record(z.string(), z.union([z.number(), z.string()])),
});
export const SCENARIO_LIST = z.array(SCENARIO_SUMMARY);

export const SCENARIO_COMPARISON = z.object({
  kind: PLAN_KIND,
  a: z.string(),
  b: z.string(),
  params: z.array(z.object({ key: z.string(), a: z.unknown(), b: z.unknown() })),
  figures: z.array(
    z.object({
      key: z.string(),
      a: z.nullable(z.union([z.number(), z.string()])),
      b: z.nullable(z.union([z.number(), z.string()])),
      delta: nullableNumber,
    }),
  ),
  sites: z.object({ onlyA: z.array(z.string()), onlyB: z.array(z.string()), both: z.number() }),
});

/** The shape of every error answer. */
export const ERROR_BODY = z.object({
  statusCode: z.optional(z.number()),
  code: z.optional(z.string()),
  message: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.unknown())),
});

/** A person's account as the API shows it (never a password hash). */
export const ACCOUNT = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(["admin", "planner", "officer", "school", "student"]),
  scope: z.nullable(
    z.object({ kind: z.enum(["department", "ugel", "school", "local"]), code: z.string() }),
  ),
  active: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export const ACCOUNT_LIST = z.array(ACCOUNT);
/** The signed-in person, and the token their writes repeat in x-csrf-token. */
export const SIGNED_IN = z.object({ account: ACCOUNT, csrf: z.string(), expiresAt: z.string() });
export const SIGNED_OUT = z.object({ signedOut: z.literal(true) });

const needGroup = z.optional(z.record(z.string(), z.union([z.number(), z.boolean()])));
/** What a school asks for: devices and materials by count, services yes or no. */
export const NEEDS_ANSWER = z.object({
  devices: needGroup,
  services: needGroup,
  materials: needGroup,
});
export const SCHOOL_REQUEST = z.object({
  id: z.number(),
  codigoModular: z.string(),
  codigoLocal: nullableString,
  schoolName: nullableString,
  ubigeo: z.string(),
  department: z.string(),
  ugel: nullableString,
  needs: NEEDS_ANSWER,
  students: z.number(),
  reason: z.string(),
  status: z.enum(["pending", "approved", "partial", "rejected", "withdrawn"]),
  approved: z.nullable(NEEDS_ANSWER),
  reviewReason: nullableString,
  reviewedBy: nullableString,
  reviewedAt: nullableString,
  filedBy: z.string(),
  filedAt: z.string(),
  updatedAt: z.string(),
  /** Where the school is (the padrón's point), in lists; null when the padrón has none. */
  lon: z.optional(nullableNumber),
  lat: z.optional(nullableNumber),
});
export const SCHOOL_REQUEST_LIST = z.object({
  requests: z.array(SCHOOL_REQUEST),
  /** The `before` of the next page, or null on the last. */
  next: z.nullable(z.number()),
  /** Datasets behind the listed schools' names and points that are synthetic demo data. */
  synthetic: z.optional(z.array(z.string())),
});
export const AUDIT_LIST = z.array(
  z.object({
    id: z.number(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    entity: z.string(),
    entityId: nullableString,
    before: z.unknown(),
    after: z.unknown(),
    address: nullableString,
  }),
);

export const SHIPMENT = z.object({
  id: z.number(),
  plan: z.string(),
  origin: z.string(),
  codigoLocal: z.string(),
  schools: z.array(z.string()),
  ubigeo: z.string(),
  department: z.string(),
  ugel: nullableString,
  bundle: z.string(),
  units: z.number(),
  requests: z.array(z.number()),
  status: z.enum(["planned", "dispatched", "received", "cancelled"]),
  due: z.string(),
  plannedAt: z.string(),
  createdBy: z.string(),
  dispatchedAt: nullableString,
  dispatchedBy: nullableString,
  receivedAt: nullableString,
  receivedBy: nullableString,
  receivedUnits: nullableNumber,
  note: nullableString,
  delayed: z.boolean(),
  discrepancy: z.boolean(),
});
export const SHIPMENT_LIST = z.object({
  shipments: z.array(SHIPMENT),
  next: z.nullable(z.number()),
});
export const SHIPMENTS_CREATED = z.object({
  plan: z.string(),
  created: z.number(),
  existing: z.number(),
  /** Premises of the plan not found in the padrón (no district): not shipped to. */
  unplaced: z.array(z.string()),
});
export const EFFICIENCY = z.object({
  by: z.enum(["department", "ugel"]),
  rows: z.array(
    z.object({
      code: z.string(),
      name: nullableString,
      shipments: z.number(),
      plannedUnits: z.number(),
      deliveredUnits: z.number(),
      deliveredShare: nullableNumber,
      medianDaysToDelivery: nullableNumber,
      delayed: z.number(),
      discrepancies: z.number(),
      approvedUnits: z.number(),
      approvedNeedMet: nullableNumber,
    }),
  ),
  oldestUnmet: z.array(
    z.object({
      id: z.number(),
      codigoModular: z.string(),
      schoolName: nullableString,
      ugel: nullableString,
      department: z.string(),
      approvedUnits: z.number(),
      deliveredUnits: z.number(),
      waitingDays: z.number(),
    }),
  ),
});

/** A community hub as registered (who changed it last is in the audit log, not here). */
export const REGISTERED_HUB = z.object({
  code: z.string(),
  name: z.string(),
  status: z.enum(["existing", "planned", "closed"]),
  host: nullableString,
  hours: nullableString,
  note: nullableString,
  updatedAt: z.string(),
});
export const REGISTERED_HUB_LIST = z.object({ hubs: z.array(REGISTERED_HUB) });

const bilingualWords = z.object({ es: z.string(), en: z.string() });
export const VOTE = z.object({ rating: nullableNumber, useful: z.nullable(z.boolean()) });
export const RECOMMENDATIONS = z.object({
  profile: z.object({
    language: z.string(),
    level: nullableString,
    connectivity: z.enum(["none", "intermittent", "good"]),
    device: z.enum(["none", "radio", "tv", "phone", "tablet", "pc"]),
    subject: z.optional(z.string()),
  }),
  items: z.array(
    z.object({
      resource: RESOURCE_ITEM,
      score: z.number(),
      fit: z.number(),
      quality: z.number(),
      rating: nullableNumber,
      votes: z.number(),
      reasons: z.array(bilingualWords),
      myVote: z.nullable(VOTE),
    }),
  ),
});

export type Indicator = z.infer<typeof INDICATOR>;
export type AreaValues = z.infer<typeof AREA_VALUES>;
export type IndicatorTableAnswer = z.infer<typeof INDICATOR_TABLE>;
export type Boundaries = z.infer<typeof BOUNDARIES>;
export type SchoolPoints = z.infer<typeof SCHOOL_POINTS>;
export type SchoolDetail = z.infer<typeof SCHOOL_DETAIL>;
export type InequalityReport = z.infer<typeof INEQUALITY_REPORT>;
export type GapLine = z.infer<typeof GAP_LINE>;
export type GapReportAnswer = z.infer<typeof GAP_REPORT>;
export type Hotspots = z.infer<typeof HOTSPOTS>;
export type Typology = z.infer<typeof TYPOLOGY>;
export type ResourceItem = z.infer<typeof RESOURCE_ITEM>;
export type PlanKind = z.infer<typeof PLAN_KIND>;
export type Job = z.infer<typeof JOB>;
export type HubPlan = z.infer<typeof HUB_PLAN>;
export type InfraPlan = z.infer<typeof INFRA_PLAN>;
export type DevicePlan = z.infer<typeof DEVICE_PLAN>;
export type ScenarioSummary = z.infer<typeof SCENARIO_SUMMARY>;
export type ScenarioComparison = z.infer<typeof SCENARIO_COMPARISON>;
/** A response schema (zod's small build or the full one). */
export type ResponseSchema<T = unknown> = z.core.$ZodType<T>;
export type AccountAnswer = z.infer<typeof ACCOUNT>;
export type SignedIn = z.infer<typeof SIGNED_IN>;
export type SchoolRequestAnswer = z.infer<typeof SCHOOL_REQUEST>;
export type ShipmentAnswer = z.infer<typeof SHIPMENT>;
export type EfficiencyAnswer = z.infer<typeof EFFICIENCY>;
export type RecommendationsAnswer = z.infer<typeof RECOMMENDATIONS>;
