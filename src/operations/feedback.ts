import { z } from "zod";
import { BrechaError } from "../errors/index.ts";
import { sql } from "../storage/index.ts";
import { recordAudit, type Actor } from "./audit.ts";
import type { Executor, OperationsDatabase } from "./database.ts";
import { count } from "./rows.ts";

/** Votes one account may cast or change in an hour (all resources together). */
export const FEEDBACK_PER_HOUR = 30;

export interface Vote {
  readonly rating?: number | undefined;
  readonly useful?: boolean | undefined;
}

const VOTE_ROW = z.object({ rating: z.number().nullable(), useful: z.boolean().nullable() });

/**
 * An account's vote on a resource: a rating from 1 to 5 and/or "useful". One vote per account
 * and resource (voting again changes it, never adds a second); at most FEEDBACK_PER_HOUR votes
 * an hour per account (`BRECHA_RATE_LIMITED`).
 */
export async function giveFeedback(
  db: OperationsDatabase,
  accountId: number,
  resourceId: string,
  vote: Vote,
  actor: Actor,
): Promise<{ rating: number | null; useful: boolean | null }> {
  if (vote.rating === undefined && vote.useful === undefined)
    throw new BrechaError("BRECHA_USAGE", "give a rating (1-5) or say whether it was useful", {
      es: "dé una valoración (1-5) o diga si fue útil",
    });
  if (
    vote.rating !== undefined &&
    !(Number.isInteger(vote.rating) && vote.rating >= 1 && vote.rating <= 5)
  )
    throw new BrechaError("BRECHA_USAGE", "rating: a whole number from 1 to 5", {
      es: "valoración: un entero de 1 a 5",
    });
  return db.transaction(async (tx) => {
    const [recent] = await tx.query(
      sql`SELECT count(*) AS n FROM resource_feedback
          WHERE account_id = ${sql.value(accountId)} AND updated_at > now() - interval '1 hour'`,
      z.object({ n: count }),
    );
    if (recent!.n >= FEEDBACK_PER_HOUR)
      throw new BrechaError(
        "BRECHA_RATE_LIMITED",
        `more than ${FEEDBACK_PER_HOUR} votes in an hour; retry later`,
        {
          es: `más de ${FEEDBACK_PER_HOUR} votos en una hora; vuelva a intentar más tarde`,
          details: { retryAfterSeconds: 600 },
        },
      );
    const [before] = await tx.query(
      sql`SELECT rating, useful FROM resource_feedback
          WHERE resource_id = ${sql.value(resourceId)} AND account_id = ${sql.value(accountId)} FOR UPDATE`,
      VOTE_ROW,
    );
    const [after] = await tx.query(
      sql`INSERT INTO resource_feedback (resource_id, account_id, rating, useful)
          VALUES (${sql.value(resourceId)}, ${sql.value(accountId)}, ${sql.value(vote.rating ?? null)}, ${sql.value(vote.useful ?? null)})
          ON CONFLICT (resource_id, account_id) DO UPDATE SET
            rating = coalesce(EXCLUDED.rating, resource_feedback.rating),
            useful = coalesce(EXCLUDED.useful, resource_feedback.useful),
            updated_at = clock_timestamp()
          RETURNING rating, useful`,
      VOTE_ROW,
    );
    await recordAudit(tx, actor, {
      action: before ? "change-vote" : "vote",
      entity: "resource-feedback",
      entityId: resourceId,
      ...(before ? { before } : {}),
      after,
    });
    return after!;
  });
}

/** Ratings and "useful" votes per resource. */
export async function feedbackSummaries(db: Executor) {
  return db.query(
    sql`SELECT resource_id AS "resourceId", count(rating) AS ratings, coalesce(sum(rating), 0) AS "ratingSum",
               count(useful) AS "usefulVotes", count(*) FILTER (WHERE useful) AS useful
        FROM resource_feedback GROUP BY 1 ORDER BY 1`,
    z.object({
      resourceId: z.string(),
      ratings: count,
      ratingSum: count,
      usefulVotes: count,
      useful: count,
    }),
  );
}

/** One account's votes, by resource. */
export async function votesOf(db: Executor, accountId: number) {
  return db.query(
    sql`SELECT resource_id AS "resourceId", rating, useful FROM resource_feedback
        WHERE account_id = ${sql.value(accountId)} ORDER BY 1`,
    VOTE_ROW.extend({ resourceId: z.string() }),
  );
}
