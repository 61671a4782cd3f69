import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/**
 * Checks a browser test runs on every screen of the dashboard: the Spanish screen shows no
 * English, no `[object Object]`, no camelCase keys and no raw census codes; at 390 px nothing
 * scrolls sideways and open dialogs stay on screen; axe-core finds no serious or critical
 * accessibility violation.
 */

/** English words that have no place on a Spanish screen (none of them is also Spanish). */
const ENGLISH = [
  "the",
  "and",
  "with",
  "unknown",
  "invalid",
  "loading",
  "click",
  "export",
  "show",
  "none",
  "data",
  "people",
  "covered",
  "bound",
  "scenario",
  "hub",
  "hubs",
  "school",
  "schools",
  "budget",
  "spent",
  "delivered",
  "need",
  "transport",
  "cost",
  "per",
  "device",
  "devices",
  "undefined",
  "NaN",
  "request",
  "must",
  "cannot",
  "expected",
  "received",
];
const ENGLISH_WORD = new RegExp(`(^|[^\\p{L}])(${ENGLISH.join("|")})(?=$|[^\\p{L}])`, "iu");
/** camelCase keys (budgetPen, shareRural) and snake_case codes (red_publica, a_pie). */
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/;
const SNAKE = /\b[a-z]+_[a-z_]+\b/;

/** The words a person reads or hears: visible text plus the accessible names and titles, without
 * the provenance line (dataset ids and version hashes, which are technical on purpose). */
async function wordsOn(page: Page): Promise<string> {
  // Sent as text: this file is compiled without the DOM's types.
  return (await page.evaluate(`(() => {
    const technical = new Set(
      Array.from(document.querySelectorAll(".versions, code")).flatMap((el) => el.innerText.split("\\n")),
    );
    const labels = Array.from(document.querySelectorAll("[aria-label], [title], [placeholder]")).map((el) =>
      [el.getAttribute("aria-label"), el.getAttribute("title"), el.getAttribute("placeholder")]
        .filter(Boolean)
        .join(" "),
    );
    return [...document.body.innerText.split("\\n").filter((line) => !technical.has(line)), ...labels].join("\\n");
  })()`)) as string;
}

/** Fails on English words, [object Object], camelCase keys or snake_case codes in Spanish. */
export async function assertSpanishOnly(page: Page, screen: string): Promise<void> {
  const text = (await wordsOn(page)).replace(/https?:\/\/\S+/g, "");
  const lines = text.split("\n");
  const bad = (pattern: RegExp) => lines.find((line) => pattern.test(line));
  assert.equal(bad(/\[object Object\]/), undefined, `${screen}: [object Object] on screen`);
  const english = bad(ENGLISH_WORD);
  assert.equal(english, undefined, `${screen}: English on the Spanish screen: "${english}"`);
  const camel = bad(CAMEL);
  assert.equal(camel, undefined, `${screen}: a camelCase key on screen: "${camel}"`);
  const snake = bad(SNAKE);
  assert.equal(snake, undefined, `${screen}: a raw code on screen: "${snake}"`);
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe-core (WCAG 2 A and AA rules) on the page as it is: no serious or critical violation. */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  // Evaluated through the DevTools protocol, which the page's content security policy allows.
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(`(async () => {
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => v.id + " (" + v.impact + "): " + v.help + " — " + JSON.stringify(v.nodes[0] && v.nodes[0].target));
  })()`)) as string[];
  assert.deepEqual(violations, [], `${screen}: accessibility violations`);
}

/** At 390 px wide: nothing scrolls sideways, and an open school card sits inside the screen. */
export async function assertFitsPhone(page: Page, screen: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.waitForTimeout(250);
    const overflow = (await page.evaluate(
      "document.documentElement.scrollWidth - window.innerWidth",
    )) as number;
    assert.ok(overflow <= 0, `${screen}: ${overflow} px of sideways scrolling at 390 px`);
    const card = page.locator(".school-card");
    if ((await card.count()) > 0) {
      const box = await card.boundingBox();
      assert.ok(
        box && box.x >= 0 && box.x + box.width <= 390,
        `${screen}: the school card is off-screen at 390 px (${JSON.stringify(box)})`,
      );
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/** All three checks; the Spanish one only when the page is in Spanish. */
export async function auditScreen(page: Page, screen: string): Promise<void> {
  if ((await page.locator("html").getAttribute("lang")) === "es")
    await assertSpanishOnly(page, screen);
  await assertAccessible(page, screen);
  await assertFitsPhone(page, screen);
}
