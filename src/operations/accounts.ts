import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { BrechaError } from "../errors/index.ts";
import { sql } from "../storage/index.ts";
import { recordAudit, type Actor } from "./audit.ts";
import type { Executor, OperationsDatabase } from "./database.ts";
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from "./passwords.ts";
import { count, timestamp } from "./rows.ts";

/**
 * Who a person is in Brecha. `admin` manages accounts and sees everything; `planner` (national
 * planner) sees every request and plans; `officer` (DRE or UGEL) reviews the requests of a
 * department or a UGEL; `school` (director or teacher) files and follows the requests of one
 * school (código modular) or one premises (código de local); `student` rates learning resources.
 */
export const ACCOUNT_ROLES = ["admin", "planner", "officer", "school", "student"] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export const SCOPE_KINDS = ["department", "ugel", "school", "local"] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export interface Scope {
  readonly kind: ScopeKind;
  readonly code: string;
}

const SCOPE_CODE: Record<ScopeKind, RegExp> = {
  department: /^\d{2}$/,
  ugel: /^\d{6}$/,
  school: /^\d{7}$/,
  local: /^\d{6}$/,
};
/** The scopes each role may have (`null`: none, the whole country). */
const ROLE_SCOPES: Record<AccountRole, readonly (ScopeKind | null)[]> = {
  admin: [null],
  planner: [null],
  officer: ["department", "ugel"],
  school: ["school", "local"],
  student: [null, "school", "local"],
};

export const ACCOUNT_ROW = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ACCOUNT_ROLES),
  scopeKind: z.enum(SCOPE_KINDS).nullable(),
  scopeCode: z.string().nullable(),
  active: z.boolean(),
  createdAt: timestamp,
  createdBy: z.string(),
});
export type AccountRow = z.infer<typeof ACCOUNT_ROW>;

/** An account as the rest of the code sees it: never its password hash. */
export interface Account {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: AccountRole;
  readonly scope: Scope | null;
  readonly active: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

const accountOf = (row: AccountRow): Account => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  role: row.role,
  scope: row.scopeKind && row.scopeCode ? { kind: row.scopeKind, code: row.scopeCode } : null,
  active: row.active,
  createdAt: row.createdAt,
  createdBy: row.createdBy,
});

const ACCOUNT_COLUMNS = sql`a.id, a.username, a.display_name AS "displayName", a.role, a.scope_kind AS "scopeKind",
  a.scope_code AS "scopeCode", a.active, a.created_at::text AS "createdAt", a.created_by AS "createdBy"`;

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export interface NewAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: AccountRole;
  readonly scope: Scope | null;
  readonly password: string;
}

function usage(en: string, es: string, details: Record<string, unknown> = {}): BrechaError {
  return new BrechaError("BRECHA_USAGE", en, { es, details });
}

/** Refuses an account whose role and scope do not go together, with the reason. */
export function checkAccount(input: Omit<NewAccount, "password">): void {
  if (!USERNAME.test(input.username))
    throw usage(
      `user name "${input.username}": 3 to 64 lower-case letters, digits, dots, dashes or underscores`,
      `nombre de usuario "${input.username}": de 3 a 64 letras minúsculas, dígitos, puntos, guiones o guiones bajos`,
    );
  if (input.displayName.trim().length === 0 || input.displayName.length > 120)
    throw usage("a display name of 1 to 120 characters", "un nombre visible de 1 a 120 caracteres");
  const allowed = ROLE_SCOPES[input.role];
  const kind = input.scope?.kind ?? null;
  if (!allowed.includes(kind))
    throw usage(
      `role ${input.role} takes ${allowed.map((k) => k ?? "no scope").join(" or ")}, not ${kind ?? "no scope"}`,
      `el rol ${input.role} lleva ${allowed.map((k) => k ?? "ningún ámbito").join(" o ")}, no ${kind ?? "ningún ámbito"}`,
    );
  if (input.scope && !SCOPE_CODE[input.scope.kind].test(input.scope.code))
    throw usage(
      `scope ${input.scope.kind} "${input.scope.code}" is not a valid code (${SCOPE_CODE[input.scope.kind].source})`,
      `el ámbito ${input.scope.kind} "${input.scope.code}" no es un código válido (${SCOPE_CODE[input.scope.kind].source})`,
    );
}

