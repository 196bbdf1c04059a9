// Timeline import: one entry point from pasted text or dropped files to events to preview, or
// one clear error. Pure: the person's browser reads the files, this reads their text. Nothing is
// ever half-imported: any malformed line or entry fails the whole import, naming where.
// Formats and the PagerDuty kind mapping are described in docs/import.md.
import type { NewTimelineEvent } from '../board';
import { LIMITS, type TimelineEvent } from '../board';
import { exhaustiveSwitchError } from '../exhaustive';
import { looksLikeSlackCopy, parseSlackCopy } from './chat';
import { parseJson } from './json';
import { looksLikeLogEntry, looksLikeNote, parsePagerDutyLog, parsePagerDutyNotes } from './pagerduty';
import { looksLikeSlackDay, looksLikeSlackExport, parseSlackExport } from './slack';
import { looksLikeCsv, looksLikeTimedLines, parseCsvTimeline, parseTimedLines } from './text';
import { parseDay, parseZone, UTC } from './time';
import {
  IMPORT_FORMAT_LABELS,
  IMPORT_LIMITS,
  ImportFailure,
  fail,
  type ImportedEvent,
  type ImportFile,
  type ImportFormat,
  type ImportInput,
  type ImportResult,
  type ImportWarning,
  type Parsed,
} from './types';

export {
  IMPORT_FORMATS,
  IMPORT_FORMAT_LABELS,
  IMPORT_LIMITS,
  type ImportError,
  type ImportErrorCode,
  type ImportFile,
  type ImportFormat,
  type ImportInput,
  type ImportResult,
  type ImportWarning,
  type ImportedEvent,
  type SourceRef,
} from './types';
export { PAGERDUTY_KINDS } from './pagerduty';
export { renderSlackMarkup } from './slack';
export { parseZone } from './time';

