import { z } from "zod";
import { NotFoundError, UsageError } from "../errors/index.ts";
import { RESOURCE, type Resource } from "../resources/index.ts";
import { sql } from "../storage/index.ts";
import { recordAudit, type Actor } from "./audit.ts";
import type { Executor, OperationsDatabase } from "./database.ts";

// The learning-resource repository in the operational store (it was one JSON file per
// workspace, which several server processes could not share).

const ROW = z.object({ body: RESOURCE });

const notFound = (id: string) =>
  new NotFoundError("BRECHA_NOT_FOUND", `no learning resource "${id}"`, {
    es: `no existe el recurso "${id}"`,
  });

/** Every resource, in the order they were added. */
export async function listResources(db: Executor): Promise<Resource[]> {
  return (await db.query(sql`SELECT body FROM resources ORDER BY position`, ROW)).map(
    (r) => r.body,
  );
}

export async function resourceById(db: Executor, id: string): Promise<Resource> {
  const [row] = await db.query(sql`SELECT body FROM resources WHERE id = ${sql.value(id)}`, ROW);
  if (!row) throw notFound(id);
  return row.body;
}

/** Adds resources that are not there yet (by id), without audit rows: the repository's first
 * entries, put there when the store is created. */
export async function seedResources(db: Executor, entries: readonly Resource[]): Promise<void> {
  for (const entry of entries)
    await db.execute(
      sql`INSERT INTO resources (id, body, updated_by) VALUES (${sql.value(entry.id)}, ${sql.value(JSON.stringify(entry))}::jsonb, 'brecha:starter')
          ON CONFLICT (id) DO NOTHING`,
    );
}

export async function createResource(
  db: OperationsDatabase,
  resource: Resource,
  actor: Actor,
): Promise<Resource> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query(
      sql`INSERT INTO resources (id, body, updated_by)
          VALUES (${sql.value(resource.id)}, ${sql.value(JSON.stringify(resource))}::jsonb, ${sql.value(actor.caller)})
          ON CONFLICT (id) DO NOTHING RETURNING body`,
      ROW,
    );
    if (!row)
      throw new UsageError(
        "BRECHA_USAGE",
        `a learning resource with id "${resource.id}" exists; use PUT to change it`,
        { es: `ya existe un recurso con el id "${resource.id}"; use PUT para cambiarlo` },
      );
    await recordAudit(tx, actor, {
      action: "add-resource",
      entity: "resource",
      entityId: resource.id,
      after: row.body,
    });
    return row.body;
  });
}

export async function updateResource(
  db: OperationsDatabase,
  id: string,
  resource: Resource,
  actor: Actor,
): Promise<Resource> {
  if (resource.id !== id)
    throw new UsageError(
      "BRECHA_USAGE",
      `the body's id "${resource.id}" differs from the URL's "${id}"`,
      {
        es: `el id del cuerpo, "${resource.id}", no es el de la URL, "${id}"`,
      },
    );
  return db.transaction(async (tx) => {
    const [before] = await tx.query(
      sql`SELECT body FROM resources WHERE id = ${sql.value(id)} FOR UPDATE`,
      ROW,
    );
    if (!before) throw notFound(id);
    const [after] = await tx.query(
      sql`UPDATE resources SET body = ${sql.value(JSON.stringify(resource))}::jsonb, updated_by = ${sql.value(actor.caller)},
                 updated_at = clock_timestamp()
          WHERE id = ${sql.value(id)} RETURNING body`,
      ROW,
    );
    await recordAudit(tx, actor, {
      action: "change-resource",
      entity: "resource",
      entityId: id,
      before: before.body,
      after: after!.body,
    });
    return after!.body;
  });
}

export async function removeResource(
  db: OperationsDatabase,
  id: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [gone] = await tx.query(
      sql`DELETE FROM resources WHERE id = ${sql.value(id)} RETURNING body`,
      ROW,
    );
    if (!gone) throw notFound(id);
    await recordAudit(tx, actor, {
      action: "remove-resource",
      entity: "resource",
      entityId: id,
      before: gone.body,
    });
  });
}
