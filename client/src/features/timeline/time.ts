// Reading and showing event times. The board stores UTC to the minute (`YYYY-MM-DDTHH:MMZ`);
// people type "14:02" (on the day the timeline is about) or a full "2026-11-03 14:02", and see
// UTC first with their own zone on hover.
import { isCalendarDate, isEventTime } from '../../../../shared/board';
import { displayLocale, displayTimeZone } from '../../services/locale';

export type ParsedTime = { ok: true; time: string } | { ok: false; message: string };

const CLOCK = /^(\d{1,2})[:.h](\d{2})$/;
const FULL = /^(\d{4}-\d{2}-\d{2})(?:\s+|T)(\d{1,2})[:.](\d{2})(?::\d{2})?\s*(?:z|utc)?$/i;

export const TIME_FORMAT_HELP = 'Type a UTC time such as 14:02, or a date and time such as 2026-11-03 14:02.';

/** Reads what someone typed as a UTC minute; a bare clock time falls on `defaultDate`. */
export function parseUtcInput(input: string, defaultDate: string): ParsedTime {
  const text = input.trim().replace(/\s*(?:utc|z)$/i, '');
  if (text === '') return { ok: false, message: 'Add a time: when did this happen, in UTC?' };
  let date: string;
  let hh: number;
  let mm: number;
  const clock = CLOCK.exec(text);
  const full = FULL.exec(input.trim());
  if (clock) {
    date = defaultDate;
    hh = Number(clock[1]);
    mm = Number(clock[2]);
  } else if (full) {
    date = full[1]!;
    hh = Number(full[2]);
    mm = Number(full[3]);
    if (!isCalendarDate(date)) return { ok: false, message: `${date} is not a real date. ${TIME_FORMAT_HELP}` };
  } else {
    return { ok: false, message: `“${input.trim().slice(0, 40)}” is not a time Debrief can read. ${TIME_FORMAT_HELP}` };
  }
  if (hh > 23 || mm > 59) {
    return { ok: false, message: `${pad(hh)}:${pad(mm)} is not a time of day: hours run 00–23 and minutes 00–59.` };
  }
  const time = `${date}T${pad(hh)}:${pad(mm)}Z`;
  if (!isEventTime(time)) return { ok: false, message: TIME_FORMAT_HELP };
  return { ok: true, time };
}

const pad = (n: number) => String(n).padStart(2, '0');

const toDate = (time: string) => new Date(time.replace('Z', ':00Z'));

/** "14:02" (UTC). */
export const clockUtc = (time: string) => time.slice(11, 16);

/** "2026-11-03 14:02" — the form the time editor shows. */
export const editableUtc = (time: string) => `${time.slice(0, 10)} ${time.slice(11, 16)}`;

// Formatters are built once per locale and zone: making one per call costs more than the
// formatting itself, and a long timeline formats hundreds of times on first render. The locale and
// zone are the browser's, or the reader's while the server draws a first screen (services/locale.ts).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(name: 'dayUtc' | 'dateUtc' | 'localClock' | 'localDay'): Intl.DateTimeFormat {
  const locale = displayLocale();
  const zone = displayTimeZone();
  const key = `${name}|${locale ?? ''}|${zone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    // The server draws for whatever languages and zones its readers have: a bounded set.
    if (formatters.size >= 64) formatters.clear();
    const local = zone ? { timeZone: zone } : {};
    const options: Intl.DateTimeFormatOptions =
      name === 'dayUtc'
        ? { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }
        : name === 'dateUtc'
          ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }
          : name === 'localClock'
            ? { hour: '2-digit', minute: '2-digit', timeZoneName: 'short', ...local }
            : { weekday: 'short', day: 'numeric', month: 'short', ...local };
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** "Tue 3 Nov" (UTC day). */
export function dayUtc(time: string): string {
  return formatter('dayUtc').format(toDate(time));
}

/** "Tue 3 Nov 2026, 14:02 UTC". */
export function longUtc(time: string): string {
  return `${formatter('dateUtc').format(toDate(time))}, ${clockUtc(time)} UTC`;
}

/** "15:02 CET, Tue 3 Nov (your time)" — the same moment in the viewer's zone. */
export function localTime(time: string): string {
  const d = toDate(time);
  return `${formatter('localClock').format(d)}, ${formatter('localDay').format(d)} (your time)`;
}

/** "+12 min", "+2 h 05 min", "+3 d" between two event times. */
export function gapLabel(from: string, to: string): string {
  const minutes = Math.round((toDate(to).getTime() - toDate(from).getTime()) / 60_000);
  if (minutes < 60) return `+${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `+${hours} h${minutes % 60 ? ` ${pad(minutes % 60)} min` : ''}`;
  return `+${Math.round(hours / 24)} d`;
}

export const todayUtc = () => new Date().toISOString().slice(0, 10);
