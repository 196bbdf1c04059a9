// The two text formats: a spreadsheet saved as CSV (with a header row), and notes typed during
// the incident, one event per line starting with its time ("14:02 paged on-call").
import type { EventKind } from '../board';
import { EVENT_KINDS, EVENT_KIND_LABELS, isHttpUrl } from '../board';
import { eventTimeOf, parseDay, readTimeToken, TimelineClock, UTC, type CalendarDay, type Zone } from './time';
import { fail, type ImportedEvent, type ImportWarning, type Parsed } from './types';

const lineBreaks = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

// ---------------------------------------------------------------------------------------------
// Plain lines.

/** A line's leading decoration, before its time: a list bullet or an opening bracket. */
const LEAD = /^\s*(?:[-*•]\s+)?\[?/;
/** Between the time and the words: a closing bracket, then a dash, colon or bar. */
const SEPARATOR = /^\]?\s*(?:[-–—:|]\s*)?/;

/** True when most of the first lines with words start with a time (a title line above them is
 * still these notes, and gets its own error). */
export function looksLikeTimedLines(text: string): boolean {
  const first = lineBreaks(text).split('\n').filter((l) => l.trim() !== '' && !/^\s/.test(l)).slice(0, 10);
  const timed = first.filter((l) => readTimeToken(l.replace(LEAD, '')) !== null).length;
  return timed > 0 && timed * 2 >= first.length;
}

/** Reads notes with a time at the start of each line. A line without a time continues the event
 * above it (notes wrap); one before any timed line is an error, since it would belong nowhere. */
export function parseTimedLines(text: string, baseDay: CalendarDay | null, zone: Zone): Parsed {
  const clock = new TimelineClock(baseDay, zone);
  const events: ImportedEvent[] = [];
  const instants: number[] = [];
  const warnings: ImportWarning[] = [];
  const lines = lineBreaks(text).split('\n');
  let timeOnly = 0;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const rest = raw.replace(LEAD, '');
    const token = readTimeToken(rest);
    if (!token) {
      const previous = events[events.length - 1];
      if (!previous) {
        fail('bad-row', { line }, `“${preview(raw)}” does not start with a time such as 14:02 or 2026-11-03T14:02Z. Every event needs one.`);
      }
      previous.text = `${previous.text}\n${raw.trim()}`;
      warnings.push({ line, message: `Line ${line} has no time, so it was added to the event on line ${previous.source.line}.` });
      return;
    }
    if (!token.valid) fail('bad-time', { line }, `“${token.written.trim()}” is not a real time.`);
    const placed = clock.place(token);
    if ('needsDate' in placed) {
      fail('needs-date', { line }, `${token.written.trim()} is a time of day without a date. Choose the incident date so we know which day it falls on.`);
    }
    const time = eventTimeOf(placed.ms);
    if (!time) fail('bad-time', { line }, `“${token.written.trim()}” is outside the years the board can show.`);
    const words = rest.slice(token.length).replace(SEPARATOR, '').trim();
    if (!words) {
      timeOnly++;
      return;
    }
    events.push({ time, text: words, kind: 'other', preselected: true, source: { line } });
    instants.push(placed.ms);
  });
  if (timeOnly > 0) warnings.push({ message: `Left out ${timeOnly === 1 ? 'one line' : `${timeOnly} lines`} with a time but no words.` });
  return { events, instants, warnings, usedDefaultZone: clock.usedDefaultZone };
}

const preview = (s: string) => (s.trim().length > 40 ? `${s.trim().slice(0, 39)}…` : s.trim());

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180: fields separated by commas, a field in double quotes may hold commas, line
// breaks and doubled quotes).

export interface CsvRecord {
  fields: string[];
  /** Line the record starts on. */
  line: number;
}

