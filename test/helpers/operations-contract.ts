import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BrechaError } from "../../src/errors/index.ts";
import {
  FEEDBACK_PER_HOUR,
  LOGIN_LIMITS,
  migrate,
  type OperationsStore,
  type RequestFilter,
  type SchoolPlace,
} from "../../src/operations/index.ts";
import { sql } from "../../src/storage/index.ts";
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  recordId,
  type ModelRecord,
} from "../../src/models/index.ts";

const ADMIN = { caller: "cli:admin", address: null };
const SCHOOL_A: SchoolPlace = {
  codigoModular: "0201234",
  codigoLocal: "305010",
  name: "IE 20188",
  ubigeo: "080101",
  ugel: "080001",
};
const SCHOOL_B: SchoolPlace = {
  codigoModular: "0567890",
  codigoLocal: "411220",
  name: "IE 50432",
  ubigeo: "210101",
  ugel: "210001",
};
const NEED = {
  needs: { devices: { tablets: 20, solarChargers: 5 }, services: { internet: true } },
  students: 34,
  reason: "Sin internet ni equipos para las clases a distancia de quinto y sexto grado.",
};

const code = (error: unknown) => (error instanceof BrechaError ? error.code : String(error));

/**
 * What every operational store engine must do, the same on each: the API and the CLI rely on
 * nothing else. `open` gives a fresh, migrated, empty store.
 */
