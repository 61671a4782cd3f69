import { CONNECTIVITY, DEVICES } from "../contract/index.ts";
import type { Resource } from "./resources.ts";

export { CONNECTIVITY, DEVICES };
export type Connectivity = (typeof CONNECTIVITY)[number];
export type Device = (typeof DEVICES)[number];

/** Who the resources are for: a learner, a school or a hub, described by what matters to fit. */
export interface LearnerProfile {
  /** The learner's language (ISO 639: es, qu, ay, cni, agr, shp…). */
  readonly language: string;
  readonly level: Resource["grades"][number] | null;
  readonly connectivity: Connectivity;
  /** The best device at hand; `none`: no digital device (radio, TV or paper only). */
  readonly device: Device;
  readonly subject?: Resource["subject"] | undefined;
}

/** What people said of one resource: ratings (1-5) and "useful" votes. */
export interface FeedbackSummary {
  readonly resourceId: string;
  readonly ratings: number;
  readonly ratingSum: number;
  readonly usefulVotes: number;
  readonly useful: number;
}

type Words = { es: string; en: string };

// What each format needs: the devices it plays on (score by device).
const BROADCAST_OR_PAPER = new Set(["printed", "radio", "tv"]);
const DEVICE_FIT: Record<Device, (format: Resource["format"]) => number> = {
  // No digital device: paper, and radio or television programmes.
  none: (f) => (f === "printed" || f === "radio" || f === "tv" ? 1 : 0),
  radio: (f) => (f === "printed" || f === "radio" ? 1 : 0),
  tv: (f) => (f === "printed" || f === "tv" ? 1 : f === "radio" ? 0.8 : 0),
  phone: (f) => (f === "video" || f === "offline-package" ? 0.7 : f === "tv" ? 0.5 : 1),
  tablet: (f) => (f === "tv" ? 0.5 : 1),
  pc: (f) => (f === "tv" ? 0.5 : 1),
};

/**
 * How well a resource fits a profile, 0 (cannot be used) to 1, with the reasons: the device it
 * needs, the connection (none: only what works offline, offline packs first), the language
 * (castellano as a second language counts less), the level, and the subject when asked.
 */
export function fitOf(
  resource: Resource,
  profile: LearnerProfile,
): { fit: number; reasons: Words[] } {
  const reasons: Words[] = [];
  const device = DEVICE_FIT[profile.device](resource.format);
  if (device === 0) return { fit: 0, reasons };
  if (profile.device === "none" || profile.device === "radio" || profile.device === "tv")
    reasons.push({ es: "no necesita computadora ni celular", en: "needs no computer or phone" });
  const offline = resource.worksOffline || BROADCAST_OR_PAPER.has(resource.format);
  let connection = 1;
  if (profile.connectivity === "none") {
    if (!offline) return { fit: 0, reasons };
    connection =
      resource.format === "offline-package" || BROADCAST_OR_PAPER.has(resource.format) ? 1 : 0.8;
    reasons.push({ es: "funciona sin internet", en: "works offline" });
  } else if (profile.connectivity === "intermittent") {
    connection = offline ? 1 : resource.format === "video" ? 0.3 : 0.5;
    if (offline) reasons.push({ es: "funciona sin internet", en: "works offline" });
  }
  let language = 0.1;
  if (resource.languages.includes(profile.language as never)) {
    language = 1;
    if (profile.language !== "es")
      reasons.push({
        es: `en ${LANGUAGE_ES[profile.language] ?? profile.language}`,
        en: `in ${LANGUAGE_EN[profile.language] ?? profile.language}`,
      });
  } else if (resource.languages.includes("es")) language = 0.4;
  const level = profile.level === null || resource.grades.includes(profile.level) ? 1 : 0.2;
  if (profile.level !== null && level === 1)
    reasons.push({ es: `para ${profile.level}`, en: `for ${profile.level}` });
  const subject =
    !profile.subject || resource.subject === profile.subject || resource.subject === "general"
      ? 1
      : 0.3;
  return { fit: device * connection * language * level * subject, reasons };
}

const LANGUAGE_ES: Record<string, string> = {
  qu: "quechua",
  ay: "aimara",
  cni: "asháninka",
  agr: "awajún",
  shp: "shipibo-konibo",
  en: "inglés",
};
const LANGUAGE_EN: Record<string, string> = {
  qu: "Quechua",
  ay: "Aymara",
  cni: "Asháninka",
  agr: "Awajún",
  shp: "Shipibo-Konibo",
  en: "English",
};

