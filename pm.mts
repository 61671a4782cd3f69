import { readFileSync } from "node:fs";
import { parseOrlibPmed, solvePMedian } from "./src/optimise/p-median/index.ts";
const opt = [5819,4093,4250,3034,1355,7824,5631,4445,2734,1255,7696,6634,4374,2968,1729,8162,6999,4809,2845,1789,9138,8579,4619,2961,1828,9917,8307,4498,3033,1989,10086,9297,4700,3013,10400,9934,5057,11060,9423,5128];
const ks = process.argv.slice(2).map(Number);
for (const k of ks) {
  const t = performance.now();
  const inst = parseOrlibPmed(readFileSync(`/work/shared/bench/orlib/pmed${k}.txt`, "utf8"));
  const r = await solvePMedian({ clients: inst.n, candidates: inst.n, cost: inst.distances, p: inst.p }, { integerCosts: true, timeLimitS: 30 });
  console.log(`pmed${k}`, "opt", opt[k-1], "got", r.objective, r.objective === opt[k-1] ? "OK" : "DIFF", "bound", r.bound.toFixed(1), "proven", r.proven, r.provedBy, JSON.stringify(r.reduced ?? {}), (performance.now() - t).toFixed(0), "ms", JSON.stringify(Object.fromEntries(Object.entries(r.timingsMs).map(([a,b]) => [a, Math.round(b)]))));
}