export function operationsContract(name: string, open: () => Promise<OperationsStore>): void {
  describe(`operational store contract: ${name}`, () => {
    let ops: OperationsStore;
    before(async () => {
      ops = await open();
    });
    after(async () => ops?.close());

    test("migrations run once; a store written by a newer Brecha is refused", async () => {
      assert.deepEqual(await migrate(ops.db), []);
      await ops.db.execute(
        sql`INSERT INTO schema_migrations (version, name) VALUES (999, 'future')`,
      );
      await assert.rejects(
        migrate(ops.db),
        (e) => code(e) === "BRECHA_STORAGE" && /999/.test(String(e)),
      );
      await ops.db.execute(sql`DELETE FROM schema_migrations WHERE version = 999`);
    });

    test("accounts: created with a checked role and scope, never showing the hash, audited", async () => {
      const teacher = await ops.createAccount(
        {
          username: "docente.a",
          displayName: "Docente A",
          role: "school",
          scope: { kind: "school", code: SCHOOL_A.codigoModular },
          password: "clave-larga-123",
        },
        ADMIN,
      );
      assert.equal(teacher.role, "school");
      assert.deepEqual(teacher.scope, { kind: "school", code: "0201234" });
      assert.ok(!JSON.stringify(teacher).includes("scrypt"));
      assert.match(teacher.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      await assert.rejects(
        ops.createAccount(
          {
            username: "docente.a",
            displayName: "Otro",
            role: "student",
            scope: null,
            password: "clave-larga-123",
          },
          ADMIN,
        ),
        (e) => code(e) === "BRECHA_CONFLICT",
      );
      for (const bad of [
        { role: "officer" as const, scope: null },
        { role: "officer" as const, scope: { kind: "ugel" as const, code: "12" } },
        { role: "school" as const, scope: { kind: "department" as const, code: "08" } },
        { role: "planner" as const, scope: { kind: "department" as const, code: "08" } },
      ])
        await assert.rejects(
          ops.createAccount(
            { username: "mal", displayName: "Mal", password: "clave-larga-123", ...bad },
            ADMIN,
          ),
          (e) => code(e) === "BRECHA_USAGE",
        );
      await assert.rejects(
        ops.createAccount(
          { username: "corta", displayName: "C", role: "student", scope: null, password: "corta" },
          ADMIN,
        ),
        (e) => code(e) === "BRECHA_USAGE",
      );
      assert.equal(await ops.account("mal"), null);
      const [row] = await ops.audit({ entity: "account", entityId: String(teacher.id) });
      assert.equal(row?.action, "create");
      assert.equal(row?.actor, "cli:admin");
      assert.equal((row?.after as { username: string }).username, "docente.a");
    });

    test("sign-in opens a session with an anti-forgery token; sign-out and deactivation end it", async () => {
      await ops.createAccount(
        {
          username: "oficial.cusco",
          displayName: "UGEL Cusco",
          role: "officer",
          scope: { kind: "ugel", code: "080001" },
          password: "clave-larga-456",
        },
        ADMIN,
      );
      const { token, session } = await ops.signIn(
        "oficial.cusco",
        "clave-larga-456",
        "10.0.0.1",
        12,
      );
      assert.ok(token.length >= 40 && session.csrf.length >= 30);
      const found = await ops.session(token);
      assert.equal(found?.account.username, "oficial.cusco");
      assert.equal(found?.csrf, session.csrf);
      assert.equal(await ops.session(`${token}x`), null);
      await ops.signOut(token, { caller: "user:oficial.cusco", address: "10.0.0.1" });
      assert.equal(await ops.session(token), null);
      const again = await ops.signIn("oficial.cusco", "clave-larga-456", "10.0.0.1", 12);
      await ops.setAccountActive("oficial.cusco", false, ADMIN);
      assert.equal(await ops.session(again.token), null);
      await assert.rejects(
        ops.signIn("oficial.cusco", "clave-larga-456", "10.0.0.1", 12),
        (e) => code(e) === "BRECHA_UNAUTHORIZED",
      );
      await ops.setAccountActive("oficial.cusco", true, ADMIN);
      const actions = (await ops.audit({ actor: "user:oficial.cusco" })).map((r) => r.action);
      assert.deepEqual(actions.sort(), ["sign-in", "sign-in", "sign-out"]);
    });

    loginLimitCases(() => ops);
    requestCases(() => ops);
    shipmentCases(() => ops);
    feedbackCases(() => ops);
    hubCases(() => ops);
    resourceCases(() => ops);
    scenarioCases(() => ops);
    modelCases(() => ops);
    // Last: it adds requests the earlier cases' counts do not expect.
    schoolListCases(() => ops);
  });
}

/** Requests and reviews, on the store `get` gives. */
function requestCases(get: () => OperationsStore): void {
  test("requests: filed with counts, refused when the reason holds personal data, listed by place", async () => {
    const teacher = { caller: "user:docente.a", address: "10.0.0.1" };
    const filed = await get().fileRequest(SCHOOL_A, NEED, teacher);
    assert.equal(filed.status, "pending");
    assert.equal(filed.department, "08");
    assert.deepEqual(filed.needs, NEED.needs);
    for (const reason of [
      "Estudiante con DNI 45678912 no tiene tableta en casa",
      "Para los alumnos Juan Pérez Quispe, María Mamani Condori y Rosa Huamán",
      "Llamar al apoderado 987 654 321 para coordinar la entrega",
    ])
      await assert.rejects(
        get().fileRequest(SCHOOL_A, { ...NEED, reason }, teacher),
        (e) => code(e) === "BRECHA_PERSONAL_DATA",
      );
    await assert.rejects(
      get().fileRequest(SCHOOL_A, { ...NEED, needs: {} }, teacher),
      (e) => code(e) === "BRECHA_USAGE",
    );
    const other = await get().fileRequest(
      SCHOOL_B,
      { ...NEED, needs: { materials: { printed: 40 } } },
      { caller: "user:director.b", address: null },
    );
    assert.deepEqual(
      (await get().requests({ ugel: "080001" })).map((r) => r.id),
      [filed.id],
    );
    assert.deepEqual(
      (await get().requests({ department: "21" })).map((r) => r.id),
      [other.id],
    );
    assert.deepEqual(
      (await get().requests({ codigoLocal: SCHOOL_B.codigoLocal! })).map((r) => r.id),
      [other.id],
    );
    assert.deepEqual(
      (await get().requests({})).map((r) => r.id),
      [other.id, filed.id],
    );
    assert.deepEqual(
      (await get().requests({ before: other.id })).map((r) => r.id),
      [filed.id],
    );
    assert.equal((await get().requests({ status: ["approved"] })).length, 0);
    const rows = await get().audit({ entity: "request" });
    assert.equal(rows.length, 2, "one audit row per request filed; none for refusals");
  });

  test("reviews: approve, approve in part (never more than asked), reject; once only, even at the same moment", async () => {
    const officer = { caller: "user:oficial.cusco", address: null };
    const teacher = { caller: "user:docente.a", address: null };
    const a = await get().fileRequest(SCHOOL_A, NEED, teacher);
    await assert.rejects(
      get().reviewRequest(
        a.id,
        { decision: "partial", reason: "Stock limitado", approved: { devices: { tablets: 25 } } },
        officer,
      ),
      (e) => code(e) === "BRECHA_USAGE",
    );
    await assert.rejects(
      get().reviewRequest(a.id, { decision: "reject", reason: "" }, officer),
      (e) => code(e) === "BRECHA_USAGE",
    );
    const results = await Promise.allSettled([
      get().reviewRequest(
        a.id,
        {
          decision: "partial",
          reason: "Stock limitado este trimestre",
          approved: { devices: { tablets: 10 } },
        },
        officer,
      ),
      get().reviewRequest(
        a.id,
        { decision: "reject", reason: "Duplicada con otra solicitud" },
        officer,
      ),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    assert.equal(
      code((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason),
      "BRECHA_CONFLICT",
    );
    const reviewed = (await get().request(a.id))!;
    assert.ok(reviewed.status === "partial" || reviewed.status === "rejected");
    assert.equal(reviewed.reviewedBy, "user:oficial.cusco");
    const b = await get().fileRequest(SCHOOL_A, NEED, teacher);
    const approved = await get().reviewRequest(b.id, { decision: "approve", reason: "" }, officer);
    assert.deepEqual(approved.approved, NEED.needs);
    const c = await get().fileRequest(SCHOOL_A, NEED, teacher);
    assert.equal((await get().withdrawRequest(c.id, teacher)).status, "withdrawn");
    await assert.rejects(
      get().reviewRequest(c.id, { decision: "approve", reason: "" }, officer),
      (e) => code(e) === "BRECHA_CONFLICT",
    );
    await assert.rejects(
      get().reviewRequest(99_999, { decision: "approve", reason: "" }, officer),
      (e) => code(e) === "BRECHA_NOT_FOUND",
    );
    const [last] = await get().audit({ entity: "request", entityId: String(b.id) });
    assert.equal(last?.action, "review:approve");
    assert.equal((last?.before as { status: string }).status, "pending");
    assert.equal((last?.after as { status: string }).status, "approved");
  });
}

/** Password guessing is slowed, per account and per address. */
function loginLimitCases(get: () => OperationsStore): void {
  test("password guessing is slowed: past the limit even the right password must wait", async () => {
    await get().createAccount(
      {
        username: "director.b",
        displayName: "Director B",
        role: "school",
        scope: { kind: "local", code: SCHOOL_B.codigoLocal! },
        password: "clave-larga-789",
      },
      ADMIN,
    );
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
      await assert.rejects(
        get().signIn("director.b", `adivina-${i}-xx`, "10.0.0.2", 12),
        (e) => code(e) === "BRECHA_UNAUTHORIZED",
      );
    await assert.rejects(get().signIn("director.b", "clave-larga-789", "10.0.0.3", 12), (e) => {
      assert.equal(code(e), "BRECHA_RATE_LIMITED");
      const wait = (e as BrechaError).details.retryAfterSeconds as number;
      assert.ok(wait > 0 && wait <= LOGIN_LIMITS.firstWaitSeconds, `wait ${wait}`);
      return true;
    });
    // An unknown user name gets the same answer as a wrong password.
    await assert.rejects(
      get().signIn("nadie", "clave-larga-789", "10.0.0.4", 12),
      (e) => code(e) === "BRECHA_UNAUTHORIZED",
    );
    // From one address, many user names: the address is slowed down too.
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++)
      await get()
        .signIn(`probando${i}`, "clave-larga-000", "10.0.0.9", 12)
        .catch(() => undefined);
    await assert.rejects(
      get().signIn("docente.a", "clave-larga-123", "10.0.0.9", 12),
      (e) => code(e) === "BRECHA_RATE_LIMITED",
    );
    // Another address, the right password: allowed (the account was not guessed at from here).
    const ok = await get().signIn("docente.a", "clave-larga-123", "10.0.0.10", 12);
    assert.equal(ok.session.account.username, "docente.a");
  });
}

/** A plan's shipments: planned, dispatched, received (partly), flagged, and the efficiency view. */
function shipmentCases(get: () => OperationsStore): void {
  test("shipments: from a plan once, dispatched, received in part with a note, flagged; efficiency by area", async () => {
    const ops = get();
    const planner = { caller: "user:planner:nacional", address: null };
    const officer = { caller: "user:officer:oficial.cusco", address: null };
    const teacher = { caller: "user:school:docente.a", address: null };
    const request = await ops.fileRequest(SCHOOL_A, NEED, teacher);
    await ops.reviewRequest(request.id, { decision: "approve", reason: "" }, officer);
    const items = [
      {
        origin: "UGEL 0801",
        codigoLocal: SCHOOL_A.codigoLocal!,
        schools: [SCHOOL_A.codigoModular],
        ubigeo: SCHOOL_A.ubigeo,
        ugel: SCHOOL_A.ugel,
        bundle: "tablet+data",
        units: 20,
        requests: [request.id],
      },
      {
        origin: "UGEL 2101",
        codigoLocal: SCHOOL_B.codigoLocal!,
        schools: [SCHOOL_B.codigoModular],
        ubigeo: SCHOOL_B.ubigeo,
        ugel: SCHOOL_B.ugel,
        bundle: "tablet",
        units: 10,
        requests: [],
      },
    ];
    assert.deepEqual(await ops.createShipments("scenario:plan-a@1", items, 14, planner), {
      created: 2,
      existing: 0,
    });
    assert.deepEqual(await ops.createShipments("scenario:plan-a@1", items, 14, planner), {
      created: 0,
      existing: 2,
    });
    const [toB, toA] = await ops.shipments({ plan: "scenario:plan-a@1" });
    assert.equal(toA!.status, "planned");
    assert.deepEqual(toA!.requests, [request.id]);
    assert.equal(toA!.delayed, false);
    assert.deepEqual(
      (await ops.shipments({ school: SCHOOL_A.codigoModular })).map((s) => s.id),
      [toA!.id],
    );
    assert.deepEqual(
      (await ops.shipments({ ugel: SCHOOL_B.ugel! })).map((s) => s.id),
      [toB!.id],
    );
    const dispatched = await ops.dispatchShipment(toA!.id, officer);
    assert.equal(dispatched.status, "dispatched");
    assert.equal(dispatched.dispatchedBy, officer.caller);
    await assert.rejects(
      ops.dispatchShipment(toA!.id, officer),
      (e) => code(e) === "BRECHA_CONFLICT",
    );
    await assert.rejects(
      ops.receiveShipment(toA!.id, { units: 18 }, teacher),
      (e) => code(e) === "BRECHA_USAGE",
    );
    const received = await ops.receiveShipment(
      toA!.id,
      { units: 18, note: "Llegaron 2 tabletas dañadas" },
      teacher,
    );
    assert.deepEqual(
      [received.status, received.receivedUnits, received.discrepancy, received.delayed],
      ["received", 18, true, false],
    );
    // A shipment past its due date is flagged while it is on its way.
    await ops.createShipments(
      "scenario:late@1",
      [{ ...items[1]!, origin: "UGEL 2102" }],
      -3,
      planner,
    );
    const [late] = await ops.shipments({ plan: "scenario:late@1" });
    assert.equal(late!.delayed, true);
    const byDepartment = await ops.efficiency("department");
    const cusco = byDepartment.find((r) => r.code === "08")!;
    assert.deepEqual([cusco.plannedUnits, cusco.deliveredUnits, cusco.discrepancies], [20, 18, 1]);
    assert.ok(Math.abs(cusco.deliveredShare! - 0.9) < 1e-9);
    assert.ok(cusco.medianDaysToDelivery! >= 0 && cusco.medianDaysToDelivery! < 1);
    assert.equal(cusco.approvedUnits >= 20, true);
    assert.ok(cusco.approvedNeedMet! > 0 && cusco.approvedNeedMet! < 1);
    const puno = byDepartment.find((r) => r.code === "21")!;
    assert.deepEqual(
      [puno.shipments, puno.deliveredUnits, puno.delayed, puno.deliveredShare],
      [2, 0, 1, 0],
    );
    const byUgel = await ops.efficiency("ugel", { department: "08" });
    assert.deepEqual(
      byUgel.map((r) => r.code),
      ["080001"],
    );
    const unmet = await ops.oldestUnmet({ department: "08" });
    assert.ok(
      unmet.some((r) => r.id === request.id && r.deliveredUnits === 18 && r.approvedUnits === 20),
    );
    const audit = await ops.audit({ entity: "shipment", entityId: String(toA!.id) });
    assert.deepEqual(
      audit.map((r) => r.action),
      ["receive", "dispatch"],
    );
  });
}

/** Feedback on resources: one vote per account and resource, rate-limited, audited. */
function feedbackCases(get: () => OperationsStore): void {
  test("feedback: one vote per account and resource (a new vote replaces it), summed per resource, rate-limited", async () => {
    const ops = get();
    const student = await ops.createAccount(
      {
        username: "alumna.1",
        displayName: "Alumna",
        role: "student",
        scope: null,
        password: "clave-larga-321",
      },
      ADMIN,
    );
    const teacher = (await ops.account("docente.a"))!;
    const as = (a: { username: string; role: string }) => ({
      caller: `user:${a.role}:${a.username}`,
      address: null,
    });
    await assert.rejects(
      ops.giveFeedback(student.id, "kolibri", {}, as(student)),
      (e) => code(e) === "BRECHA_USAGE",
    );
    await assert.rejects(
      ops.giveFeedback(student.id, "kolibri", { rating: 6 }, as(student)),
      (e) => code(e) === "BRECHA_USAGE",
    );
    assert.deepEqual(await ops.giveFeedback(student.id, "kolibri", { rating: 2 }, as(student)), {
      rating: 2,
      useful: null,
    });
    assert.deepEqual(
      await ops.giveFeedback(student.id, "kolibri", { rating: 5, useful: true }, as(student)),
      { rating: 5, useful: true },
    );
    await ops.giveFeedback(teacher.id, "kolibri", { useful: false }, as(teacher));
    const [kolibri] = (await ops.feedbackSummaries()).filter((f) => f.resourceId === "kolibri");
    assert.deepEqual(kolibri, {
      resourceId: "kolibri",
      ratings: 1,
      ratingSum: 5,
      usefulVotes: 2,
      useful: 1,
    });
    assert.deepEqual(await ops.votesOf(student.id), [
      { resourceId: "kolibri", rating: 5, useful: true },
    ]);
    const audit = await ops.audit({ entity: "resource-feedback", entityId: "kolibri" });
    assert.deepEqual(
      audit.map((r) => r.action),
      ["vote", "change-vote", "vote"],
    );
    assert.deepEqual(audit[1]!.before, { rating: 2, useful: null });
    for (let i = 1; i < FEEDBACK_PER_HOUR; i++)
      await ops.giveFeedback(student.id, `recurso-${i}`, { useful: true }, as(student));
    await assert.rejects(
      ops.giveFeedback(student.id, "otro", { useful: true }, as(student)),
      (e) => code(e) === "BRECHA_RATE_LIMITED",
    );
  });
}

function hubCases(get: () => OperationsStore): void {
  test("hubs: registered and changed by place code, each write audited with before and after; closed ones hidden", async () => {
    const ops = get();
    const planner = { caller: "user:planner:planificadora", address: "127.0.0.1" };
    const first = await ops.putHub(
      {
        code: "1601010001",
        name: "Centro digital Iquitos",
        status: "existing",
        host: "305010",
        hours: "lun-vie 8:00-18:00",
        note: null,
      },
      planner,
    );
    assert.equal(first.updatedBy, planner.caller);
    assert.ok(!Number.isNaN(Date.parse(first.updatedAt)));
    await ops.putHub(
      {
        code: "1601010002",
        name: "Centro en Punchana",
        status: "planned",
        host: null,
        hours: null,
        note: null,
      },
      planner,
    );
    await ops.putHub({ ...first, status: "closed", note: "Local en reparación" }, planner);
    assert.deepEqual(
      (await ops.hubs()).map((h) => [h.code, h.status]),
      [["1601010002", "planned"]],
    );
    assert.deepEqual(
      (await ops.hubs({ closed: true })).map((h) => [h.code, h.status, h.note]),
      [
        ["1601010001", "closed", "Local en reparación"],
        ["1601010002", "planned", null],
      ],
    );
    const audit = await ops.audit({ entity: "hub", entityId: "1601010001" });
    assert.deepEqual(
      audit.map((r) => r.action),
      ["change-hub", "register-hub"],
      "newest first",
    );
    assert.equal((audit[0]!.before as { status: string }).status, "existing");
    assert.equal((audit[0]!.after as { status: string }).status, "closed");
    await assert.rejects(
      ops.putHub({ ...first, code: "16010100" }, planner),
      "a code that is not a centro poblado's is refused by the store too",
    );
  });
}

function resourceCases(get: () => OperationsStore): void {
  test("resources: a new store starts with the starter entries; add, change and remove are audited; a taken id is refused", async () => {
    const ops = get();
    const admin = { caller: "user:admin:admin", address: "127.0.0.1" };
    const starters = (await ops.resources()).map((r) => r.id);
    assert.ok(starters.includes("perueduca") && starters.includes("aprendo-en-casa-radio"));
    const entry = {
      ...(await ops.resource("perueduca")),
      id: "fichas-rurales",
      title: "Fichas para escuelas rurales",
    };
    await ops.createResource(entry, admin);
    await assert.rejects(ops.createResource(entry, admin), (e) => code(e) === "BRECHA_USAGE");
    await ops.updateResource("fichas-rurales", { ...entry, worksOffline: true }, admin);
    await assert.rejects(
      ops.updateResource("fichas-rurales", { ...entry, id: "otra" }, admin),
      (e) => code(e) === "BRECHA_USAGE",
    );
    assert.equal((await ops.resource("fichas-rurales")).worksOffline, true);
    assert.deepEqual((await ops.resources()).map((r) => r.id).at(-1), "fichas-rurales");
    await ops.removeResource("fichas-rurales", admin);
    await assert.rejects(ops.resource("fichas-rurales"), (e) => code(e) === "BRECHA_NOT_FOUND");
    await assert.rejects(
      ops.removeResource("fichas-rurales", admin),
      (e) => code(e) === "BRECHA_NOT_FOUND",
    );
    const audit = await ops.audit({ entity: "resource", entityId: "fichas-rurales" });
    assert.deepEqual(
      audit.map((r) => r.action),
      ["remove-resource", "change-resource", "add-resource"],
    );
    assert.equal((audit[1]!.before as { worksOffline: boolean }).worksOffline, entry.worksOffline);
  });
}

const plan = (name: string, budget: number) => ({
  name,
  kind: "infra" as const,
  params: { department: "16", budgetPen: budget },
  summary: { spentPen: budget, options: 3 },
  plan: { chosen: [{ codigoLocal: "305010", kind: "internet" }] },
  solver: { seconds: 0.4, gap: 0 },
  datasetVersions: { censo_educativo: "abc123" },
});

function scenarioCases(get: () => OperationsStore): void {
  test("scenarios: each save of a name is the next version, none overwritten, audited; concurrent saves get distinct versions", async () => {
    const ops = get();
    const planner = { caller: "user:planner:planificadora", address: "127.0.0.1" };
    const first = await ops.saveScenario(plan("loreto-2027", 1_000_000), planner);
    const second = await ops.saveScenario(plan("loreto-2027", 2_000_000), planner);
    assert.deepEqual([first.version, second.version], [1, 2]);
    assert.equal(first.createdBy, planner.caller, "recorded as the actor's");
    assert.match(second.createdAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(
      (await ops.scenarioHistory("loreto-2027")).map((s) => s.version),
      [1, 2],
    );
    await assert.rejects(ops.scenarioHistory("nunca"), (e) => code(e) === "BRECHA_NOT_FOUND");
    assert.equal((await ops.scenario("loreto-2027")).params.budgetPen, 2_000_000);
    assert.deepEqual(await ops.scenario("loreto-2027", 1), first);
    await assert.rejects(
      ops.scenario("loreto-2027", 3),
      (e) => code(e) === "BRECHA_NOT_FOUND" && /has no version 3; it has 1, 2/.test(String(e)),
    );
    await assert.rejects(ops.scenario("nunca"), (e) => code(e) === "BRECHA_NOT_FOUND");
    await assert.rejects(
      ops.saveScenario(plan("../x", 1), planner),
      (e) => code(e) === "BRECHA_USAGE" && /a scenario name has 1-64 letters/.test(String(e)),
    );
    // Twenty saves of one name at once: twenty versions, 1..20 after the two above.
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, k) => ops.saveScenario(plan("carrera", k), planner)),
    );
    assert.deepEqual(
      many.map((m) => m.version).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, k) => k + 1),
    );
    await ops.saveScenario({ ...plan("centros", 1), kind: "hubs", plan: { hubs: [] } }, planner);
    assert.deepEqual(
      (await ops.scenarios()).map((x) => [x.name, x.version]),
      [
        ["carrera", 20],
        ["centros", 1],
        ["loreto-2027", 2],
      ],
    );
    assert.deepEqual(
      (await ops.scenarios({ kind: "hubs" })).map((x) => x.name),
      ["centros"],
    );
    // The hash a pipeline compares: the latest version's, changed by a new save.
    const hash = await ops.scenarioHash("loreto-2027");
    assert.match(hash ?? "", /^[0-9a-f]{16}$/);
    await ops.saveScenario(plan("loreto-2027", 3_000_000), planner);
    assert.notEqual(await ops.scenarioHash("loreto-2027"), hash);
    assert.equal(await ops.scenarioHash("nunca"), null);
    const [row] = await ops.audit({ entity: "scenario", entityId: "loreto-2027@1" });
    assert.equal(row?.action, "save-scenario");
    assert.equal(row?.actor, planner.caller);
    assert.equal((row?.after as { summary: { spentPen: number } }).summary.spentPen, 1_000_000);
    assert.ok(!("plan" in (row?.after as object)), "the audit row keeps the figures, not the plan");
  });
}

