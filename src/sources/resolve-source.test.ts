import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { tempDir } from "../../test/helpers/paths.ts";
import type { CatalogueEntry } from "./catalogue.ts";
import { resolveSource } from "./resolve-source.ts";
import { starterManifestMarkdown, starterFiles, STARTER_DIR } from "./starter-pack.ts";

const content = Buffer.from("ubigeo;distrito\n010101;Chachapoyas\n");
const sha = createHash("sha256").update(content).digest("hex");
const dir = tempDir();
let base = "";
const server = createServer((req, res) => {
  if (req.url === "/good.csv") res.end(content);
  else if (req.url === "/tampered.csv") res.end(Buffer.concat([content, Buffer.from("x")]));
  else res.writeHead(404).end();
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  dir.cleanup();
});

const entry = (overrides: Partial<CatalogueEntry>): CatalogueEntry => ({
  sourceId: "inei-distritos",
  fileName: "distritos.csv",
  url: null,
  sha256: sha,
  publisher: "test",
  licence: "test",
  year: "2025",
  workspace: true,
  ...overrides,
});

test("resolveSource takes the mirror first and notes a copy that differs from the catalogue", async () => {
  const mirror = join(dir.path, "mirror");
  mkdirSync(mirror, { recursive: true });
  writeFileSync(join(mirror, "distritos.csv"), content);
  const found = await resolveSource(entry({}), {
    mirror,
    cacheDir: join(dir.path, "cache"),
    offline: true,
    timeoutMs: 1000,
  });
  assert.deepEqual(found, { found: true, path: join(mirror, "distritos.csv"), origin: "mirror" });
  const other = await resolveSource(entry({ sha256: "0".repeat(64) }), {
    mirror,
    cacheDir: join(dir.path, "cache"),
    offline: true,
    timeoutMs: 1000,
  });
  assert.ok(other.found && /differs from the catalogued SHA-256/.test(other.note ?? ""));
});

test("resolveSource downloads over HTTP, checks the SHA-256 and caches the file", async () => {
  const cacheDir = join(dir.path, "cache-dl");
  const first = await resolveSource(entry({ url: `${base}/good.csv` }), {
    mirror: null,
    cacheDir,
    offline: false,
    timeoutMs: 2000,
    starterDir: null,
  });
  assert.ok(first.found && first.origin === "download");
  assert.ok(existsSync(join(cacheDir, `${sha}.csv`)));
  const second = await resolveSource(entry({ url: `${base}/good.csv` }), {
    mirror: null,
    cacheDir,
    offline: false,
    timeoutMs: 2000,
    starterDir: null,
  });
  assert.ok(second.found && second.origin === "cache");
});

test("resolveSource refuses a tampered download and says why each place failed", async () => {
  const result = await resolveSource(entry({ url: `${base}/tampered.csv` }), {
    mirror: null,
    cacheDir: join(dir.path, "cache-bad"),
    offline: false,
    timeoutMs: 2000,
    starterDir: null,
  });
  assert.equal(result.found, false);
  if (!result.found) {
    assert.equal(result.attempts[0], "no mirror folder set");
    assert.match(result.attempts.at(-1)!, /SHA-256 .* is not the catalogued .*; not used/);
  }
  const offline = await resolveSource(entry({ url: `${base}/good.csv` }), {
    mirror: null,
    cacheDir: join(dir.path, "cache-off"),
    offline: true,
    timeoutMs: 2000,
    starterDir: null,
  });
  assert.ok(!offline.found && offline.attempts.includes("offline: download skipped"));
  const missing = await resolveSource(entry({ url: `${base}/missing.csv` }), {
    mirror: null,
    cacheDir: join(dir.path, "cache-404"),
    offline: false,
    timeoutMs: 2000,
    starterDir: null,
  });
  assert.ok(!missing.found && /HTTP 404/.test(missing.attempts.at(-1)!));
});

test("resolveSource falls back to the starter pack last, checking its manifest SHA-256", async () => {
  const starter = join(dir.path, "starter");
  mkdirSync(starter, { recursive: true });
  writeFileSync(join(starter, "distritos.csv"), content);
  const manifest = (sha256: string) =>
    JSON.stringify({
      files: [
        {
          fileName: "distritos.csv",
          sourceId: "inei-distritos",
          sha256,
          bytes: content.length,
          original: "distritos.csv",
          originalSha256: sha,
          derivation: "byte-identical copy",
          licence: "MIT",
          publisher: "test",
          year: "2025",
        },
      ],
    });
  writeFileSync(join(starter, "manifest.json"), manifest(sha));
  const options = {
    mirror: null,
    cacheDir: join(dir.path, "cache-starter"),
    offline: true,
    timeoutMs: 2000,
    starterDir: starter,
  };
  const found = await resolveSource(entry({ starter: { fileName: "distritos.csv" } }), options);
  assert.ok(found.found && found.origin === "starter", JSON.stringify(found));
  assert.match(found.found ? (found.note ?? "") : "", /starter pack copy: byte-identical copy/);
  const none = await resolveSource(entry({}), options);
  assert.ok(!none.found && /no redistribution licence/.test(none.attempts.at(-1)!));
  // A starter file that no longer matches its manifest is not used.
  const other = join(dir.path, "starter-tampered");
  mkdirSync(other, { recursive: true });
  writeFileSync(join(other, "distritos.csv"), content);
  writeFileSync(join(other, "manifest.json"), manifest("0".repeat(64)));
  const tampered = await resolveSource(entry({ starter: { fileName: "distritos.csv" } }), {
    ...options,
    starterDir: other,
  });
  assert.ok(
    !tampered.found && /does not match its manifest SHA-256/.test(tampered.attempts.at(-1)!),
  );
});

test("the shipped starter pack is whole: every file matches its manifest and the README, within 10 MB", () => {
  const files = starterFiles(STARTER_DIR);
  assert.ok(files.length >= 12, `${files.length} files`);
  let total = 0;
  for (const f of files) {
    const bytes = readFileSync(join(STARTER_DIR, f.fileName));
    total += bytes.length;
    assert.equal(createHash("sha256").update(bytes).digest("hex"), f.sha256, f.fileName);
    assert.ok(f.licence.length > 0 && !/not stated/.test(f.licence), `${f.fileName} licence`);
    if (f.licence.startsWith("GPL")) assert.match(f.notice ?? "", /COPYING\.GPL-3/);
  }
  assert.ok(existsSync(join(STARTER_DIR, "COPYING.GPL-3")));
  assert.ok(total < 10 * 1024 * 1024, `${total} bytes`);
  assert.equal(
    readFileSync(join(STARTER_DIR, "README.md"), "utf8"),
    starterManifestMarkdown(files),
  );
});
