// What every record type shares: the schema version, the limits, and the formats of times,
// dates and links. Each record's own vocabulary lives in its folder (events/schema.ts, ...).

/** Bumped with each entry in migrations.ts. */
export const SCHEMA_VERSION = 3;

/** Limits that keep one note from swallowing a board. */
export const LIMITS = {
  titleLength: 200,
  noteLength: 2_000,
  summaryLength: 20_000,
  ownerLength: 100,
  nameLength: 60,
  clusterNameLength: 100,
  maxVoteBudget: 20,
  checkinLength: 300,
} as const;

const EVENT_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})Z$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real UTC minute written `YYYY-MM-DDTHH:MMZ`. */
export function isEventTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  // Every read of the timeline checks every event's time: keep the answers (bounded).
  const known = eventTimeChecks.get(value);
  if (known !== undefined) return known;
  const d = EVENT_TIME.test(value) ? new Date(value.replace('Z', ':00Z')) : null;
  const ok = d !== null && !Number.isNaN(d.getTime()) && toEventTime(d) === value;
  if (eventTimeChecks.size >= 10_000) eventTimeChecks.clear();
  eventTimeChecks.set(value, ok);
  return ok;
}
const eventTimeChecks = new Map<string, boolean>();

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Formats a Date as an event time, truncated to the minute, in UTC. */
export function toEventTime(date: Date): string {
  return `${date.toISOString().slice(0, 16)}Z`;
}

/** Milliseconds since the epoch for an event time. */
export function eventTimeMs(time: string): number {
  return Date.parse(time.replace('Z', ':00Z'));
}

/** True for an http(s) URL. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2_000) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
