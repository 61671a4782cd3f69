import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../../test/helpers/paths.ts";
import { BrechaError } from "../errors/index.ts";
import { languageFromLocale, loadConfig } from "./config.ts";

test("loadConfig fills defaults, resolves folders and freezes the result", () => {
  const config = loadConfig({ env: {}, cwd: "/srv/brecha" });
  assert.equal(config.home, "/srv/brecha/.brecha");
  assert.equal(config.mirror, null);
  assert.equal(config.lang, "es");
  assert.equal(config.synthetic, "auto");
  assert.deepEqual(config.server, {
    host: "127.0.0.1",
    port: 8080,
    publicReads: true,
    apiKeys: [],
    rateLimitPerMinute: 1200,
    trustProxy: false,
    protectMetrics: false,
    secureCookies: true,
    sessionHours: 12,
    bodyLimitBytes: 1_048_576,
    jobConcurrency: 1,
    jobQueue: 32,
  });
  assert.deepEqual(config.operations, { url: null, connections: 10 });
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.server));
});

test("loadConfig: flags beat environment, which beats brecha.config.json", () => {
  const dir = tempDir();
  try {
    writeFileSync(
      join(dir.path, "brecha.config.json"),
      JSON.stringify({ mirror: "from-file", seed: 7, server: { port: 9000 } }),
    );
    const fromFile = loadConfig({ env: {}, cwd: dir.path });
    assert.equal(fromFile.mirror, join(dir.path, "from-file"));
    assert.equal(fromFile.seed, 7);
    assert.equal(fromFile.server.port, 9000);
    const fromEnv = loadConfig({
      env: { BRECHA_MIRROR: "/data/peru", BRECHA_PORT: "9100" },
      cwd: dir.path,
    });
    assert.equal(fromEnv.mirror, "/data/peru");
    assert.equal(fromEnv.server.port, 9100);
    const keyed = loadConfig({
      cwd: dir.path,
      env: {
        BRECHA_API_KEYS: "k-analyst-0123456789:analyst,k-admin-0123456789ab:admin",
        BRECHA_PUBLIC_READS: "0",
        BRECHA_RATE_LIMIT: "60",
      },
    });
    assert.deepEqual(keyed.server.apiKeys, [
      { key: "k-analyst-0123456789", role: "analyst" },
      { key: "k-admin-0123456789ab", role: "admin" },
    ]);
    assert.equal(keyed.server.publicReads, false);
    assert.equal(keyed.server.rateLimitPerMinute, 60);
    assert.throws(
      () => loadConfig({ cwd: dir.path, env: { BRECHA_API_KEYS: "short:admin" } }),
      /apiKeys/,
    );
    const fromFlag = loadConfig({
      env: { BRECHA_MIRROR: "/data/peru" },
      cwd: dir.path,
      overrides: { mirror: "/flag" },
    });
    assert.equal(fromFlag.mirror, "/flag");
  } finally {
    dir.cleanup();
  }
});

test("loadConfig rejects bad settings with every problem named", () => {
  assert.throws(
    () => loadConfig({ env: { BRECHA_PORT: "99999", BRECHA_SYNTHETIC: "sometimes" }, cwd: "/tmp" }),
    (e: unknown) =>
      e instanceof BrechaError &&
      e.code === "BRECHA_CONFIG_INVALID" &&
      /server\.port/.test(e.message) &&
      /synthetic/.test(e.message),
  );
});

test("languageFromLocale is Spanish unless the locale says English", () => {
  assert.equal(languageFromLocale({}), "es");
  assert.equal(languageFromLocale({ LANG: "es_PE.UTF-8" }), "es");
  assert.equal(languageFromLocale({ LANG: "en_GB.UTF-8" }), "en");
  assert.equal(languageFromLocale({ LANG: "C.UTF-8" }), "es");
  assert.equal(languageFromLocale({ LANG: "en_US.UTF-8", BRECHA_LANG: "es" }), "es");
});
