import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";

/** A job as the API shows it (the fields tests read). */
export interface ShownJob {
  id: string;
  kind: string;
  state: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "interrupted";
  createdBy: string;
  progress: { phase: string; percent: number; bound?: number; gap?: number };
  summary: Record<string, number> | null;
  seconds: number | null;
  gap: number | null;
  error: { code: string; message: string; reference?: string } | null;
  saved: { scenario?: { name: string; version: number }; model?: string } | null;
  links: { self: string; result: string | null };
}

const ENDED = ["succeeded", "failed", "cancelled", "interrupted"];

/** Polls a job through an in-process app until it ends (or `timeoutMs` passes). */
export async function awaitJob(
  app: FastifyInstance,
  id: string,
  key: string,
  timeoutMs = 180_000,
): Promise<ShownJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await app.inject({ url: `/api/v1/jobs/${id}`, headers: { "x-api-key": key } });
    assert.equal(r.statusCode, 200, r.body);
    const job = r.json() as ShownJob;
    if (ENDED.includes(job.state)) return job;
    if (Date.now() > deadline) assert.fail(`job ${id} still ${job.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Submits a plan or training run, waits for it and returns the job and its result. Fails the test
 * when the submission is not accepted (202) or the job does not succeed, with the server's words.
 */
export async function runJob<R>(
  app: FastifyInstance,
  url: string,
  payload: object,
  key: string,
): Promise<{ job: ShownJob; result: R }> {
  const submitted = await app.inject({
    method: "POST",
    url,
    headers: { "x-api-key": key },
    payload,
  });
  assert.equal(submitted.statusCode, 202, submitted.body);
  assert.equal(submitted.headers.location, `/api/v1/jobs/${(submitted.json() as ShownJob).id}`);
  const job = await awaitJob(app, (submitted.json() as ShownJob).id, key);
  assert.equal(job.state, "succeeded", JSON.stringify(job.error));
  const result = await app.inject({
    url: `/api/v1/jobs/${job.id}/result`,
    headers: { "x-api-key": key },
  });
  assert.equal(result.statusCode, 200, result.body);
  return { job, result: result.json() as R };
}
