// PagerDuty: an incident's log entries (REST API `GET /incidents/{id}/log_entries`, as
// `{ "log_entries": [...] }` or a bare list) and its notes (`GET /incidents/{id}/notes`, as
// `{ "notes": [...] }`).
//
// How log entry types become event kinds (documented in docs/import.md). Debrief's kinds say what
// sort of moment an event is; the moments the metrics measure are markers, suggested here:
//
//   trigger_log_entry                      detection       suggests "Detected" (the first one)
//   acknowledge_log_entry                  action          suggests "Acknowledged" (the first one)
//   resolve_log_entry                      resolution      suggests "Resolved" (the last one)
//   annotate_log_entry                     other           the note's own words
//   escalate_log_entry, notify_log_entry,
//   responder_request_log_entry,
//   status_update_log_entry                communication   notify entries start unticked: one per
//                                                          text, call or push sent, mostly noise
//   assign_log_entry, delegate_log_entry,
//   snooze_log_entry, unacknowledge_log_entry,
//   urgency/priority changes, anything else other (or action, for a person's reassignment)
import type { EventKind, MarkerName } from '../board';
import { eventTimeOf, parseTimestamp, type Zone } from './time';
import { fail, type ImportedEvent, type ImportWarning, type Parsed } from './types';

/** Log entry type -> event kind. Types not listed read as `other`, with a warning. */
export const PAGERDUTY_KINDS: Readonly<Record<string, EventKind>> = {
  trigger_log_entry: 'detection',
  acknowledge_log_entry: 'action',
  resolve_log_entry: 'resolution',
  annotate_log_entry: 'other',
  escalate_log_entry: 'communication',
  notify_log_entry: 'communication',
  responder_request_log_entry: 'communication',
  status_update_log_entry: 'communication',
  assign_log_entry: 'action',
  delegate_log_entry: 'action',
  snooze_log_entry: 'action',
  responder_accept_log_entry: 'action',
  unacknowledge_log_entry: 'other',
  urgency_change_log_entry: 'other',
  priority_change_log_entry: 'other',
  exhaust_escalation_path_log_entry: 'other',
  repeat_escalation_path_log_entry: 'other',
  reach_trigger_limit_log_entry: 'other',
  reach_ack_limit_log_entry: 'other',
  link_log_entry: 'other',
};

