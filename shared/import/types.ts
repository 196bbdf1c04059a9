// The shapes of a timeline import: what goes in (pasted text, or dropped files), what comes out
// (events ready to preview, or one clear error), and the formats understood.
import type { EventKind, MarkerName } from '../board';

export type ImportFormat = 'pagerduty-log' | 'pagerduty-notes' | 'slack' | 'slack-copy' | 'csv' | 'lines';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['pagerduty-log', 'pagerduty-notes', 'slack', 'slack-copy', 'csv', 'lines'];
export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  'pagerduty-log': 'PagerDuty incident log',
  'pagerduty-notes': 'PagerDuty incident notes',
  slack: 'Slack channel export',
  'slack-copy': 'Messages copied from Slack',
  csv: 'Spreadsheet (CSV)',
  lines: 'Notes with times',
};

/** One dropped file. `name` may include its folder (`incident-4812/2026-11-03.json`), as a
 * folder drop gives it; Slack exports need the folder to tell channels apart. */
export interface ImportFile {
  name: string;
  text: string;
}

export interface ImportInput {
  /** Pasted text, or one file's text. */
  text?: string;
  /** Dropped files: one file of any format, or a Slack export (users.json and day files). */
  files?: readonly ImportFile[];
  /** The format, when the person chose one; otherwise it is worked out from the content. */
  format?: ImportFormat;
  /** `YYYY-MM-DD`: the day that times written without a date fall on (the board's incident date). */
  baseDate?: string;
  /** The zone of times written without one: `UTC` (the default), an offset such as `+01:00`, or
   * a zone name such as `Europe/Berlin`. */
  timeZone?: string;
}

/** Where in the source an event or a problem came from, for showing next to it. */
export interface SourceRef {
  /** The file, when several were dropped. */
  file?: string;
  /** 1-based line of a text or CSV file. */
  line?: number;
  /** 1-based position in a JSON list (a log entry, a note, a message). */
  entry?: number;
}

/** One event found in the source, ready to preview. */
export interface ImportedEvent {
  /** `YYYY-MM-DDTHH:MMZ`, UTC: what the board stores. */
  time: string;
  text: string;
  kind: EventKind;
  /** Who did or wrote it, when the source says. */
  actor?: string;
  /** An http(s) address the source gave for this event. */
  link?: string;
  /** The incident moment this event looks like (a PagerDuty trigger is when it was detected). A
   * suggestion: the board's own markers win unless the person says otherwise. */
  marker?: MarkerName;
  /** Whether the preview should start with it ticked. Routine noise (one PagerDuty entry per
   * notification sent) starts unticked. */
  preselected: boolean;
  source: SourceRef;
}

/** Something worth knowing that did not stop the import. */
export interface ImportWarning extends SourceRef {
  message: string;
}

export type ImportErrorCode =
  /** Nothing in the input. */
  | 'empty'
  /** The input is larger than IMPORT_LIMITS.maxChars. */
  | 'too-large'
  /** More events than IMPORT_LIMITS.maxEvents. */
  | 'too-many'
  /** Not a format we read. */
  | 'unknown-format'
  /** Readable, but not the format that was chosen or that its shape promised. */
  | 'wrong-format'
  /** JSON that does not parse. */
  | 'bad-json'
  /** A JSON entry that is not what the format has there. */
  | 'bad-entry'
  /** An entry without a field every entry must have. */
  | 'missing-field'
  /** A time that cannot be read. */
  | 'bad-time'
  /** A time of day with no date to put it on: ask for the incident date. */
  | 'needs-date'
  /** A time zone option that is not a zone. */
  | 'bad-zone'
  /** A CSV or text line that cannot be read. */
  | 'bad-row'
  /** A CSV header without a time or text column. */
  | 'missing-column'
  /** Read correctly, but nothing in it belongs on a timeline. */
  | 'no-events';

/** Why nothing was imported. `message` names the line or entry and can be shown as it is. */
export interface ImportError extends SourceRef {
  code: ImportErrorCode;
  message: string;
  /** 1-based column of a JSON syntax error. */
  column?: number;
}

export type ImportResult =
  | { ok: true; format: ImportFormat; events: ImportedEvent[]; warnings: ImportWarning[] }
  | { ok: false; error: ImportError };

/** Bounds that keep one import from swallowing a board or a browser tab. */
export const IMPORT_LIMITS = {
  /** Characters across all input. A busy Slack channel's week is a few megabytes. */
  maxChars: 20_000_000,
  /** Events in one import; a timeline with more is not one people can review. */
  maxEvents: 5_000,
} as const;

/** What each format's parser hands back: events in source order, each one's exact instant (for
 * ordering events within a minute), and warnings. */
export interface Parsed {
  events: ImportedEvent[];
  instants: number[];
  warnings: ImportWarning[];
  /** Whether some time had no zone and was read in the default one. */
  usedDefaultZone?: boolean;
}

/** Thrown inside the parsers and turned into `{ ok: false }` at the entry point, so no parser
 * hands back half its events. */
export class ImportFailure extends Error {
  override readonly name = 'ImportFailure';
  constructor(readonly detail: ImportError) {
    super(detail.message);
  }
}

/** How a place in the source is named in messages. */
export interface PlaceWording {
  /** What an entry of the list is called: `Entry` (default), `Message`. */
  entryWord?: string;
  /** The entry's own id, shown after its number. */
  entryId?: string;
}

/** Fails the import with a message that starts with where the problem is ("Line 7: …"). */
export function fail(code: ImportErrorCode, where: SourceRef & { column?: number }, message: string, wording: PlaceWording = {}): never {
  const place = describePlace(where, wording);
  throw new ImportFailure({ code, ...where, message: place ? `${place}: ${message}` : message });
}

/** "Line 7", "Entry 3 (R3QW7)", "2026-11-03.json, message 12", "users.json". */
export function describePlace(where: SourceRef & { column?: number }, wording: PlaceWording = {}): string {
  const entryWord = wording.entryWord ?? 'Entry';
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  if (where.line !== undefined) parts.push(`${parts.length ? 'line' : 'Line'} ${where.line}${where.column !== undefined ? `, column ${where.column}` : ''}`);
  if (where.entry !== undefined) {
    parts.push(`${parts.length ? entryWord.toLowerCase() : entryWord} ${where.entry}${wording.entryId ? ` (${wording.entryId})` : ''}`);
  }
  return parts.join(', ');
}
