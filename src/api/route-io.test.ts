import assert from "node:assert/strict";
import { test } from "node:test";
import { GAP_REPORT, JOB } from "../contract/index.ts";
import { BrechaError, messageIn } from "../errors/index.ts";
import { checkResponse } from "./route-io.ts";

const GOOD_JOB = {
  id: "a1",
  kind: "plan-hubs",
  state: "running",
  progress: { phase: "solving", percent: 40 },
  seconds: null,
  gap: null,
  error: null,
  saved: null,
};

test("an answer that matches its schema passes, extra fields and all", () => {
  checkResponse(JOB, { ...GOOD_JOB, submittedBy: "api:analyst:1234" }, "/api/v1/jobs/:id");
  checkResponse(undefined, { anything: 1 }, "/api/v1/unchecked");
});

test("an answer that does not is a 500 naming the route and the first field, in both languages", () => {
  const bad = { ...GOOD_JOB, state: "sleeping" };
  assert.throws(
    () => checkResponse(JOB, bad, "/api/v1/jobs/:id"),
    (error: unknown) => {
      assert.ok(error instanceof BrechaError);
      assert.equal(error.code, "BRECHA_RESPONSE_SHAPE");
      assert.equal(error.httpStatus, 500);
      assert.match(error.message, /\/api\/v1\/jobs\/:id .* at state/);
      assert.match(messageIn("es", error), /la respuesta de \/api\/v1\/jobs\/:id .* en state/);
      return true;
    },
  );
  assert.throws(
    () => checkResponse(GAP_REPORT, { code: "15", level: "department" }, "/api/v1/gap/:ubigeo"),
    /at name/,
  );
});
