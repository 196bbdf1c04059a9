// Reading the times people and tools write, and turning them into the board's UTC minutes.
// Strict on purpose: a time we are not sure of stops the import with its line named, rather than
// landing an hour off on the timeline. Zones are fixed offsets or IANA names (through Intl, which
// both browsers and Node carry).
import { isCalendarDate, isEventTime, toEventTime } from '../board';

/** A time zone: turns a wall-clock reading in it into milliseconds since the epoch. */
export interface Zone {
  /** As the person wrote it, for messages. */
  readonly name: string;
  toUtc(fields: WallClock): number;
}

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

export interface WallClock extends CalendarDay {
  hour: number;
  minute: number;
  second: number;
}

const fixed = (name: string, offsetMinutes: number): Zone => ({
  name,
  toUtc: (f) => Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - offsetMinutes * 60_000,
});

export const UTC: Zone = fixed('UTC', 0);

const OFFSET = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** A zone from what a person wrote: `UTC`, `Z`, `GMT`, an offset (`+01:00`, `-0500`, `UTC+2`) or
 * an IANA name (`Europe/Berlin`). Null for anything else. */
export function parseZone(value: string): Zone | null {
  const name = value.trim();
  if (/^(z|utc|gmt)$/i.test(name)) return UTC;
  const m = OFFSET.exec(name);
  if (m) {
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    if (Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return null;
    return fixed(name, m[1] === '-' ? -minutes : minutes);
  }
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return null;
  return ianaZone(name);
}

function ianaZone(name: string): Zone | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return null;
  }
  /** How far the zone's clock is ahead of UTC at instant `ms`. */
  const offsetAt = (ms: number): number => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
    return asUtc - Math.floor(ms / 1000) * 1000;
  };
  return {
    name,
    toUtc: (f) => {
      // The wall clock read as if it were UTC, corrected by the zone's offset near that instant,
      // then once more in case the first guess fell on the other side of a clock change. In a
      // repeated hour this gives the first of the two; in a skipped hour, the time just after.
      const local = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
      const first = local - offsetAt(local);
      return local - offsetAt(first);
    },
  };
}

/** A time at the start of some text: a date and time, or a time of day only. */
export interface TimeToken {
  /** Characters the time took up. */
  length: number;
  /** As written, for messages. */
  written: string;
  day: CalendarDay | null;
  hour: number;
  minute: number;
  second: number;
  /** The zone written with the time, if any. */
  zone: Zone | null;
}

// A date, then `T` or a space, then a time; or a time alone. Seconds and fractions are allowed
// and dropped (the board keeps minutes). A zone may follow: Z, UTC, GMT or an offset with
// minutes (`+01:00`, `+0100`; a bare `+01` only when attached, since "14:02 +10 people" is not a zone).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:(Z|[+-]\d{2}(?::?\d{2})?)|\s?(UTC|GMT)|\s([+-]\d{2}:?\d{2}))?(?!\w|:\d)/i;
// A time of day alone takes an offset only after a space: "10:00-10:05" is a range, not a zone.
const CLOCK =
  /^(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:\s?([ap])\.?m\.?)?(?:(Z)|\s?(UTC|GMT)|\s([+-]\d{2}:?\d{2}))?(?!\w|:\d)/i;

/** Reads a time at the very start of `text`, or null if there is none. Throws nothing: a time
 * that is the right shape but impossible (25:10, 2026-02-30) comes back with `valid: false`. */
export function readTimeToken(text: string): (TimeToken & { valid: boolean }) | null {
  let m = DATE_TIME.exec(text);
  if (m) {
    const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    const zoneText = m[7] ?? m[8] ?? m[9];
    const zone = zoneText ? parseZone(zoneText) : null;
    const token = { length: m[0].length, written: m[0], day, hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0), zone };
    return { ...token, valid: isRealDay(day) && isRealClock(token) && (zoneText === undefined || zone !== null) };
  }
  m = CLOCK.exec(text);
  if (m) {
    let hour = Number(m[1]);
    const meridiem = m[4]?.toLowerCase();
    let valid = true;
    if (meridiem) {
      if (hour < 1 || hour > 12) valid = false;
      hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
    }
    const zoneText = m[5] ?? m[6] ?? m[7];
    const zone = zoneText ? parseZone(zoneText) : null;
    const token = { length: m[0].length, written: m[0], day: null, hour, minute: Number(m[2]), second: Number(m[3] ?? 0), zone };
    return { ...token, valid: valid && isRealClock(token) && (zoneText === undefined || zone !== null) };
  }
  return null;
}

const isRealDay = (d: CalendarDay) => isCalendarDate(formatDay(d));
const isRealClock = (t: { hour: number; minute: number; second: number }) =>
  t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 && t.second <= 60;

export const formatDay = (d: CalendarDay) =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** A `YYYY-MM-DD` date as a calendar day, or null. */
export function parseDay(value: string): CalendarDay | null {
  if (!isCalendarDate(value)) return null;
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5, 7)), day: Number(value.slice(8, 10)) };
}

export function nextDay(d: CalendarDay): CalendarDay {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** The board's time for an instant, or null if it has no `YYYY-MM-DDTHH:MMZ` form (before year
 * 0000 or after 9999). */
export function eventTimeOf(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return null;
  const time = toEventTime(date);
  return isEventTime(time) ? time : null;
}

/** Times of day move forward through a log; one that goes back by more than this is taken to be
 * on the next day (23:58, then 00:03). Smaller steps back are notes written a little out of order. */
export const MIDNIGHT_ROLLOVER_MINUTES = 12 * 60;

/** Puts times on days as a log is read top to bottom: a time with a date sets the day; a time of
 * day alone falls on the current day, moving to the next when the clock goes back past midnight. */
export class TimelineClock {
  private day: CalendarDay | null;
  private lastMinuteOfDay: number | null = null;
  /** Whether any time was read in the default zone because it had none. */
  usedDefaultZone = false;

  constructor(
    baseDay: CalendarDay | null,
    private readonly zone: Zone,
  ) {
    this.day = baseDay;
  }

  /** The UTC instant of a token, or a reason it has none (`needs-date`). */
  place(token: TimeToken): { ms: number } | { needsDate: true } {
    const minuteOfDay = token.hour * 60 + token.minute;
    if (token.day) {
      this.day = token.day;
    } else {
      if (!this.day) return { needsDate: true };
      if (this.lastMinuteOfDay !== null && minuteOfDay < this.lastMinuteOfDay - MIDNIGHT_ROLLOVER_MINUTES) this.day = nextDay(this.day);
    }
    this.lastMinuteOfDay = minuteOfDay;
    const zone = token.zone ?? this.zone;
    if (!token.zone) this.usedDefaultZone = true;
    return { ms: zone.toUtc({ ...this.day, hour: token.hour, minute: token.minute, second: token.second }) };
  }
}

/** Reads a whole timestamp as APIs write it (`2026-11-03T14:07:12Z`, `…-05:00`, with or without
 * fractions of a second) into milliseconds; a timestamp without a zone is read in `zone`. Null
 * when it is anything else. */
export function parseTimestamp(value: string, zone: Zone): { ms: number; hadZone: boolean } | null {
  const token = readTimeToken(value.trim());
  if (!token || !token.valid || !token.day || token.length !== value.trim().length) return null;
  const z = token.zone ?? zone;
  return { ms: z.toUtc({ ...token.day, hour: token.hour, minute: token.minute, second: token.second }), hadZone: token.zone !== null };
}