/** A model record as the learners write one, with the figures promotion compares. */
export function modelRecord(rmse: number, assignment = "folds-a", task = "poverty"): ModelRecord {
  const body = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    task,
    objective: "regression" as const,
    target: "pobreza_monetaria",
    features: ["idh", "altitud"],
    learner: { kind: "linear" as const, params: { l2: 1 } },
    datasetVersions: { indicadores: "v1" },
    synthetic: [],
    rows: 1874,
    folds: { by: "department", k: 5, assignment },
    metrics: {
      overall: { rmse, r2: 0.5 },
      intervals: {},
      perFold: [],
      baseline: { rmse: 20 },
      baselinePerFold: [],
    },
    importance: [],
    profile: [],
    trainedAt: new Date(Date.UTC(2026, 0, 1) + rmse * 1000).toISOString(),
    trainingMs: 10,
    seed: 1,
    model: { kind: "linear", coef: [rmse] },
  };
  return { ...body, id: recordId(body as never) } as ModelRecord;
}

function modelCases(get: () => OperationsStore): void {
  test("models: a candidate is registered once, promotion needs a better score on the same folds, each step audited", async () => {
    const ops = get();
    const pipeline = { caller: "pipeline:refresh", address: null };
    const admin = { caller: "user:admin:admin", address: "127.0.0.1" };
    const worse = modelRecord(12);
    const better = modelRecord(9);
    const foreign = modelRecord(5, "folds-b");
    await ops.saveCandidate(worse, pipeline);
    await ops.saveCandidate(worse, pipeline);
    assert.deepEqual(await ops.modelAliases(), { poverty: { candidate: worse.id } });
    const first = await ops.promoteModel("poverty:candidate", {}, pipeline);
    assert.equal(first.reason, "first production model of the task");
    await ops.saveCandidate(better, pipeline);
    await ops.saveCandidate(foreign, pipeline);
    assert.deepEqual(
      (await ops.models()).map((m) => m.id),
      [worse.id, better.id, foreign.id],
      "newest first",
    );
    const promoted = await ops.promoteModel(better.id.slice(0, 6), {}, admin);
    assert.equal(promoted.replaced?.id, worse.id);
    assert.match(promoted.reason, /rmse 9\.0000 vs 12\.0000 on the same folds/);
    await assert.rejects(
      ops.promoteModel(worse.id, {}, admin),
      (e) => code(e) === "BRECHA_MODEL_MISMATCH" && /does not beat production/.test(String(e)),
    );
    await assert.rejects(
      ops.promoteModel(foreign.id, {}, admin),
      (e) => code(e) === "BRECHA_MODEL_MISMATCH" && /other folds/.test(String(e)),
    );
    assert.equal((await ops.resolveModel("poverty")).id, better.id);
    assert.deepEqual(await ops.model(better.id), better, "read back as it was saved");
    await assert.rejects(ops.model("ffff"), (e) => code(e) === "BRECHA_NOT_FOUND");
    await assert.rejects(ops.model("internet:production"), (e) => code(e) === "BRECHA_NOT_FOUND");
    assert.deepEqual(await ops.productionScores(), [
      { task: "poverty", model: better.id, metric: "rmse", score: 9 },
    ]);
    const forced = await ops.promoteModel(foreign.id, { force: true }, admin);
    assert.equal(forced.promoted.id, foreign.id);
    const audit = await ops.audit({ entity: "model", entityId: better.id });
    assert.deepEqual(
      audit.map((r) => [r.action, r.actor]),
      [
        ["promote-model", admin.caller],
        ["register-model", pipeline.caller],
      ],
    );
    assert.equal((audit[0]!.before as { id: string }).id, worse.id);
    assert.ok(!JSON.stringify(audit).includes("coef"), "no weights in the audit log");
  });
}