/** Votes a resource needs before its own feedback weighs as much as everyone's average. */
export const PRIOR_VOTES = 5;

/**
 * What feedback says of a resource, 0 to 1: its mean rating and its share of "useful" votes, each
 * shrunk toward the mean over all resources by PRIOR_VOTES imaginary average votes, so that a
 * resource with one enthusiastic vote does not jump ahead of one liked by fifty people.
 */
export function qualityOf(
  summary: FeedbackSummary | undefined,
  all: readonly FeedbackSummary[],
): { quality: number; rating: number | null; votes: number } {
  const totalRatings = all.reduce((n, s) => n + s.ratings, 0);
  // The mean over all resources is itself anchored at the middle of the scale (3 of 5, half
  // useful) by PRIOR_VOTES votes, so that with little feedback overall a first vote still moves
  // its resource away from the others.
  const meanRating =
    (PRIOR_VOTES * 3 + all.reduce((n, s) => n + s.ratingSum, 0)) / (PRIOR_VOTES + totalRatings);
  const totalUseful = all.reduce((n, s) => n + s.usefulVotes, 0);
  const meanUseful =
    (PRIOR_VOTES * 0.5 + all.reduce((n, s) => n + s.useful, 0)) / (PRIOR_VOTES + totalUseful);
  const ratings = summary?.ratings ?? 0;
  const usefulVotes = summary?.usefulVotes ?? 0;
  const rating = (PRIOR_VOTES * meanRating + (summary?.ratingSum ?? 0)) / (PRIOR_VOTES + ratings);
  const useful = (PRIOR_VOTES * meanUseful + (summary?.useful ?? 0)) / (PRIOR_VOTES + usefulVotes);
  return {
    quality: 0.5 * ((rating - 1) / 4) + 0.5 * useful,
    rating: ratings > 0 ? summary!.ratingSum / ratings : null,
    votes: Math.max(ratings, usefulVotes),
  };
}

export interface Recommendation {
  readonly resource: Resource;
  readonly score: number;
  readonly fit: number;
  readonly quality: number;
  /** Mean rating given (unshrunk), and how many people voted. */
  readonly rating: number | null;
  readonly votes: number;
  readonly reasons: readonly Words[];
}

/**
 * Resources ranked for a profile by expected usefulness: fit × quality. Fit decides what can be
 * used at all and what suits best (language, level, connection, device); quality, from feedback
 * shrunk toward the mean, reorders what fits alike and can outweigh a small difference in fit.
 * Resources that cannot be used are left out whatever their ratings.
 */
export function recommend(
  resources: readonly Resource[],
  profile: LearnerProfile,
  feedback: readonly FeedbackSummary[],
  limit = 10,
): Recommendation[] {
  const byId = new Map(feedback.map((f) => [f.resourceId, f]));
  return resources
    .map((resource) => {
      const { fit, reasons } = fitOf(resource, profile);
      const q = qualityOf(byId.get(resource.id), feedback);
      const extra: Words[] =
        q.rating !== null && q.votes > 0
          ? [
              {
                es: `valorado ${q.rating.toFixed(1)}/5 por ${q.votes}`,
                en: `rated ${q.rating.toFixed(1)}/5 by ${q.votes}`,
              },
            ]
          : [];
      return {
        resource,
        score: fit * q.quality,
        fit,
        quality: q.quality,
        rating: q.rating,
        votes: q.votes,
        reasons: [...reasons, ...extra],
      };
    })
    .filter((r) => r.fit > 0)
    .sort((a, b) => b.score - a.score || a.resource.title.localeCompare(b.resource.title, "es"))
    .slice(0, limit);
}

/** Ranked by feedback alone (most "useful" votes, then ratings): the baseline to beat. */
export function popularity(
  resources: readonly Resource[],
  feedback: readonly FeedbackSummary[],
  limit = 10,
): Resource[] {
  const byId = new Map(feedback.map((f) => [f.resourceId, f]));
  const pop = (r: Resource) => (byId.get(r.id)?.useful ?? 0) + (byId.get(r.id)?.ratingSum ?? 0) / 5;
  return [...resources]
    .sort((a, b) => pop(b) - pop(a) || a.title.localeCompare(b.title, "es"))
    .slice(0, limit);
}

/** Normalised discounted cumulative gain of a ranking at k, from the relevance of each item. */
export function ndcgAt(
  k: number,
  ranked: readonly string[],
  relevance: ReadonlyMap<string, number>,
): number {
  const dcg = (gains: readonly number[]) =>
    gains.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...relevance.values()].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked.map((id) => relevance.get(id) ?? 0)) / ideal;
}