export async function createAccount(
  db: OperationsDatabase,
  input: NewAccount,
  actor: Actor,
): Promise<Account> {
  checkAccount(input);
  const problem = passwordProblem(input.password);
  if (problem) throw usage(problem.en, problem.es);
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const taken = await tx.query(
      sql`SELECT 1 AS one FROM accounts WHERE username = ${sql.value(input.username)}`,
      z.object({ one: z.number() }),
    );
    if (taken.length > 0)
      throw new BrechaError("BRECHA_CONFLICT", `user name "${input.username}" is taken`, {
        es: `el nombre de usuario "${input.username}" ya existe`,
      });
    const [row] = await tx.query(
      sql`WITH a AS (
            INSERT INTO accounts (username, display_name, role, scope_kind, scope_code, password_hash, created_by)
            VALUES (${sql.value(input.username)}, ${sql.value(input.displayName.trim())}, ${sql.value(input.role)},
                    ${sql.value(input.scope?.kind ?? null)}, ${sql.value(input.scope?.code ?? null)},
                    ${sql.value(hash)}, ${sql.value(actor.caller)})
            RETURNING *)
          SELECT ${ACCOUNT_COLUMNS} FROM a`,
      ACCOUNT_ROW,
    );
    const account = accountOf(row!);
    await recordAudit(tx, actor, {
      action: "create",
      entity: "account",
      entityId: String(account.id),
      after: account,
    });
    return account;
  });
}

export async function listAccounts(db: Executor): Promise<Account[]> {
  return (
    await db.query(sql`SELECT ${ACCOUNT_COLUMNS} FROM accounts a ORDER BY a.username`, ACCOUNT_ROW)
  ).map(accountOf);
}

export async function accountByName(db: Executor, username: string): Promise<Account | null> {
  const [row] = await db.query(
    sql`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.username = ${sql.value(username)}`,
    ACCOUNT_ROW,
  );
  return row ? accountOf(row) : null;
}

/** Turns an account on or off; an account turned off loses its sessions at once. */
export async function setAccountActive(
  db: OperationsDatabase,
  username: string,
  active: boolean,
  actor: Actor,
): Promise<Account> {
  return db.transaction(async (tx) => {
    const before = await accountByName(tx, username);
    if (!before)
      throw new BrechaError("BRECHA_NOT_FOUND", `no account "${username}"`, {
        es: `no existe la cuenta "${username}"`,
      });
    await tx.execute(
      sql`UPDATE accounts SET active = ${sql.value(active)} WHERE id = ${sql.value(before.id)}`,
    );
    if (!active)
      await tx.execute(sql`DELETE FROM sessions WHERE account_id = ${sql.value(before.id)}`);
    const after = { ...before, active };
    await recordAudit(tx, actor, {
      action: active ? "activate" : "deactivate",
      entity: "account",
      entityId: String(before.id),
      before,
      after,
    });
    return after;
  });
}

/** Sets a new password; every session of the account ends. */
export async function setPassword(
  db: OperationsDatabase,
  username: string,
  password: string,
  actor: Actor,
): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw usage(problem.en, problem.es);
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const account = await accountByName(tx, username);
    if (!account)
      throw new BrechaError("BRECHA_NOT_FOUND", `no account "${username}"`, {
        es: `no existe la cuenta "${username}"`,
      });
    await tx.execute(
      sql`UPDATE accounts SET password_hash = ${sql.value(hash)} WHERE id = ${sql.value(account.id)}`,
    );
    await tx.execute(sql`DELETE FROM sessions WHERE account_id = ${sql.value(account.id)}`);
    // The hash is never in the log: only that it changed.
    await recordAudit(tx, actor, {
      action: "set-password",
      entity: "account",
      entityId: String(account.id),
    });
  });
}

/** How many failed logins slow an account or an address down, over what window. */
export const LOGIN_LIMITS = {
  windowMinutes: 15,
  /** Failures of one user name before each further attempt must wait. */
  perAccount: 5,
  /** Failures from one address (any user names) before it must wait. */
  perAddress: 20,
  /** The first wait, doubled at every further failure, up to the window. */
  firstWaitSeconds: 30,
} as const;

const FAILURES = z.object({ failures: count, last: timestamp.nullable() });

/** Seconds to wait before the next attempt, or 0: doubles with each failure past the limit. */
function waitFor(failures: number, limit: number, last: string | null, now: number): number {
  if (failures < limit || last === null) return 0;
  const wait = Math.min(
    LOGIN_LIMITS.firstWaitSeconds * 2 ** (failures - limit),
    LOGIN_LIMITS.windowMinutes * 60,
  );
  return Math.max(0, Math.ceil((Date.parse(last) + wait * 1000 - now) / 1000));
}