/** Splits CSV text into records. Lenient where RFC 4180 is silent (a quote inside an unquoted
 * field is kept as a character); fails only on a quoted field that never closes. */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const src = lineBreaks(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' && field.trim() === '') {
      // A quoted field (spaces before the quote are dropped): runs to the next quote not doubled.
      field = '';
      const quotedAt = line;
      i++;
      for (;;) {
        if (i >= src.length) fail('bad-row', { line: quotedAt }, 'a value opened with a double quote (") is never closed.');
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      // Anything between the closing quote and the next delimiter is kept, as spreadsheets do.
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\n') {
      endRecord();
      line++;
      recordLine = line;
      i++;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

type Column = 'time' | 'text' | 'kind' | 'actor' | 'link' | 'date';
/** Header names read as each column, compared without case, spaces or punctuation. */
const COLUMN_NAMES: Record<Column, string[]> = {
  time: ['time', 'timeutc', 'timestamp', 'when', 'datetime', 'at', 'createdat', 'occurredat', 'starttime'],
  text: ['text', 'event', 'description', 'what', 'whathappened', 'message', 'summary', 'note', 'notes', 'details', 'entry'],
  kind: ['kind', 'type', 'category', 'eventtype', 'eventkind'],
  actor: ['actor', 'who', 'by', 'user', 'author', 'person', 'responder', 'name'],
  link: ['link', 'url', 'href', 'ticket', 'source'],
  date: ['date', 'day'],
};
const normaliseHeader = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Kind words people put in a spreadsheet, beyond our own names and labels. */
const KIND_WORDS: Record<string, EventKind> = {
  alert: 'detection',
  detect: 'detection',
  detected: 'detection',
  trigger: 'detection',
  page: 'detection',
  response: 'action',
  respond: 'action',
  acknowledge: 'action',
  ack: 'action',
  mitigation: 'action',
  mitigate: 'action',
  fix: 'action',
  comms: 'communication',
  comm: 'communication',
  communications: 'communication',
  statusupdate: 'communication',
  update: 'communication',
  resolve: 'resolution',
  resolved: 'resolution',
  recovery: 'resolution',
  note: 'other',
  annotation: 'other',
  '': 'other',
};

function kindOf(value: string): EventKind | null {
  const word = normaliseHeader(value);
  for (const kind of EVENT_KINDS) if (word === kind || word === normaliseHeader(EVENT_KIND_LABELS[kind])) return kind;
  return KIND_WORDS[word] ?? null;
}

/** True when the first line looks like a CSV header naming a time column and a text column. */
export function looksLikeCsv(text: string): boolean {
  const first = lineBreaks(text).split('\n').find((l) => l.trim() !== '');
  if (!first) return false;
  const delimiter = guessDelimiter(first);
  const names = first.split(delimiter).map((h) => normaliseHeader(h.replace(/^"|"$/g, '')));
  return names.length >= 2 && names.some((n) => COLUMN_NAMES.time.includes(n)) && names.some((n) => COLUMN_NAMES.text.includes(n));
}

/** Comma, or semicolon or tab when the header has more of those (spreadsheets in many locales
 * save CSV with semicolons). */
function guessDelimiter(header: string): string {
  const count = (d: string) => header.split(d).length - 1;
  const best = [',', ';', '\t'].map((d) => ({ d, n: count(d) })).sort((a, b) => b.n - a.n)[0]!;
  return best.n > 0 ? best.d : ',';
}

/** Reads a CSV file with a header row. */
export function parseCsvTimeline(text: string, baseDay: CalendarDay | null, zone: Zone): Parsed {
  const src = lineBreaks(text);
  const headerLine = src.split('\n').find((l) => l.trim() !== '') ?? '';
  const records = parseCsv(src, guessDelimiter(headerLine));
  const header = records[0];
  if (!header) fail('empty', {}, 'the file is empty.');
  const warnings: ImportWarning[] = [];

  const columns: Partial<Record<Column, number>> = {};
  const unknown: string[] = [];
  header.fields.forEach((name, index) => {
    const n = normaliseHeader(name);
    const column = (Object.keys(COLUMN_NAMES) as Column[]).find((c) => COLUMN_NAMES[c].includes(n));
    if (!column) {
      if (name.trim()) unknown.push(name.trim());
      return;
    }
    if (columns[column] !== undefined) {
      fail('bad-row', { line: header.line }, `two columns are both read as the ${column}: “${header.fields[columns[column]!]!.trim()}” and “${name.trim()}”. Rename one.`);
    }
    columns[column] = index;
  });
  for (const needed of ['time', 'text'] as const) {
    if (columns[needed] === undefined) {
      fail('missing-column', { line: header.line }, `the header has no ${needed} column. Name one of the columns ${COLUMN_NAMES[needed].slice(0, 4).map((n) => `“${n}”`).join(', ')} (the header is: ${header.fields.map((f) => f.trim()).join(', ')}).`);
    }
  }
  if (unknown.length > 0) warnings.push({ line: header.line, message: `Columns not imported: ${unknown.join(', ')}.` });

  // A time column headed "Time (UTC)" says its zone, whatever the default.
  const timeHeader = header.fields[columns.time!]!;
  const headerZone = /\b(utc|gmt)\b/i.test(timeHeader) ? UTC : null;
  const clock = new TimelineClock(baseDay, headerZone ?? zone);
  const events: ImportedEvent[] = [];
  const instants: number[] = [];
  const unknownKinds = new Map<string, number[]>();
  const badLinks: number[] = [];
  for (const record of records.slice(1)) {
    const { line, fields } = record;
    if (fields.every((f) => f.trim() === '')) continue;
    if (fields.length > header.fields.length && fields.slice(header.fields.length).some((f) => f.trim() !== '')) {
      fail('bad-row', { line }, `${fields.length} values, but the header has ${header.fields.length} columns. Put text that contains commas in double quotes.`);
    }
    const cell = (c: Column) => (columns[c] === undefined ? '' : (fields[columns[c]!] ?? '').trim());
    const written = cell('time');
    if (!written) fail('bad-time', { line }, 'no time.');
    const { time, at } = readCellTime(written, cell('date'), clock, line);
    const words = cell('text');
    if (!words) fail('bad-row', { line }, `a time (${written}) but no text.`);
    const kindCell = cell('kind');
    let kind = kindOf(kindCell);
    if (kind === null) {
      const lines = unknownKinds.get(kindCell) ?? [];
      lines.push(line);
      unknownKinds.set(kindCell, lines);
      kind = 'other';
    }
    const event: ImportedEvent = { time, text: words, kind, preselected: true, source: { line } };
    const actor = cell('actor');
    if (actor) event.actor = actor;
    const link = cell('link');
    if (link) {
      if (isHttpUrl(link)) event.link = link;
      else badLinks.push(line);
    }
    events.push(event);
    instants.push(at);
  }
  for (const [word, lines] of unknownKinds) {
    warnings.push({ line: lines[0]!, message: `Kind “${word}” (${plural(lines.length, 'line')} ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ', …' : ''}) is not one we know, so it was imported as Other.` });
  }
  if (badLinks.length > 0) {
    warnings.push({ line: badLinks[0]!, message: `Links that are not http(s) addresses were left out (${plural(badLinks.length, 'line')} ${badLinks.slice(0, 5).join(', ')}${badLinks.length > 5 ? ', …' : ''}).` });
  }
  return { events, instants, warnings, usedDefaultZone: clock.usedDefaultZone && headerZone === null };
}

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);

/** A time cell: an ISO or `YYYY-MM-DD HH:MM` timestamp, a time of day (with the date column or
 * the base date), or seconds (or milliseconds) since 1970 from an exporting tool. */
function readCellTime(written: string, dateCell: string, clock: TimelineClock, line: number): { time: string; at: number } {
  if (/^\d{10}$|^\d{13}$/.test(written)) {
    const at = Number(written) * (written.length === 10 ? 1000 : 1);
    const time = eventTimeOf(at);
    if (time) return { time, at };
  }
  let text = written;
  if (dateCell) {
    const day = parseDay(dateCell);
    if (!day) fail('bad-time', { line }, `cannot read the date “${dateCell}”. Write dates as 2026-11-03.`);
    if (!/^\d{4}-/.test(written)) text = `${dateCell} ${written}`;
  }
  const token = readTimeToken(text);
  if (!token || token.length !== text.length) {
    fail('bad-time', { line }, `cannot read the time “${written}”. Write times as 14:02, 2026-11-03 14:02 or 2026-11-03T14:02Z.`);
  }
  if (!token.valid) fail('bad-time', { line }, `“${written}” is not a real time.`);
  const placed = clock.place(token);
  if ('needsDate' in placed) fail('needs-date', { line }, `${written} is a time of day without a date. Choose the incident date, or add a date column.`);
  const time = eventTimeOf(placed.ms);
  if (!time) fail('bad-time', { line }, `“${written}” is outside the years the board can show.`);
  return { time, at: placed.ms };
}
