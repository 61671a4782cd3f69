import { join } from "node:path";
import type { Config } from "../config/index.ts";
import {
  accountByName,
  authenticate,
  createAccount,
  endSession,
  listAccounts,
  sessionOf,
  setAccountActive,
  setPassword,
  startSession,
  type Account,
  type NewAccount,
  type Session,
} from "./accounts.ts";
import { readAudit, recordAudit, type Actor, type AuditRow } from "./audit.ts";
import type { OperationsDatabase } from "./database.ts";
import { backupOperations, restoreOperations } from "./backup.ts";
import { feedbackSummaries, giveFeedback, votesOf, type Vote } from "./feedback.ts";
import { listHubs, putHub, type HubEntry, type RegisteredHub } from "./hubs.ts";
import {
  cancelShipment,
  createShipments,
  dispatchShipment,
  distributionEfficiency,
  listShipments,
  oldestUnmetRequests,
  receiveShipment,
  shipmentById,
  type EfficiencyRow,
  type PlannedShipment,
  type Shipment,
  type ShipmentFilter,
} from "./shipments.ts";
import { openEmbedded } from "./embedded.ts";
import type { Resource } from "../resources/index.ts";
import { readLegacyFiles, retireLegacyFiles } from "./legacy.ts";
import type { ModelAliases, ModelRecord, Promotion } from "../models/index.ts";
import type { NewScenario, Scenario } from "../optimise/index.ts";
import {
  listModels,
  modelAliases,
  modelByRef,
  productionScores,
  promoteModel,
  resolveModel,
  saveCandidate,
} from "./models.ts";
import type { PlanningRecords } from "./planning-records.ts";
import { SchoolListMemory } from "./school-lists.ts";
import {
  latestScenarioHash,
  latestScenarios,
  saveScenario,
  scenarioByName,
  scenarioHistory,
} from "./scenarios.ts";
import {
  createResource,
  listResources,
  removeResource,
  resourceById,
  updateResource,
} from "./resources.ts";
import { migrate } from "./migrations.ts";
import { openPostgres } from "./postgresql.ts";
import {
  approvedDemand,
  requestCounts,
  fileRequest,
  listRequests,
  requestById,
  reviewRequest,
  withdrawRequest,
  type NewRequest,
  type ObservedDemand,
  type RequestFilter,
  type Review,
  type SchoolPlace,
  type SchoolRequest,
} from "./requests.ts";

/** How long the embedded engine trusts a session it looked up, and how many it keeps. */
const SESSION_CACHE_MS = 60_000;
const SESSION_CACHE_SIZE = 10_000;

/**
 * What people write, behind one interface whatever the engine: accounts and sessions, school
 * requests and their reviews, shipments, feedback, hubs, learning resources, saved scenarios and
 * the model registry, and the audit log every write leaves a row in (in the same transaction as
 * the write). The same contract suite runs on both engines.
 */
export class OperationsStore implements PlanningRecords {
  /**
   * Sessions already looked up, for the embedded engine only: its store belongs to one process
   * (the lock), so every sign-out, deactivation and password change passes here and drops what
   * it ends. Several servers on PostgreSQL share sessions through the database and cache nothing:
   * a sign-out on one ends the session on all at once.
   */
  private readonly sessions: Map<string, { session: Session; until: number }> | null;

  /** One school's request lists, for the embedded engine only (see `SchoolListMemory`). */
  private readonly schoolLists: SchoolListMemory | null;

  constructor(readonly db: OperationsDatabase) {
    this.sessions = db.engine === "embedded" ? new Map() : null;
    this.schoolLists = db.engine === "embedded" ? new SchoolListMemory() : null;
  }

  get engine(): OperationsDatabase["engine"] {
    return this.db.engine;
  }

  createAccount(input: NewAccount, actor: Actor): Promise<Account> {
    return createAccount(this.db, input, actor);
  }
  listAccounts(): Promise<Account[]> {
    return listAccounts(this.db);
  }
  account(username: string): Promise<Account | null> {
    return accountByName(this.db, username);
  }
  async setAccountActive(username: string, active: boolean, actor: Actor): Promise<Account> {
    const account = await setAccountActive(this.db, username, active, actor);
    this.forgetSessionsOf(username);
    return account;
  }
  async setPassword(username: string, password: string, actor: Actor): Promise<void> {
    await setPassword(this.db, username, password, actor);
    this.forgetSessionsOf(username);
  }
  private forgetSessionsOf(username: string): void {
    for (const [token, cached] of this.sessions ?? [])
      if (cached.session.account.username === username) this.sessions!.delete(token);
  }