/** What to call an entry whose summary is empty. */
const FALLBACK_TEXT: Readonly<Record<string, string>> = {
  trigger_log_entry: 'Triggered',
  acknowledge_log_entry: 'Acknowledged',
  resolve_log_entry: 'Resolved',
  annotate_log_entry: 'Note added',
  escalate_log_entry: 'Escalated',
  notify_log_entry: 'Notified',
  assign_log_entry: 'Reassigned',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const field = (v: unknown, key: string): unknown => (isObject(v) ? v[key] : undefined);

/** True for something shaped like a log entry: an object whose `type` ends in `_log_entry`. */
export const looksLikeLogEntry = (v: unknown) => isObject(v) && /_log_entry$/.test(str(v.type));
/** True for something shaped like an incident note. */
export const looksLikeNote = (v: unknown) => isObject(v) && typeof v.content === 'string' && 'created_at' in v && !('type' in v && looksLikeLogEntry(v));

/** The list of entries in a log, or null if the JSON has none. */
export function logEntriesOf(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (isObject(json) && Array.isArray(json.log_entries)) return json.log_entries;
  return null;
}

export function notesOf(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (isObject(json) && Array.isArray(json.notes)) return json.notes;
  return null;
}

function timeOf(entry: Json, n: number, zone: Zone): { time: string; at: number } {
  const raw = entry.created_at;
  if (raw === undefined || raw === null || raw === '') fail('missing-field', { entry: n }, 'no created_at, so it cannot be placed on the timeline.', id(entry));
  const parsed = typeof raw === 'string' ? parseTimestamp(raw, zone) : null;
  const time = parsed && eventTimeOf(parsed.ms);
  if (!parsed || !time) fail('bad-time', { entry: n }, `created_at ${JSON.stringify(raw)} is not a time such as 2026-11-03T14:07:12Z.`, id(entry));
  return { time, at: parsed.ms };
}

const id = (entry: Json) => (str(entry.id) ? { entryId: str(entry.id) } : {});

/** Reads an incident's log entries. */
export function parsePagerDutyLog(json: unknown, zone: Zone): Parsed {
  const entries = logEntriesOf(json);
  if (!entries) {
    fail('wrong-format', {}, isObject(json) && Array.isArray(json.notes)
      ? 'this is a list of PagerDuty incident notes, not log entries; choose “PagerDuty incident notes”.'
      : 'this is not a PagerDuty incident log: expected a “log_entries” list.');
  }
  const warnings: ImportWarning[] = [];
  const unknownTypes = new Set<string>();
  const incidents = new Set<string>();
  const instants: number[] = [];
  const events: ImportedEvent[] = entries.map((entry, i) => {
    const n = i + 1;
    if (!isObject(entry)) fail('bad-entry', { entry: n }, 'not a log entry (expected an object with created_at and type).');
    const type = str(entry.type);
    if (!type) fail('missing-field', { entry: n }, 'no type, such as trigger_log_entry.', id(entry));
    const { time, at } = timeOf(entry, n, zone);
    instants.push(at);
    const kind = PAGERDUTY_KINDS[type];
    if (!kind) unknownTypes.add(type);
    const incident = str(field(entry.incident, 'id'));
    if (incident) incidents.add(incident);
    const actor = str(field(entry.agent, 'summary'));
    const event: ImportedEvent = {
      time,
      text: logEntryText(entry, type),
      kind: kind ?? 'other',
      preselected: type !== 'notify_log_entry',
      source: { entry: n },
    };
    if (actor) event.actor = actor;
    return event;
  });
  if (unknownTypes.size > 0) {
    warnings.push({ message: `Entries of a type we do not know were imported as Other: ${[...unknownTypes].sort().join(', ')}.` });
  }
  if (incidents.size > 1) {
    warnings.push({ message: `These entries come from ${incidents.size} incidents; no moments were suggested for the metrics.` });
  } else {
    suggestMarkers(entries as Json[], events, instants);
  }
  const notifications = events.filter((e) => !e.preselected).length;
  if (notifications > 0) {
    warnings.push({
      message: `${notifications === 1 ? 'One notification entry starts' : `${notifications} notification entries start`} unticked: one is logged for every text, call or push sent.`,
    });
  }
  return { events, instants, warnings };
}

/** The first trigger is when the incident was detected, the first acknowledgement when someone
 * took it on, the last resolve when it ended. */
function suggestMarkers(entries: Json[], events: ImportedEvent[], instants: number[]): void {
  const order = events.map((e, i) => ({ e, i })).sort((a, b) => instants[a.i]! - instants[b.i]! || a.i - b.i);
  const pick = (type: string, marker: MarkerName, last = false) => {
    const found = order.filter(({ i }) => str(entries[i]!.type) === type);
    const chosen = last ? found[found.length - 1] : found[0];
    if (chosen) chosen.e.marker = marker;
  };
  pick('trigger_log_entry', 'detected');
  pick('acknowledge_log_entry', 'acknowledged');
  pick('resolve_log_entry', 'resolved', true);
}

function logEntryText(entry: Json, type: string): string {
  const summary = str(entry.summary) || FALLBACK_TEXT[type] || type.replace(/_log_entry$/, '').replace(/_/g, ' ');
  const channel = entry.channel;
  if (type === 'annotate_log_entry') {
    // The note's words are what matter; "Note added" says nothing.
    const note = str(field(channel, 'summary')) || str(field(channel, 'content')) || str(field(channel, 'notes'));
    return note || summary;
  }
  if (type === 'trigger_log_entry') {
    // "Triggered through the API." says how; the alert's own title says what.
    const detail = str(field(entry.event_details, 'description')) || str(field(channel, 'summary'));
    if (detail && !summary.includes(detail)) return `${summary.replace(/[.:]+$/, '')}: ${detail}`;
  }
  return summary;
}

/** Reads an incident's notes: each a note by a person at a time. */
export function parsePagerDutyNotes(json: unknown, zone: Zone): Parsed {
  const notes = notesOf(json);
  if (!notes) {
    fail('wrong-format', {}, isObject(json) && Array.isArray(json.log_entries)
      ? 'this is a PagerDuty incident log, not a list of notes; choose “PagerDuty incident log”.'
      : 'this is not a list of PagerDuty incident notes: expected a “notes” list.');
  }
  const warnings: ImportWarning[] = [];
  const events: ImportedEvent[] = [];
  const instants: number[] = [];
  let empty = 0;
  notes.forEach((note, i) => {
    const n = i + 1;
    if (!isObject(note)) fail('bad-entry', { entry: n }, 'not a note (expected an object with content and created_at).');
    if (typeof note.content !== 'string') fail('missing-field', { entry: n }, 'no content.', id(note));
    const { time, at } = timeOf(note, n, zone);
    const text = note.content.trim();
    if (!text) {
      empty++;
      return;
    }
    const event: ImportedEvent = { time, text, kind: 'other', preselected: true, source: { entry: n } };
    const actor = str(field(note.user, 'summary'));
    if (actor) event.actor = actor;
    events.push(event);
    instants.push(at);
  });
  if (empty > 0) warnings.push({ message: `Left out ${empty === 1 ? 'one empty note' : `${empty} empty notes`}.` });
  return { events, instants, warnings };
}