/** Reads a timeline from pasted text or dropped files. Works out the format unless one is given. */
export function parseTimeline(input: ImportInput): ImportResult {
  try {
    return { ok: true, ...read(input) };
  } catch (error) {
    if (error instanceof ImportFailure) return { ok: false, error: error.detail };
    throw error;
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The format this input looks like, or null when it looks like none (or is empty). Cheap enough
 * to call as someone pastes, to show what will be read. */
export function detectFormat(input: Pick<ImportInput, 'text' | 'files'>): ImportFormat | null {
  const files = input.files ?? [];
  if (files.length > 1 || (files.length === 1 && looksLikeSlackExport(files))) return looksLikeSlackExport(files) ? 'slack' : null;
  const text = (files[0]?.text ?? input.text ?? '').replace(/^\uFEFF/, '');
  const name = files[0]?.name ?? '';
  if (text.trim() === '') return null;
  if (/^\s*[[{]/.test(text)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // Chat lines start with a bracketed time ("[14:15] Priya: rolling back"): notes, not JSON.
      if (looksLikeTimedLines(text)) return 'lines';
      // Malformed JSON is still meant as one of the JSON formats; parse it to say where it breaks.
      return /"log_entries"|_log_entry"/.test(text) ? 'pagerduty-log' : /"notes"/.test(text) ? 'pagerduty-notes' : /"ts"\s*:/.test(text) ? 'slack' : null;
    }
    return jsonFormat(json);
  }
  if (/\.csv$/i.test(name) || looksLikeCsv(text)) return 'csv';
  if (looksLikeTimedLines(text)) return 'lines';
  if (looksLikeSlackCopy(text)) return 'slack-copy';
  return null;
}

function jsonFormat(json: unknown): ImportFormat | null {
  if (isObject(json)) {
    if (Array.isArray(json.log_entries)) return 'pagerduty-log';
    if (Array.isArray(json.notes)) return 'pagerduty-notes';
    return null;
  }
  if (!Array.isArray(json) || json.length === 0) return null;
  if (json.some(looksLikeLogEntry)) return 'pagerduty-log';
  if (looksLikeSlackDay(json)) return 'slack';
  if (json.some(looksLikeNote)) return 'pagerduty-notes';
  return null;
}

function read(input: ImportInput): { format: ImportFormat; events: ImportedEvent[]; warnings: ImportWarning[] } {
  const files: readonly ImportFile[] = input.files ?? [];
  const chars = files.reduce((n, f) => n + f.text.length, 0) + (input.text?.length ?? 0);
  if (chars > IMPORT_LIMITS.maxChars) fail('too-large', {}, `This is too much to import at once (more than ${IMPORT_LIMITS.maxChars / 1_000_000} million characters).`);
  if (files.length === 0 && (input.text ?? '').trim() === '') fail('empty', {}, 'There is nothing to import: the text is empty.');
  if (files.length > 0 && files.every((f) => f.text.trim() === '')) {
    fail('empty', {}, files.length === 1 ? `${files[0]!.name} is empty.` : 'Every file is empty.');
  }

  const zone = input.timeZone === undefined || input.timeZone.trim() === '' ? UTC : parseZone(input.timeZone);
  if (!zone) fail('bad-zone', {}, `“${input.timeZone}” is not a time zone. Use UTC, an offset such as +01:00, or a name such as Europe/Berlin.`);
  const baseDay = input.baseDate ? parseDay(input.baseDate) : null;
  if (input.baseDate && !baseDay) fail('bad-row', {}, `“${input.baseDate}” is not a date such as 2026-11-03.`);

  const format = input.format ?? detectFormat(input);
  if (!format) {
    // Meant as JSON but broken: say where, which helps more than "not a format we read".
    const only = files.length === 1 ? files[0]! : files.length === 0 ? { name: '', text: input.text ?? '' } : null;
    if (only && /^\s*[[{]/.test(only.text.replace(/^\uFEFF/, ''))) parseJson(only.text, only.name ? { file: only.name } : {});
    if (files.length > 1) fail('unknown-format', {}, 'Drop one file at a time, or a whole Slack channel folder with its users.json.');
    fail(
      'unknown-format',
      files[0] ? { file: files[0].name } : {},
      `${files[0] ? 'this' : 'This'} is not a format we can read. We read a PagerDuty incident log or notes (JSON), a Slack channel export, a CSV file with a header row (time, text), messages copied from Slack (a “Name  2:15 PM” line, then the message), or notes with a time at the start of each line (14:02 paged on-call).`,
    );
  }
  if (format !== 'slack' && files.length > 1) fail('unknown-format', {}, `Drop one file at a time for ${IMPORT_FORMAT_LABELS[format]}.`);
  const text = files[0]?.text ?? input.text ?? '';
  const where = files[0] ? { file: files[0].name } : {};

  let result: Parsed;
  switch (format) {
    case 'pagerduty-log':
      result = parsePagerDutyLog(parseJson(text, where), zone);
      break;
    case 'pagerduty-notes':
      result = parsePagerDutyNotes(parseJson(text, where), zone);
      break;
    case 'slack':
      result = parseSlackExport(files.length > 0 ? files : [{ name: 'messages/2000-01-01.json', text }]);
      break;
    case 'slack-copy':
      result = parseSlackCopy(text, baseDay, zone);
      break;
    case 'csv':
      result = parseCsvTimeline(text, baseDay, zone);
      break;
    case 'lines':
      result = parseTimedLines(text, baseDay, zone);
      break;
    default:
      return exhaustiveSwitchError(format);
  }
  const { events, warnings } = result;
  if (events.length === 0) fail('no-events', where, `Nothing to import: no events were found in this ${IMPORT_FORMAT_LABELS[format]}.`);
  if (events.length > IMPORT_LIMITS.maxEvents) {
    fail('too-many', where, `This has ${events.length} events; one import takes at most ${IMPORT_LIMITS.maxEvents}. Split it into parts.`);
  }
  for (const event of events) {
    if (event.text.length > LIMITS.noteLength) {
      event.text = cut(event.text, LIMITS.noteLength);
      warnings.push({ ...event.source, message: `Text longer than ${LIMITS.noteLength} characters was shortened (${placeOf(event)}).` });
    }
  }
  if (result.usedDefaultZone && (input.timeZone === undefined || input.timeZone.trim() === '')) {
    warnings.push({ message: 'Times without a zone were read as UTC. If they were local times, choose their zone.' });
  }
  // In time order, to the second where the source has seconds; ties keep their order in the source.
  const { instants } = result;
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => instants[a.i]! - instants[b.i]! || a.i - b.i).map(({ e }) => e);
  return { format, events: sorted, warnings };
}

const placeOf = (e: ImportedEvent) => (e.source.line !== undefined ? `line ${e.source.line}` : `entry ${e.source.entry}`);

/** Shortens to at most `max` characters (whole code points), ending with an ellipsis. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export interface TimelineInputOptions {
  /** Start each event's text with who did it ("Priya N.: rolling back"), unless the text already
   * names them. Default true: the board's events have no separate author. */
  withActor?: boolean;
  /** Add the event's link on a line of its own. Default true. */
  withLink?: boolean;
  /** Carry the suggested markers, moving any the board already has. Default false. */
  withMarkers?: boolean;
}

/** The events a person ticked, as `addEvents` takes them (each within the note length limit). */
export function toTimelineInputs(events: readonly ImportedEvent[], options: TimelineInputOptions = {}): NewTimelineEvent[] {
  const { withActor = true, withLink = true, withMarkers = false } = options;
  return events.map((e) => {
    let text = e.text;
    if (withActor && e.actor && !text.toLowerCase().includes(e.actor.toLowerCase())) text = `${e.actor}: ${text}`;
    const link = withLink && e.link ? `\n${e.link}` : '';
    text = cut(text, LIMITS.noteLength - link.length) + link;
    const input: NewTimelineEvent = { time: e.time, kind: e.kind, text };
    if (withMarkers && e.marker) input.marker = e.marker;
    return input;
  });
}

/** Which imported events the board already has (the same minute and the same words, ignoring
 * case and spacing), so a second import of the same log can start with them unticked. */
export function alreadyOnBoard(events: readonly ImportedEvent[], board: ReadonlyArray<Pick<TimelineEvent, 'time' | 'text'>>, options: TimelineInputOptions = {}): boolean[] {
  const key = (time: string, text: string) => `${time} ${text.toLowerCase().replace(/\s+/g, ' ').trim()}`;
  const existing = new Set(board.map((e) => key(e.time, e.text)));
  const inputs = toTimelineInputs(events, { ...options, withMarkers: false });
  return events.map((e, i) => existing.has(key(e.time, e.text)) || existing.has(key(inputs[i]!.time, inputs[i]!.text)));
}