  /** Checks the password (slowing guessing down) and opens a session of `hours`; the sign-in
   * is audited. The token is for the cookie only. */
  async signIn(
    username: string,
    password: string,
    address: string,
    hours: number,
  ): Promise<{ token: string; session: Session }> {
    const account = await authenticate(this.db, username, password, address);
    const started = await startSession(this.db, account, address, hours);
    await recordAudit(
      this.db,
      { caller: `user:${account.username}`, address },
      {
        action: "sign-in",
        entity: "session",
        entityId: String(account.id),
        after: { expiresAt: started.session.expiresAt },
      },
    );
    return started;
  }
  async session(token: string): Promise<Session | null> {
    const cached = this.sessions?.get(token);
    if (cached && cached.until > Date.now()) return cached.session;
    const session = await sessionOf(this.db, token);
    if (this.sessions) {
      if (this.sessions.size >= SESSION_CACHE_SIZE) this.sessions.clear();
      if (session)
        this.sessions.set(token, {
          session,
          until: Math.min(Date.parse(session.expiresAt), Date.now() + SESSION_CACHE_MS),
        });
      else this.sessions.delete(token);
    }
    return session;
  }
  async signOut(token: string, actor: Actor): Promise<void> {
    this.sessions?.delete(token);
    const session = await sessionOf(this.db, token);
    await endSession(this.db, token);
    if (session)
      await recordAudit(this.db, actor, {
        action: "sign-out",
        entity: "session",
        entityId: String(session.account.id),
      });
  }

  fileRequest(school: SchoolPlace, input: NewRequest, actor: Actor): Promise<SchoolRequest> {
    return this.changed(fileRequest(this.db, school, input, actor));
  }
  /** A committed change to a request: its school's kept lists are dropped. */
  private async changed(write: Promise<SchoolRequest>): Promise<SchoolRequest> {
    const request = await write;
    this.schoolLists?.forget(request);
    return request;
  }
  request(id: number): Promise<SchoolRequest | null> {
    return requestById(this.db, id);
  }
  requests(filter: RequestFilter): Promise<SchoolRequest[]> {
    const load = () => listRequests(this.db, filter);
    return this.schoolLists ? this.schoolLists.list(filter, load) : load();
  }
  reviewRequest(id: number, review: Review, actor: Actor): Promise<SchoolRequest> {
    return this.changed(reviewRequest(this.db, id, review, actor));
  }
  withdrawRequest(id: number, actor: Actor): Promise<SchoolRequest> {
    return this.changed(withdrawRequest(this.db, id, actor));
  }
  /** Requests by department and status. */
  requestCounts() {
    return requestCounts(this.db);
  }
  /** Approved requests per premises: the observed demand the planners add to predicted need. */
  approvedDemand(filter: { department?: string } = {}): Promise<ObservedDemand[]> {
    return approvedDemand(this.db, filter);
  }

  createShipments(plan: string, items: readonly PlannedShipment[], dueDays: number, actor: Actor) {
    return createShipments(this.db, plan, items, dueDays, actor);
  }
  shipment(id: number): Promise<Shipment | null> {
    return shipmentById(this.db, id);
  }
  shipments(filter: ShipmentFilter): Promise<Shipment[]> {
    return listShipments(this.db, filter);
  }
  dispatchShipment(id: number, actor: Actor): Promise<Shipment> {
    return dispatchShipment(this.db, id, actor);
  }
  receiveShipment(
    id: number,
    received: { units: number; note?: string | undefined },
    actor: Actor,
  ) {
    return receiveShipment(this.db, id, received, actor);
  }
  cancelShipment(id: number, reason: string, actor: Actor): Promise<Shipment> {
    return cancelShipment(this.db, id, reason, actor);
  }
  efficiency(
    by: "department" | "ugel",
    filter: { department?: string; ugel?: string } = {},
  ): Promise<EfficiencyRow[]> {
    return distributionEfficiency(this.db, by, filter);
  }
  oldestUnmet(filter: { department?: string; ugel?: string } = {}, limit = 10) {
    return oldestUnmetRequests(this.db, filter, limit);
  }

  /** One vote per account and resource (a new vote replaces the old), rate-limited. */
  giveFeedback(accountId: number, resourceId: string, vote: Vote, actor: Actor) {
    return giveFeedback(this.db, accountId, resourceId, vote, actor);
  }
  feedbackSummaries() {
    return feedbackSummaries(this.db);
  }
  votesOf(accountId: number) {
    return votesOf(this.db, accountId);
  }

