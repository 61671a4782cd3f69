import { describeSchoolSite, infraWords } from "../reasons.ts";
import type { MipResult } from "../solve-mip.ts";
import type { InfraPlan } from "./infra-inputs.ts";
import { departmentOf, potentialByDepartment } from "./infra-model.ts";
import type { InfraProblem } from "./validate-infra.ts";

const sumBy = (map: Map<string, number>, key: string, amount: number) =>
  map.set(key, (map.get(key) ?? 0) + amount);

/**
 * The plan in words and figures from the solver's columns: each funded option with why it was
 * worth its cost, the best 50 left out with the constraint that kept each out, spending and the
 * share of potential benefit by department, spending by UGEL, and the assumptions.
 */
export function explainInfraPlan(
  problem: InfraProblem,
  result: MipResult,
  marginalBenefitPer1000Pen: number | null,
): InfraPlan {
  const { sites, options, forced, benefitFrom, lang, levels, budgetPen } = problem;
  const [departments, ugels] = levels;
  const words = infraWords(lang);
  const picked = options.map((_, c) => result.x[c]! > 0.5);
  const spent = options.reduce((a, o, c) => a + (picked[c] ? o.cost : 0), 0);
  const benefit = options.reduce((a, o, c) => a + (picked[c] ? o.benefit : 0), 0);
  const spentIn = new Map<string, number>();
  const spentInUgel = new Map<string, number>();
  const fundedBenefit = new Map<string, number>();
  options.forEach((o, c) => {
    if (!picked[c]) return;
    sumBy(spentIn, departmentOf(problem, c), o.cost);
    sumBy(fundedBenefit, departmentOf(problem, c), o.benefit);
    const u = sites[o.site]!.ugel;
    if (u) sumBy(spentInUgel, u, o.cost);
  });
  const chosen = options
    .flatMap((o, c) => (picked[c] ? [{ o, c }] : []))
    .map(({ o, c }) => {
      const site = sites[o.site]!;
      return {
        codigoLocal: site.codigoLocal,
        ubigeo: site.ubigeo,
        ...(site.requests?.length ? { requests: [...site.requests] } : {}),
        kind: o.spec.kind,
        costPen: o.cost,
        benefit: Math.round(o.benefit * 10) / 10,
        reason: words.chosen(
          describeSchoolSite(lang, site, benefitFrom),
          o.benefit / (o.cost / 1000),
          benefitFrom,
          forced.has(c),
        ),
      };
    })
    .sort((a, b) => b.benefit / b.costPen - a.benefit / a.costPen);
  const why = whyLeftOut(problem, picked, { spent, spentIn, spentInUgel });
  const leftOut = options
    .map((o, c) => ({ o, c }))
    .filter(({ c }) => !picked[c])
    .sort((a, b) => b.o.benefit - a.o.benefit)
    .slice(0, 50)
    .map(({ o, c }) => ({
      codigoLocal: sites[o.site]!.codigoLocal,
      kind: o.spec.kind,
      costPen: o.cost,
      benefit: Math.round(o.benefit * 10) / 10,
      why: why(c),
    }));
  const potential = potentialByDepartment(problem);
  const shown = new Set([
    ...spentIn.keys(),
    ...Object.keys(departments.floors),
    ...Object.keys(departments.caps),
  ]);
  return {
    chosen,
    spentPen: spent,
    budgetPen,
    benefit,
    bound: Number.isFinite(result.bound) ? result.bound : benefit,
    gap: Number.isFinite(result.gap) ? result.gap : 0,
    status: result.status,
    method: problem.method,
    leftOut,
    marginalBenefitPer1000Pen,
    byDepartment: [...shown].sort().map((d) => ({
      department: d,
      spentPen: spentIn.get(d) ?? 0,
      floorPen: departments.floors[d] ?? null,
      capPen: departments.caps[d] ?? null,
      shareOfPotential: (fundedBenefit.get(d) ?? 0) / Math.max(1e-9, potential.get(d) ?? 0),
    })),
    byUgel: [...new Set([...Object.keys(ugels.floors), ...Object.keys(ugels.caps)])]
      .sort()
      .map((u) => ({
        ugel: u,
        spentPen: spentInUgel.get(u) ?? 0,
        floorPen: ugels.floors[u] ?? null,
        capPen: ugels.caps[u] ?? null,
      })),
    objective: problem.objective,
    assumptions: words.assumptions(
      benefitFrom === "model"
        ? { from: "model" }
        : { from: "need", weights: { ...problem.weights } },
      problem.method === "price" ? options.length : null,
    ),
  };
}

/** Why option `c` was left out: the first constraint that kept it out, in the plan's words. */
function whyLeftOut(
  problem: InfraProblem,
  picked: readonly boolean[],
  spending: { spent: number; spentIn: Map<string, number>; spentInUgel: Map<string, number> },
): (c: number) => string {
  const { sites, options, banned, levels, budgetPen, lang } = problem;
  const [departments, ugels] = levels;
  const words = infraWords(lang);
  const fundedPower = new Set(
    options.filter((o, c) => picked[c] && o.spec.group === "electricidad").map((o) => o.site),
  );
  const groupFilled = new Set(
    options.filter((_, c) => picked[c]).map((o) => `${o.site}|${o.spec.group}`),
  );
  const cutoff = Math.min(
    ...options.filter((_, c) => picked[c]).map((o) => o.benefit / o.cost),
    Infinity,
  );
  return (c) => {
    const o = options[c]!;
    const site = sites[o.site]!;
    const d = departmentOf(problem, c);
    const over = (cap: number | undefined, spentThere: number | undefined) =>
      cap !== undefined && (spentThere ?? 0) + o.cost > cap;
    if (banned.has(c)) return words.mustNot;
    if (groupFilled.has(`${o.site}|${o.spec.group}`)) return words.sameGroup(o.spec.group);
    if (o.spec.group === "internet" && !site.hasElectricity && !fundedPower.has(o.site))
      return words.needsPower;
    if (over(departments.caps[d], spending.spentIn.get(d))) return words.departmentCap(d);
    if (site.ugel && over(ugels.caps[site.ugel], spending.spentInUgel.get(site.ugel)))
      return words.ugelCap(site.ugel);
    if (o.benefit / o.cost < cutoff || spending.spent + o.cost > budgetPen)
      return words.budget(o.benefit / (o.cost / 1000));
    return words.betterCombination;
  };
}
