import { createInterface } from "node:readline";
import { UsageError } from "../errors/index.ts";
import {
  ACCOUNT_ROLES,
  SCOPE_KINDS,
  type AccountRole,
  type Scope,
  type ScopeKind,
} from "../operations/index.ts";
import type { CommandContext } from "./context.ts";
import { formatTable } from "./progress.ts";
import { cliActor, withOperations } from "./workspace.ts";

/** Who runs the command, for the audit log: the operating-system user. */
const actor = cliActor;

/** The new password: the first line of standard input, or typed at a prompt without echo. */
async function readPassword(ctx: CommandContext): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const lines = createInterface({ input: stdin });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    throw new UsageError("BRECHA_USAGE", "no password on standard input", {
      es: "no hay contraseña en la entrada estándar",
    });
  }
  process.stderr.write(
    ctx.lang === "en" ? "Password (not shown): " : "Contraseña (no se muestra): ",
  );
  stdin.setRawMode(true);
  stdin.resume();
  let password = "";
  try {
    for await (const chunk of stdin) {
      for (const char of String(chunk)) {
        if (char === "\r" || char === "\n") return password;
        if (char === "\u0003")
          throw new UsageError("BRECHA_USAGE", "cancelled", { es: "cancelado" });
        password = char === "\u007f" ? password.slice(0, -1) : password + char;
      }
    }
    return password;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write("\n");
  }
}

function scopeOption(value: string | undefined): Scope | null {
  if (!value) return null;
  const [kind, code] = value.split(":");
  if (!SCOPE_KINDS.includes(kind as ScopeKind) || !code)
    throw new UsageError(
      "BRECHA_USAGE",
      `--scope ${value}: kind:code, kind one of ${SCOPE_KINDS.join(", ")} (ugel:080001, school:0201234)`,
      {
        es: `--scope ${value}: tipo:código, tipo uno de ${SCOPE_KINDS.join(", ")} (ugel:080001, school:0201234)`,
      },
    );
  return { kind: kind as ScopeKind, code };
}

/** `brecha accounts add <username> --role … [--scope kind:code] [--name …]`; the password from
 * standard input. */
export async function addAccountCommand(
  ctx: CommandContext,
  username: string,
  options: { role: string; scope?: string; name?: string },
): Promise<number> {
  if (!ACCOUNT_ROLES.includes(options.role as AccountRole))
    throw new UsageError(
      "BRECHA_USAGE",
      `--role ${options.role}: one of ${ACCOUNT_ROLES.join(", ")}`,
      {
        es: `--role ${options.role}: uno de ${ACCOUNT_ROLES.join(", ")}`,
      },
    );
  const password = await readPassword(ctx);
  const account = await withOperations(ctx, (ops) =>
    ops.createAccount(
      {
        username,
        displayName: options.name ?? username,
        role: options.role as AccountRole,
        scope: scopeOption(options.scope),
        password,
      },
      actor(),
    ),
  );
  if (ctx.json) ctx.out(JSON.stringify(account));
  else
    ctx.out(
      ctx.lang === "en"
        ? `account ${account.username} (${account.role}) created`
        : `cuenta ${account.username} (${account.role}) creada`,
    );
  return 0;
}

/** `brecha accounts list` */
export async function listAccountsCommand(ctx: CommandContext): Promise<number> {
  const accounts = await withOperations(ctx, (ops) => ops.listAccounts());
  const en = ctx.lang === "en";
  if (ctx.json) ctx.out(JSON.stringify(accounts));
  else if (accounts.length === 0)
    ctx.out(
      en
        ? "no accounts yet: `brecha accounts add admin --role admin`"
        : "aún no hay cuentas: `brecha accounts add admin --role admin`",
    );
  else
    ctx.out(
      formatTable(
        [
          en ? "user" : "usuario",
          en ? "name" : "nombre",
          en ? "role" : "rol",
          en ? "scope" : "ámbito",
          en ? "active" : "activa",
        ],
        accounts.map((a) => [
          a.username,
          a.displayName,
          a.role,
          a.scope ? `${a.scope.kind}:${a.scope.code}` : "—",
          a.active ? (en ? "yes" : "sí") : "no",
        ]),
      ),
    );
  return 0;
}

/** `brecha accounts enable|disable <username>` */
export function setActiveCommand(active: boolean) {
  return async (ctx: CommandContext, username: string): Promise<number> => {
    const account = await withOperations(ctx, (ops) =>
      ops.setAccountActive(username, active, actor()),
    );
    if (ctx.json) ctx.out(JSON.stringify(account));
    else
      ctx.out(
        ctx.lang === "en"
          ? `account ${username} ${active ? "enabled" : "disabled (its sessions ended)"}`
          : `cuenta ${username} ${active ? "activada" : "desactivada (sus sesiones terminaron)"}`,
      );
    return 0;
  };
}

/** `brecha accounts password <username>`: a new password from standard input; sessions end. */
export async function passwordCommand(ctx: CommandContext, username: string): Promise<number> {
  const password = await readPassword(ctx);
  await withOperations(ctx, (ops) => ops.setPassword(username, password, actor()));
  ctx.out(
    ctx.lang === "en"
      ? `password of ${username} changed; its sessions ended`
      : `contraseña de ${username} cambiada; sus sesiones terminaron`,
  );
  return 0;
}

/** What a backup or restore did, by table, as the command prints it. */
function reportTables(
  ctx: CommandContext,
  header: { tables: Record<string, number> },
  said: (rows: string) => { en: string; es: string },
): void {
  if (ctx.json) return ctx.out(JSON.stringify(header));
  const rows = Object.entries(header.tables)
    .map(([t, n]) => `${t} ${n}`)
    .join(", ");
  ctx.out(said(rows)[ctx.lang]);
}

/** `brecha backup <file>`: the operational store (accounts, requests, shipments, votes, hubs,
 * resources, scenarios, models, audit). */
export async function backupCommand(ctx: CommandContext, file: string): Promise<number> {
  const header = await withOperations(ctx, (ops) => ops.backup(file, actor()));
  reportTables(ctx, header, (rows) => ({
    en: `backup written to ${file} (${rows}); it holds password hashes: keep it safe`,
    es: `copia escrita en ${file} (${rows}); contiene hashes de contraseñas: guárdela con cuidado`,
  }));
  return 0;
}

/** `brecha restore <file>`: a backup into an operational store with no accounts yet. */
export async function restoreCommand(ctx: CommandContext, file: string): Promise<number> {
  const header = await withOperations(ctx, (ops) => ops.restore(file, actor()));
  reportTables(ctx, header, (rows) => ({
    en: `restored from ${file} (${rows}); everyone signs in again`,
    es: `restaurado desde ${file} (${rows}); todos vuelven a ingresar`,
  }));
  return 0;
}