async function failuresOf(db: Executor, column: "username" | "address", value: string) {
  // Failures in the window, after the last success of the same user name or address.
  const [row] = await db.query(
    sql`SELECT count(*) AS failures, max(at)::text AS last FROM login_attempts
        WHERE ${sql.id(column)} = ${sql.value(value)} AND NOT succeeded
          AND at > now() - make_interval(mins => ${sql.value(LOGIN_LIMITS.windowMinutes)})
          AND at > coalesce((SELECT max(at) FROM login_attempts
                             WHERE ${sql.id(column)} = ${sql.value(value)} AND succeeded), '-infinity')`,
    FAILURES,
  );
  return row!;
}

/**
 * Checks a user name and password. Repeated failures slow guessing down: past five for one user
 * name, or twenty from one address, within 15 minutes, each further attempt must wait (30 s,
 * doubling, up to 15 minutes) and is refused before the password is even looked at
 * (`BRECHA_RATE_LIMITED`, with `retryAfterSeconds`). An unknown user name costs the same time
 * as a wrong password and gets the same answer.
 */
export async function authenticate(
  db: OperationsDatabase,
  username: string,
  password: string,
  address: string,
): Promise<Account> {
  const now = Date.now();
  const [byName, byAddress] = await Promise.all([
    failuresOf(db, "username", username),
    failuresOf(db, "address", address),
  ]);
  const wait = Math.max(
    waitFor(byName.failures, LOGIN_LIMITS.perAccount, byName.last, now),
    waitFor(byAddress.failures, LOGIN_LIMITS.perAddress, byAddress.last, now),
  );
  if (wait > 0)
    throw new BrechaError(
      "BRECHA_RATE_LIMITED",
      `too many failed sign-ins for this user or from this address; retry in ${wait} s`,
      {
        es: `demasiados intentos fallidos de ingreso para este usuario o desde esta dirección; vuelva a intentar en ${wait} s`,
        details: { retryAfterSeconds: wait },
      },
    );
  const [row] = await db.query(
    sql`SELECT ${ACCOUNT_COLUMNS}, a.password_hash AS "passwordHash" FROM accounts a
        WHERE a.username = ${sql.value(username)}`,
    ACCOUNT_ROW.extend({ passwordHash: z.string() }),
  );
  const matches = await verifyPassword(password, row?.passwordHash ?? (await decoyHash()));
  const ok = matches && row !== undefined && row.active;
  await db.execute(
    sql`INSERT INTO login_attempts (username, address, succeeded)
        VALUES (${sql.value(username)}, ${sql.value(address)}, ${sql.value(ok)})`,
  );
  if (!ok)
    throw new BrechaError("BRECHA_UNAUTHORIZED", "wrong user name or password", {
      es: "usuario o contraseña incorrectos",
    });
  return accountOf(row);
}

/** A session's token goes to the browser once; the store keeps only its hash. */
const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export interface Session {
  readonly account: Account;
  /** The token every cookie-authenticated write must repeat in the x-csrf-token header. */
  readonly csrf: string;
  readonly expiresAt: string;
}

export async function startSession(
  db: OperationsDatabase,
  account: Account,
  address: string,
  hours: number,
): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString("base64url");
  const csrf = randomBytes(24).toString("base64url");
  const [row] = await db.query(
    sql`INSERT INTO sessions (token_hash, account_id, csrf_token, expires_at, address)
        VALUES (${sql.value(tokenHash(token))}, ${sql.value(account.id)}, ${sql.value(csrf)},
                now() + make_interval(hours => ${sql.value(hours)}), ${sql.value(address)})
        RETURNING expires_at::text AS "expiresAt"`,
    z.object({ expiresAt: timestamp }),
  );
  // Old sessions go when new ones start: the table does not grow without end.
  await db.execute(sql`DELETE FROM sessions WHERE expires_at < now()`);
  return { token, session: { account, csrf, expiresAt: row!.expiresAt } };
}

/** The live session of a token, or null (unknown, expired, or its account turned off). */
export async function sessionOf(db: Executor, token: string): Promise<Session | null> {
  const [row] = await db.query(
    sql`SELECT ${ACCOUNT_COLUMNS}, s.csrf_token AS csrf, s.expires_at::text AS "expiresAt"
        FROM sessions s JOIN accounts a ON a.id = s.account_id
        WHERE s.token_hash = ${sql.value(tokenHash(token))} AND s.expires_at > now() AND a.active`,
    ACCOUNT_ROW.extend({ csrf: z.string(), expiresAt: timestamp }),
  );
  return row ? { account: accountOf(row), csrf: row.csrf, expiresAt: row.expiresAt } : null;
}

export async function endSession(db: Executor, token: string): Promise<void> {
  await db.execute(sql`DELETE FROM sessions WHERE token_hash = ${sql.value(tokenHash(token))}`);
}
