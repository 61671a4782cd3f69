import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "./helpers/paths.ts";

// The README and `engines` say Node.js 20.10 or newer: every installed package must accept the
// oldest Node.js we claim, and every install script must be reviewed in `allowScripts`.

interface LockEntry {
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
  dev?: boolean;
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
  engines: { node: string };
  allowScripts: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(join(REPO_ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, LockEntry>;
};

/** The lowest major version a range like ">=22", ">= 20.19.0" or "^20.19.0 || >=22.12.0" admits. */
function lowestMajor(range: string): number {
  const majors = range
    .split("||")
    .map((part) => /(\d+)/.exec(part.trim())?.[1])
    .filter((m): m is string => m !== undefined)
    .map(Number);
  return majors.length === 0 ? 0 : Math.min(...majors);
}

test("every locked package accepts Node.js 20, as the README and engines say", () => {
  assert.equal(pkg.engines.node, ">=20.10");
  const refusing = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== "" && !Array.isArray(entry.engines) && entry.engines?.node)
    .filter(([, entry]) => lowestMajor((entry.engines as { node: string }).node) > 20)
    .map(([path, entry]) => `${path} (${(entry.engines as { node: string }).node})`);
  assert.deepEqual(refusing, []);
});

test("every package with an install script is reviewed in allowScripts", () => {
  const name = (path: string) => path.replace(/^.*node_modules\//, "");
  const unreviewed = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([path]) => name(path))
    .filter((n) => !(n in pkg.allowScripts));
  assert.deepEqual(unreviewed, []);
});
