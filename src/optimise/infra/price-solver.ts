import { BrechaError } from "../../errors/index.ts";

/** One fundable (premises, intervention) pair, as the price solver sees it. */
export interface PricedOption {
  readonly site: number;
  readonly group: "internet" | "electricidad" | "agua" | "dispositivos";
  readonly cost: number;
  readonly benefit: number;
  readonly forced: boolean;
  readonly banned: boolean;
}

export interface PriceProgress {
  readonly iteration: number;
  readonly iterations: number;
  /** Best upper bound so far and the best plan's benefit. */
  readonly bound: number;
  readonly benefit: number;
}

export interface PriceSolution {
  /** 1 where the option is funded. */
  readonly picked: Uint8Array;
  readonly benefit: number;
  readonly spent: number;
  /** Lagrangian upper bound on any plan's benefit. */
  readonly bound: number;
  readonly gap: number;
  readonly iterations: number;
}

/** Per site, its options by group (indices into the option list). */
interface SiteOptions {
  readonly internet: number[];
  readonly power: number[];
  readonly water: number[];
  readonly devices: number[];
  /** Internet needs funded power here (the premises has no electricity). */
  readonly needsPower: boolean;
}

const ITERATIONS = 64;

/**
 * Budgeted choice of interventions for very many premises by pricing the budget: for a price λ
 * per sol, each premises independently takes the combination with the most benefit − λ × cost
 * (one option per service, internet only with electricity, must-do and must-not respected). The
 * spending falls as λ rises; bisection finds the price where it meets the budget, whose plan is
 * then topped up greedily with what still fits. Every λ also gives an upper bound on any plan's
 * benefit (λ × budget + Σ best reduced benefit per premises, a Lagrangian bound), so the gap
 * reported is proven, not estimated. With tens of thousands of premises the gap is a fraction of
 * one premises' benefit over the total: far below 1%.
 */
export function solveByPrice(
  options: readonly PricedOption[],
  sites: number,
  hasElectricity: (site: number) => boolean,
  budget: number,
  onProgress?: (progress: PriceProgress) => void,
): PriceSolution {
  const bySite: SiteOptions[] = Array.from({ length: sites }, (_, s) => ({
    internet: [],
    power: [],
    water: [],
    devices: [],
    needsPower: !hasElectricity(s),
  }));
  options.forEach((o, c) => {
    if (o.banned) return;
    const at = bySite[o.site]!;
    const list =
      o.group === "internet"
        ? at.internet
        : o.group === "electricidad"
          ? at.power
          : o.group === "agua"
            ? at.water
            : at.devices;
    list.push(c);
  });
  for (const [s, at] of bySite.entries()) {
    for (const group of [at.internet, at.power, at.water, at.devices])
      if (group.filter((c) => options[c]!.forced).length > 1)
        throw new BrechaError(
          "BRECHA_INFEASIBLE",
          `two must-do interventions for the same service at one premises (site ${s})`,
        );
    if (at.needsPower && at.internet.some((c) => options[c]!.forced) && at.power.length === 0)
      throw new BrechaError(
        "BRECHA_INFEASIBLE",
        "a must-do internet connection at premises with no electricity and no way to fund it",
      );
  }

  /** The best option of a group at price λ (a forced one always), or −1 for none. */
  const best = (group: number[], price: number, mustTake: boolean): [number, number] => {
    let pick = -1;
    let value = mustTake ? -Infinity : 0;
    for (const c of group) {
      const o = options[c]!;
      const v = o.benefit - price * o.cost;
      if (o.forced) return [c, v];
      if (v > value) {
        value = v;
        pick = c;
      }
    }
    return pick === -1 ? [-1, 0] : [pick, value];
  };

  /** The plan at price λ: writes picks, returns spending, benefit and Σ reduced benefit. */
  const at = (price: number, picked: Uint8Array) => {
    picked.fill(0);
    let spent = 0;
    let benefit = 0;
    let reduced = 0;
    const take = (c: number, v: number) => {
      if (c < 0) return;
      picked[c] = 1;
      spent += options[c]!.cost;
      benefit += options[c]!.benefit;
      reduced += v;
    };
    for (const site of bySite) {
      for (const group of [site.water, site.devices]) take(...best(group, price, false));
      const internetForced = site.internet.some((c) => options[c]!.forced);
      if (!site.needsPower) {
        take(...best(site.internet, price, false));
        take(...best(site.power, price, false));
        continue;
      }
      // Power is weighed even at a loss: with internet it may still be worth it.
      const [p, vp] = best(site.power, price, true);
      const [i, vi] = best(site.internet, price, false);
      if (internetForced) {
        take(p, vp);
        take(i, vi);
        continue;
      }
      const powerForced = p >= 0 && options[p]!.forced;
      // None, power alone, or power with internet: whichever is worth most at this price.
      const withInternet = p >= 0 && i >= 0 ? vp + vi : -Infinity;
      const alone = p >= 0 ? vp : -Infinity;
      const none = powerForced ? -Infinity : 0;
      const top = Math.max(withInternet, alone, none);
      if (top === withInternet) {
        take(p, vp);
        take(i, vi);
      } else if (top === alone) take(p, vp);
    }
    return { spent, benefit, reduced };
  };

  const picked = new Uint8Array(options.length);
  const forcedCost = options.reduce((a, o) => a + (o.forced ? o.cost : 0), 0);
  if (forcedCost > budget)
    throw new BrechaError("BRECHA_INFEASIBLE", "the must-do list costs more than the budget");
  let bound = Infinity;
  let low = 0;
  const free = at(0, picked);
  bound = Math.min(bound, free.reduced);
  let iterations = 0;
  if (free.spent > budget) {
    let high = 1;
    for (const o of options) if (o.cost > 0) high = Math.max(high, (2 * o.benefit) / o.cost);
    for (; iterations < ITERATIONS; iterations++) {
      const mid = (low + high) / 2;
      const r = at(mid, picked);
      bound = Math.min(bound, mid * budget + r.reduced);
      if (r.spent > budget) low = mid;
      else high = mid;
      onProgress?.({
        iteration: iterations + 1,
        iterations: ITERATIONS,
        bound,
        benefit: r.benefit,
      });
      if (high - low <= 1e-12 * Math.max(1, high)) break;
    }
    const r = at(high, picked);
    if (r.spent > budget)
      throw new BrechaError(
        "BRECHA_INFEASIBLE",
        "the must-do list, with the electricity its internet connections need, costs more than the budget",
      );
    bound = Math.min(bound, high * budget + r.reduced);
  }
  const state = topUp(options, bySite, picked, budget);
  const gap = bound > 0 ? Math.max(0, (bound - state.benefit) / bound) : 0;
  onProgress?.({
    iteration: ITERATIONS,
    iterations: ITERATIONS,
    bound,
    benefit: state.benefit,
  });
  return { picked, benefit: state.benefit, spent: state.spent, bound, gap, iterations };
}

