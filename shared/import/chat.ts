// Chat copied out of Slack's window (not its export): a "Name  2:15 PM" line for each sender,
// then their message on the lines below it. Further messages from the same person within a few
// minutes show only their time ("2:16 PM", or "[2:16 PM]") on a line of their own.
import { eventTimeOf, readTimeToken, TimelineClock, type CalendarDay, type Zone } from './time';
import { fail, type ImportedEvent, type ImportWarning, type Parsed } from './types';

const lineBreaks = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

/** A sender's line: a name, then (after two spaces or a tab, as Slack copies it) the time. Slack
 * marks integrations with "APP" after the name. */
const SENDER = /^(\S[^\t]*?)(?:\t+|\s{2,})\s*(?:(?:Today|Yesterday)\s+at\s+)?(\[?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?\]?)\s*$/i;
/** The same, with one space: only when the name looks like one (capitalised words), so a message
 * such as "deploy done 14:30" is not taken for a sender. */
const SENDER_ONE_SPACE = /^((?:\p{Lu}[\p{L}.'’-]*)(?: \p{Lu}[\p{L}.'’-]*){0,3}(?: APP)?) (\[?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[aApP]\.?[mM]\.?)?\]?)\s*$/u;
/** A line that is only a time: the same person's next message. */
const TIME_ONLY = /^\[?(\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?)\]?\s*$/i;
/** Lines Slack puts between messages that are not anyone's words. */
const DIVIDER = /^(?:Today|Yesterday|New(?: messages)?|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:,\s.*)?|\d+ repl(?:y|ies)(?:\s.*)?|View thread|Show more)$/i;

interface Sender {
  name: string;
  time: string;
}

function readSender(line: string): Sender | null {
  const m = SENDER.exec(line) ?? SENDER_ONE_SPACE.exec(line);
  if (!m) return null;
  const name = m[1]!.trim().replace(/\s+APP$/, '');
  // A name is not a time or a number, and is short.
  if (!name || /^[\d[]/.test(name) || name.length > 80) return null;
  return { name, time: m[2]!.replace(/^\[|\]$/g, '') };
}

/** True when the text starts (after Slack's day dividers) with a sender's line. */
export function looksLikeSlackCopy(text: string): boolean {
  const lines = lineBreaks(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !DIVIDER.test(l));
  return lines.length >= 2 && readSender(lines[0]!) !== null;
}

/** Reads messages copied from Slack's window: one event per message, by its sender, kind Other. */
export function parseSlackCopy(text: string, baseDay: CalendarDay | null, zone: Zone): Parsed {
  const clock = new TimelineClock(baseDay, zone);
  const events: ImportedEvent[] = [];
  const instants: number[] = [];
  const warnings: ImportWarning[] = [];
  let sender: string | null = null;
  let open: { event: ImportedEvent; lines: string[] } | null = null;
  let empty = 0;

  const close = () => {
    if (!open) return;
    const words = open.lines.join('\n').trim();
    if (words) events.push({ ...open.event, text: words });
    else {
      empty++;
      instants.pop();
    }
    open = null;
  };
  const start = (timeText: string, line: number) => {
    close();
    const token = readTimeToken(timeText);
    if (!token || !token.valid || token.length !== timeText.length) fail('bad-time', { line }, `“${timeText}” is not a real time.`);
    const placed = clock.place(token);
    if ('needsDate' in placed) {
      fail('needs-date', { line }, `${timeText} is a time of day without a date. Choose the incident date so we know which day it falls on.`);
    }
    const time = eventTimeOf(placed.ms);
    if (!time) fail('bad-time', { line }, `“${timeText}” is outside the years the board can show.`);
    instants.push(placed.ms);
    open = { event: { time, text: '', kind: 'other', actor: sender ?? undefined, preselected: true, source: { line } }, lines: [] };
  };

  lineBreaks(text)
    .split('\n')
    .forEach((raw, i) => {
      const line = i + 1;
      const trimmed = raw.trim();
      if (trimmed === '' || DIVIDER.test(trimmed)) return;
      const who = readSender(trimmed);
      if (who) {
        sender = who.name;
        start(who.time, line);
        return;
      }
      const again = TIME_ONLY.exec(trimmed);
      if (again && sender) {
        start(again[1]!, line);
        return;
      }
      if (!open) {
        fail('bad-row', { line }, `“${trimmed.length > 40 ? `${trimmed.slice(0, 39)}…` : trimmed}” comes before any “Name  2:15 PM” line, so it has no sender or time.`);
      }
      // Slack adds "(edited)" after a changed message; it is not part of what was said.
      (open as { lines: string[] }).lines.push(trimmed.replace(/\s*\(edited\)$/, ''));
    });
  close();
  for (const e of events) if (e.actor === undefined) delete e.actor;
  if (empty > 0) warnings.push({ message: `Left out ${empty === 1 ? 'one message' : `${empty} messages`} with a time but no words.` });
  return { events, instants, warnings, usedDefaultZone: clock.usedDefaultZone };
}
