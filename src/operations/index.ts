export { OperationsStore, openOperations } from "./operations-store.ts";
export type { OperationsDatabase, Executor } from "./database.ts";
export { openEmbedded } from "./embedded.ts";
export { openPostgres } from "./postgresql.ts";
export { migrate, MIGRATIONS, type Migration } from "./migrations.ts";
export {
  ACCOUNT_ROLES,
  SCOPE_KINDS,
  LOGIN_LIMITS,
  checkAccount,
  type Account,
  type AccountRole,
  type Scope,
  type ScopeKind,
  type Session,
} from "./accounts.ts";
export type { Actor, AuditRow } from "./audit.ts";
export {
  NEEDS,
  REQUEST_STATUSES,
  STATUS_ES,
  needItems,
  type Needs,
  type NewRequest,
  type ObservedDemand,
  type RequestFilter,
  type RequestStatus,
  type Review,
  type SchoolPlace,
  type SchoolRequest,
} from "./requests.ts";
export { findPersonalData } from "./personal-data.ts";
export * from "./permissions.ts";
export {
  SHIPMENT_STATUSES,
  type EfficiencyRow,
  type PlannedShipment,
  type Shipment,
  type ShipmentFilter,
  type ShipmentStatus,
} from "./shipments.ts";
export { FEEDBACK_PER_HOUR, type Vote } from "./feedback.ts";
export {
  HUB_ENTRY,
  HUB_STATUSES,
  type HubEntry,
  type HubStatus,
  type RegisteredHub,
} from "./hubs.ts";
export { PLANNING_RECORD_METHODS, type PlanningRecords } from "./planning-records.ts";