/** Adds what still fits, the most benefit per sol first: single options into empty services, and
 * power with internet together where internet waits for electricity. */
function topUp(
  options: readonly PricedOption[],
  bySite: readonly SiteOptions[],
  picked: Uint8Array,
  budget: number,
): { spent: number; benefit: number } {
  let spent = 0;
  let benefit = 0;
  options.forEach((o, c) => {
    if (picked[c]) {
      spent += o.cost;
      benefit += o.benefit;
    }
  });
  const has = (group: number[]) => group.some((c) => picked[c] === 1);
  const moves: Array<{ add: number[]; cost: number; benefit: number; site: number }> = [];
  bySite.forEach((site, s) => {
    for (const group of [site.water, site.devices, site.power])
      if (!has(group))
        for (const c of group)
          moves.push({ add: [c], cost: options[c]!.cost, benefit: options[c]!.benefit, site: s });
    if (has(site.internet)) return;
    if (!site.needsPower || has(site.power))
      for (const c of site.internet)
        moves.push({ add: [c], cost: options[c]!.cost, benefit: options[c]!.benefit, site: s });
    else
      for (const p of site.power)
        for (const i of site.internet)
          moves.push({
            add: [p, i],
            cost: options[p]!.cost + options[i]!.cost,
            benefit: options[p]!.benefit + options[i]!.benefit,
            site: s,
          });
  });
  moves.sort((a, b) => b.benefit / Math.max(b.cost, 1e-9) - a.benefit / Math.max(a.cost, 1e-9));
  for (const move of moves) {
    if (spent + move.cost > budget) continue;
    const site = bySite[move.site]!;
    // Still valid? Each service takes one option; internet needs power here.
    const groupOf = (c: number) =>
      options[c]!.group === "internet"
        ? site.internet
        : options[c]!.group === "electricidad"
          ? site.power
          : options[c]!.group === "agua"
            ? site.water
            : site.devices;
    if (move.add.some((c) => has(groupOf(c)))) continue;
    if (
      move.add.length === 1 &&
      options[move.add[0]!]!.group === "internet" &&
      site.needsPower &&
      !has(site.power)
    )
      continue;
    for (const c of move.add) picked[c] = 1;
    spent += move.cost;
    benefit += move.benefit;
  }
  return { spent, benefit };
}
