import { UsageError } from "../errors/index.ts";

/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), evaluated in UTC:
 * `*`, numbers, ranges `a-b`, lists `a,b`, steps `*\/n` and `a-b/n`; day-of-week 0-7 with 0 and 7
 * both Sunday. As in classic cron, when both day fields are restricted a day matches either.
 * Lima is UTC-5 all year: 03:00 in Lima is `0 8 * * *`.
 */
export interface CronSchedule {
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  readonly dayRestricted: boolean;
  readonly weekdayRestricted: boolean;
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

function parseField(text: string, field: (typeof FIELDS)[number], expression: string): Set<number> {
  const out = new Set<number>();
  const bad = (why: string) =>
    new UsageError(
      "BRECHA_USAGE",
      `cron "${expression}": the ${field.name} field "${text}" ${why} (allowed ${field.min}-${field.max}, *, a-b, a,b, */n)`,
    );
  for (const part of text.split(",")) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw bad("is not understood");
    const step = m[4] === undefined ? 1 : Number(m[4]);
    if (step < 1) throw bad("has a step below 1");
    let lo: number = field.min;
    let hi: number = field.max;
    if (m[1] !== "*") {
      lo = Number(m[2]);
      hi = m[3] === undefined ? (m[4] === undefined ? lo : field.max) : Number(m[3]);
    }
    if (lo < field.min || hi > field.max || lo > hi) throw bad("is out of range");
    for (let v = lo; v <= hi; v += step) out.add(field.name === "day of week" && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new UsageError(
      "BRECHA_USAGE",
      `cron "${expression}" must have 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`,
    );
  const [minutes, hours, days, months, weekdays] = parts.map((p, i) =>
    parseField(p, FIELDS[i]!, expression),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  return {
    expression,
    minutes,
    hours,
    days,
    months,
    weekdays,
    dayRestricted: parts[2] !== "*",
    weekdayRestricted: parts[4] !== "*",
  };
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.days.has(d.getUTCDate());
  const dow = s.weekdays.has(d.getUTCDay());
  if (s.dayRestricted && s.weekdayRestricted) return dom || dow;
  if (s.dayRestricted) return dom;
  if (s.weekdayRestricted) return dow;
  return true;
}

/** The first minute strictly after `after` that the schedule matches (searches up to 5 years). */
export function nextRun(schedule: CronSchedule, after: Date): Date {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 5 * 366 * 24 * 3600 * 1000;
  while (t.getTime() <= limit) {
    if (!schedule.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!dayMatches(schedule, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!schedule.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
      continue;
    }
    if (!schedule.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
      continue;
    }
    return t;
  }
  throw new UsageError("BRECHA_USAGE", `cron "${schedule.expression}" never matches a real date`);
}
