import { createRandom, normal } from "../src/domain/index.ts";
import {
  CONNECTIVITY,
  DEVICES,
  RESOURCE_FORMATS,
  STARTER_RESOURCES,
  ndcgAt,
  popularity,
  recommend,
  type Connectivity,
  type Device,
  type FeedbackSummary,
  type LearnerProfile,
  type Resource,
} from "../src/resources/index.ts";

export interface RecommendFigure {
  readonly learners: number;
  readonly resources: number;
  readonly trainVotes: number;
  readonly heldOutVotes: number;
  readonly ndcgModel: number;
  readonly ndcgFitOnly: number;
  readonly ndcgPopularity: number;
  readonly msPerRanking: number;
}

const pick = <T>(random: () => number, items: readonly T[], weights?: readonly number[]): T => {
  const w = weights ?? items.map(() => 1);
  let r = random() * w.reduce((a, b) => a + b, 0);
  for (const [i, item] of items.entries()) if ((r -= w[i]!) <= 0) return item;
  return items.at(-1)!;
};

// The simulated world's own rules of what a learner can use: written apart from the ranking's
// fit, so that the evaluation does not grade the model with its own formula.
const PLAYS: Record<Device, readonly string[]> = {
  none: ["printed", "radio", "tv"],
  radio: ["printed", "radio"],
  tv: ["printed", "tv", "radio"],
  phone: ["printed", "radio", "web", "video", "app", "pdf", "audio", "offline-package"],
  tablet: ["printed", "radio", "web", "video", "app", "pdf", "audio", "offline-package"],
  pc: ["printed", "radio", "tv", "web", "video", "app", "pdf", "audio", "offline-package"],
};
function trueUtility(resource: Resource, learner: LearnerProfile, quality: number): number {
  if (!PLAYS[learner.device].includes(resource.format)) return 0;
  const offline = resource.worksOffline || ["printed", "radio", "tv"].includes(resource.format);
  if (learner.connectivity === "none" && !offline) return 0;
  const connection = learner.connectivity === "intermittent" && !offline ? 0.6 : 1;
  const language = resource.languages.includes(learner.language as never)
    ? 1
    : resource.languages.includes("es")
      ? 0.5
      : 0.05;
  const level = learner.level && resource.grades.includes(learner.level) ? 1 : 0.3;
  return connection * language * level * quality;
}

/**
 * Offline evaluation of the recommendations on held-out feedback, in a SYNTHETIC world (no public
 * feedback on Peruvian learning resources exists): learners with languages, connections and
 * devices in rough national proportions, a catalogue of resources each with a hidden quality, and
 * ratings that follow the world's own rules of use plus noise, given by each learner to resources
 * they could use, popular resources being shown more often. 30% of each learner's ratings are held out; the ranking (fit × shrunk feedback), fit
 * alone and popularity are each scored by NDCG@10 against the held-out ratings.
 */
export function benchRecommend(seed = 2026, learners = 800, extra = 160): RecommendFigure {
  const random = createRandom(seed);
  const catalogue: Resource[] = [...STARTER_RESOURCES];
  const languages = ["es", "qu", "ay", "cni", "agr", "shp"] as const;
  for (let i = 0; i < extra; i++) {
    const format = pick(random, RESOURCE_FORMATS);
    const language = pick(random, languages, [60, 20, 8, 5, 4, 3]);
    catalogue.push({
      id: `sim-${i}`,
      title: `Recurso simulado ${i}`,
      description: "",
      subject: pick(random, [
        "comunicacion",
        "matematica",
        "ciencia",
        "ciudadania",
        "tecnologia",
        "arte",
        "general",
      ] as const),
      grades: [pick(random, ["inicial", "primaria", "secundaria"] as const)],
      languages: language === "es" || random() < 0.5 ? [language] : [language, "es"],
      format,
      sizeMb: null,
      worksOffline: format === "offline-package" || format === "pdf" ? random() < 0.7 : false,
      licence: "simulado",
      url: "https://example.org",
      hubs: [],
    });
  }
  const quality = new Map(
    catalogue.map((r) => [r.id, Math.min(1, Math.max(0.05, 0.55 + 0.25 * normal(random)))]),
  );
  const exposure = catalogue.map(() => Math.exp(normal(random)));
  const people = Array.from({ length: learners }, (): LearnerProfile => ({
    language: pick(random, languages, [70, 20, 4, 3, 2, 1]),
    level: pick(random, ["inicial", "primaria", "secundaria"] as const, [15, 45, 40]),
    connectivity: pick(random, CONNECTIVITY, [30, 30, 40]) as Connectivity,
    device: pick(random, DEVICES, [15, 10, 10, 40, 15, 10]) as Device,
  }));
  // Each learner rates 12 resources they could use among those shown to them (popular ones are
  // shown more often): people rate what they used.
  const train = new Map<
    string,
    { ratings: number; ratingSum: number; usefulVotes: number; useful: number }
  >();
  const heldOut: Array<{ learner: LearnerProfile; relevance: Map<string, number> }> = [];
  let trainVotes = 0;
  let heldOutVotes = 0;
  for (const learner of people) {
    const shown = new Set<number>();
    for (let tries = 0; shown.size < 12 && tries < 2000; tries++) {
      const k = catalogue.indexOf(pick(random, catalogue, exposure));
      if (trueUtility(catalogue[k]!, learner, 1) > 0) shown.add(k);
    }
    const relevance = new Map<string, number>();
    for (const k of shown) {
      const resource = catalogue[k]!;
      const u = trueUtility(resource, learner, quality.get(resource.id)!);
      const rating = Math.min(5, Math.max(1, Math.round(1 + 4 * u + normal(random, 0, 0.6))));
      if (random() < 0.3) {
        relevance.set(resource.id, rating - 1);
        heldOutVotes++;
      } else {
        const entry = train.get(resource.id) ?? {
          ratings: 0,
          ratingSum: 0,
          usefulVotes: 0,
          useful: 0,
        };
        entry.ratings++;
        entry.ratingSum += rating;
        entry.usefulVotes++;
        entry.useful += rating >= 4 ? 1 : 0;
        train.set(resource.id, entry);
        trainVotes++;
      }
    }
    if ([...relevance.values()].some((g) => g > 0)) heldOut.push({ learner, relevance });
  }
  const feedback: FeedbackSummary[] = [...train].map(([resourceId, f]) => ({ resourceId, ...f }));
  // Ranked over the held-out items of each learner (the usual protocol for held-out ratings: the
  // other items have no known relevance).
  let model = 0;
  let fitOnly = 0;
  let pop = 0;
  const started = performance.now();
  for (const { learner, relevance } of heldOut) {
    const candidates = catalogue.filter((r) => relevance.has(r.id));
    model += ndcgAt(
      10,
      recommend(candidates, learner, feedback, 10).map((r) => r.resource.id),
      relevance,
    );
    fitOnly += ndcgAt(
      10,
      recommend(candidates, learner, [], 10).map((r) => r.resource.id),
      relevance,
    );
    pop += ndcgAt(
      10,
      popularity(candidates, feedback, 10).map((r) => r.id),
      relevance,
    );
  }
  const ms = (performance.now() - started) / (heldOut.length * 3);
  return {
    learners: heldOut.length,
    resources: catalogue.length,
    trainVotes,
    heldOutVotes,
    ndcgModel: model / heldOut.length,
    ndcgFitOnly: fitOnly / heldOut.length,
    ndcgPopularity: pop / heldOut.length,
    msPerRanking: ms,
  };
}