function schoolListCases(get: () => OperationsStore): void {
  test("requests: a school's list read again after each filing, review and withdrawal shows the change at once", async () => {
    const ops = get();
    const school = { ...SCHOOL_B, codigoModular: "0999001", codigoLocal: "999001" };
    const teacher = { caller: "user:docente.lista", address: null };
    const officer = { caller: "user:oficial.lista", address: null };
    const mine = { codigoModular: school.codigoModular, limit: 20 };
    const byPremises = { codigoLocal: school.codigoLocal, limit: 20 };
    const statuses = async (filter: RequestFilter) =>
      (await ops.requests(filter)).map((r) => r.status);
    assert.deepEqual(await statuses(mine), []);
    assert.deepEqual(await statuses(byPremises), []);
    const first = await ops.fileRequest(school, NEED, teacher);
    assert.deepEqual(await statuses(mine), ["pending"]);
    assert.deepEqual(await statuses(byPremises), ["pending"]);
    const second = await ops.fileRequest(school, NEED, teacher);
    assert.deepEqual(await statuses(mine), ["pending", "pending"]);
    await ops.reviewRequest(first.id, { decision: "approve", reason: "Verificado" }, officer);
    assert.deepEqual(await statuses(mine), ["pending", "approved"]);
    assert.deepEqual(await statuses(byPremises), ["pending", "approved"]);
    await ops.withdrawRequest(second.id, teacher);
    assert.deepEqual(await statuses(mine), ["withdrawn", "approved"]);
    assert.deepEqual(await statuses({ ...mine, status: ["approved"] }), ["approved"]);
  });
}