  /** The learning-resource repository. */
  resources(): Promise<Resource[]> {
    return listResources(this.db);
  }
  resource(id: string): Promise<Resource> {
    return resourceById(this.db, id);
  }
  createResource(resource: Resource, actor: Actor): Promise<Resource> {
    return createResource(this.db, resource, actor);
  }
  updateResource(id: string, resource: Resource, actor: Actor): Promise<Resource> {
    return updateResource(this.db, id, resource, actor);
  }
  removeResource(id: string, actor: Actor): Promise<void> {
    return removeResource(this.db, id, actor);
  }

  /** Registers a community tech hub or changes it (by its place code). */
  putHub(hub: HubEntry, actor: Actor): Promise<RegisteredHub> {
    return putHub(this.db, hub, actor);
  }
  hubs(filter: { closed?: boolean } = {}): Promise<RegisteredHub[]> {
    return listHubs(this.db, filter);
  }

  saveScenario(scenario: NewScenario, actor: Actor): Promise<Scenario> {
    return saveScenario(this.db, scenario, actor);
  }
  scenario(name: string, version?: number): Promise<Scenario> {
    return scenarioByName(this.db, name, version);
  }
  scenarioHistory(name: string): Promise<Scenario[]> {
    return scenarioHistory(this.db, name);
  }
  scenarios(filter: { kind?: Scenario["kind"] } = {}): Promise<Scenario[]> {
    return latestScenarios(this.db, filter);
  }
  scenarioHash(name: string): Promise<string | null> {
    return latestScenarioHash(this.db, name);
  }

  /** Counts the registry's changes made through this object: cached answers about models
   * (the API's) are stale when it moved. */
  get modelGeneration(): number {
    return this.modelChanges;
  }
  private modelChanges = 0;
  async saveCandidate(record: ModelRecord, actor: Actor): Promise<void> {
    await saveCandidate(this.db, record, actor);
    this.modelChanges++;
  }
  models(): Promise<ModelRecord[]> {
    return listModels(this.db);
  }
  modelAliases(): Promise<ModelAliases> {
    return modelAliases(this.db);
  }
  model(ref: string): Promise<ModelRecord> {
    return modelByRef(this.db, ref);
  }
  resolveModel(ref: string): Promise<ModelRecord> {
    return resolveModel(this.db, ref);
  }
  async promoteModel(ref: string, options: { force?: boolean }, actor: Actor): Promise<Promotion> {
    const promoted = await promoteModel(this.db, ref, options, actor);
    this.modelChanges++;
    return promoted;
  }
  /** Each task's production model and its score (for /metrics). */
  productionScores() {
    return productionScores(this.db);
  }

  audit(filter: Parameters<typeof readAudit>[1] = {}): Promise<AuditRow[]> {
    return readAudit(this.db, filter);
  }
  /** Records a write made elsewhere (a dataset, a scenario, a resource) in the audit log. */
  recordWrite(actor: Actor, entry: Parameters<typeof recordAudit>[2]): Promise<void> {
    return recordAudit(this.db, actor, entry);
  }

  /** Every table, from one snapshot, to a gzip JSON-lines file (it holds password hashes). */
  backup(file: string, actor: Actor) {
    return backupOperations(this.db, file, actor);
  }
  /** A backup into this store, which must hold no accounts, requests or shipments yet. */
  async restore(file: string, actor: Actor) {
    try {
      return await restoreOperations(this.db, file, actor);
    } finally {
      this.schoolLists?.clear();
      this.sessions?.clear();
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** Opens (and migrates) the operational store a configuration names: PostgreSQL at
 * `operations.url`, else the embedded engine in the workspace's `operations` folder. What an
 * earlier release kept in files (resources, scenarios, models) moves in with the schema step that
 * made its tables. */
export async function openOperations(
  config: Pick<Config, "home" | "operations">,
): Promise<OperationsStore> {
  const legacy = readLegacyFiles(config.home);
  const db = config.operations.url
    ? await openPostgres(config.operations.url, config.operations.connections)
    : await openEmbedded(join(config.home, "operations"));
  try {
    retireLegacyFiles(config.home, await migrate(db, undefined, legacy));
  } catch (error) {
    await db.close();
    throw error;
  }
  return new OperationsStore(db);
}
