// Timeline import: every format from real-shaped files, the errors a malformed file gets (naming
// its line or entry, importing nothing), and the events as the board takes them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { describe, expect, it, beforeEach } from 'vitest';
import { SERVER_ORIGIN, addEvents, initializeBoard, readEvents, setEventMarker, withOrigin } from '../../shared/board';
import {
  IMPORT_LIMITS,
  PAGERDUTY_KINDS,
  alreadyOnBoard,
  detectFormat,
  parseTimeline,
  renderSlackMarkup,
  toTimelineInputs,
  type ImportedEvent,
  type ImportError,
  type ImportFile,
  type ImportInput,
  type ImportResult,
} from '../../shared/import';
import { computeMetrics } from '../../shared/metrics';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'import');
const text = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const file = (name: string): ImportFile => ({ name: name.split('/').pop()!, text: text(name) });

/** Every file under a folder, named by its path inside it, as a folder drop gives them. */
function folder(name: string): ImportFile[] {
  const root = join(FIXTURES, name);
  const out: ImportFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ name: relative(root, path).split('\\').join('/'), text: readFileSync(path, 'utf8') });
    }
  };
  walk(root);
  return out;
}

function imported(input: ImportInput): Extract<ImportResult, { ok: true }> {
  const result = parseTimeline(input);
  if (!result.ok) throw new Error(`expected an import, got: ${result.error.message}`);
  return result;
}

function refused(input: ImportInput): ImportError {
  const result = parseTimeline(input);
  if (result.ok) throw new Error(`expected a refusal, got ${result.events.length} events`);
  // Nothing half-imported: a refusal carries no events at all.
  expect(Object.keys(result)).toEqual(['ok', 'error']);
  return result.error;
}

/** What the preview shows for each event: time (HH:MM, or the date too if not 3 Nov), kind, who, words. */
const rows = (events: ImportedEvent[]) =>
  events.map((e) => `${e.time.startsWith('2026-11-03') ? e.time.slice(11, 16) : e.time} ${e.kind}${e.actor ? ` [${e.actor}]` : ''} ${e.text}`);
const messages = (r: { warnings: Array<{ message: string }> }) => r.warnings.map((w) => w.message);

describe('PagerDuty incident log entries', () => {
  it('reads the log of an incident into a timeline in time order, to the second', () => {
    const r = imported({ text: text('pagerduty-log-entries.json') });
    expect(r.format).toBe('pagerduty-log');
    expect(rows(r.events)).toEqual([
      // The trigger (14:07:12) comes before the notifications it caused (14:07:15, :16), though
      // the API lists newest first.
      '14:07 detection [Datadog] Triggered through the API: [Triggered] Checkout error rate above 5% for 5 minutes',
      '14:07 communication Notified Priya Nair by push notification',
      '14:07 communication Notified Priya Nair by SMS',
      '14:09 communication Notified Priya Nair by phone',
      '14:11 action [Priya Nair] Acknowledged by Priya Nair',
      '14:20 other [Priya Nair] DB CPU normal. Restarted order-service pods 7f9c and 2b1d, no change.',
      '14:26 communication [Priya Nair] Escalated to Dana Kowalski (Database on-call) by Priya Nair',
      '14:27 communication Notified Dana Kowalski by phone',
      '14:39 other [Priya Nair] Rolled back deploy 4812 (workers 24 -> 8). Errors dropping; watching for 5 minutes before resolving.',
      '14:45 resolution [Priya Nair] Resolved by Priya Nair',
    ]);
    expect(r.events.map((e) => e.source.entry)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('starts notifications unticked, and says why', () => {
    const r = imported({ text: text('pagerduty-log-entries.json') });
    expect(r.events.filter((e) => !e.preselected).map((e) => e.text)).toEqual([
      'Notified Priya Nair by push notification',
      'Notified Priya Nair by SMS',
      'Notified Priya Nair by phone',
      'Notified Dana Kowalski by phone',
    ]);
    expect(messages(r)).toEqual(['4 notification entries start unticked: one is logged for every text, call or push sent.']);
  });

  it('suggests when the incident was detected, acknowledged and resolved', () => {
    const r = imported({ text: text('pagerduty-log-entries.json') });
    expect(r.events.filter((e) => e.marker).map((e) => `${e.marker} ${e.time.slice(11)}`)).toEqual([
      'detected 14:07Z',
      'acknowledged 14:11Z',
      'resolved 14:45Z',
    ]);
  });

  it('reads a bare list of entries whose times carry offsets, across a clock change, into UTC', () => {
    // 8 March 2026: New York moves from -05:00 to -04:00 at 2am.
    const r = imported({ text: text('pagerduty-log-entries-array.json') });
    expect(r.format).toBe('pagerduty-log');
    expect(rows(r.events)).toEqual([
      '2026-03-08T06:58Z detection [Mei Chen] Triggered through the website: Search results empty for logged-in users',
      '2026-03-08T07:01Z action [Mei Chen] Acknowledged by Mei Chen',
      '2026-03-08T07:15Z other [Mei Chen] Urgency changed from low to high by Mei Chen',
      '2026-03-08T07:16Z communication [Mei Chen] Mei Chen requested Search on-call to respond',
      '2026-03-08T07:16Z other Workflow "Open a Slack channel" started',
      '2026-03-08T07:52Z resolution [Mei Chen] Resolved by Mei Chen',
    ]);
    expect(messages(r)).toEqual(['Entries of a type we do not know were imported as Other: incident_workflow_started_log_entry.']);
  });

  it('maps the types the issue names to kinds, as docs/import.md says', () => {
    expect(PAGERDUTY_KINDS).toMatchObject({
      trigger_log_entry: 'detection',
      acknowledge_log_entry: 'action',
      resolve_log_entry: 'resolution',
      annotate_log_entry: 'other',
      escalate_log_entry: 'communication',
      notify_log_entry: 'communication',
    });
  });

  it('suggests no moments when the entries come from several incidents', () => {
    const entries = [
      { type: 'trigger_log_entry', created_at: '2026-11-03T14:07:12Z', summary: 'Triggered', incident: { id: 'A' } },
      { type: 'trigger_log_entry', created_at: '2026-11-03T15:00:00Z', summary: 'Triggered', incident: { id: 'B' } },
    ];
    const r = imported({ text: JSON.stringify({ log_entries: entries }) });
    expect(r.events.every((e) => e.marker === undefined)).toBe(true);
    expect(messages(r)).toEqual(['These entries come from 2 incidents; no moments were suggested for the metrics.']);
  });

  it('names the entry that has no created_at, and imports nothing', () => {
    const error = refused({ files: [file('malformed/pagerduty-missing-created-at.json')] });
    expect(error).toMatchObject({ code: 'missing-field', entry: 4 });
    expect(error.message).toBe('Entry 4 (R3QW7): no created_at, so it cannot be placed on the timeline.');
  });

  it('names the entry whose created_at is not a time', () => {
    const entries = [
      { id: 'A1', type: 'trigger_log_entry', created_at: '2026-11-03T14:07:12Z' },
      { id: 'A2', type: 'acknowledge_log_entry', created_at: '3 Nov, 2:11pm' },
    ];
    expect(refused({ text: JSON.stringify(entries) })).toMatchObject({
      code: 'bad-time',
      entry: 2,
      message: 'Entry 2 (A2): created_at "3 Nov, 2:11pm" is not a time such as 2026-11-03T14:07:12Z.',
    });
    expect(refused({ text: JSON.stringify([{ id: 'A1', type: 'trigger_log_entry', created_at: '2026-02-30T14:07:12Z' }]) }).code).toBe('bad-time');
  });

  it('names the line and column where the JSON breaks', () => {
    const error = refused({ files: [file('malformed/pagerduty-bad-json.json')] });
    expect(error).toMatchObject({ code: 'bad-json', file: 'pagerduty-bad-json.json', line: 12, column: 7 });
    expect(error.message).toBe('pagerduty-bad-json.json, line 12, column 7: this is not valid JSON: expected “,” or “}” after a value but found “"”.');
    expect(refused({ files: [file('malformed/pagerduty-trailing-comma.json')] }).message).toBe(
      'pagerduty-trailing-comma.json, line 4, column 3: this is not valid JSON: there is a comma before “]”, with nothing after it.',
    );
    expect(refused({ text: "{'log_entries': []}" }).message).toBe('Line 1, column 2: this is not valid JSON: strings and names need double quotes ("), not single quotes.');
  });

  it('says so when notes are read as a log, or a log as notes', () => {
    expect(refused({ text: text('pagerduty-notes.json'), format: 'pagerduty-log' })).toMatchObject({
      code: 'wrong-format',
      message: 'this is a list of PagerDuty incident notes, not log entries; choose “PagerDuty incident notes”.',
    });
    expect(refused({ text: text('pagerduty-log-entries.json'), format: 'pagerduty-notes' }).message).toBe(
      'this is a PagerDuty incident log, not a list of notes; choose “PagerDuty incident log”.',
    );
  });
});

describe('PagerDuty incident notes', () => {
  it('reads each note as an event by its author, in UTC', () => {
    const r = imported({ text: text('pagerduty-notes.json') });
    expect(r.format).toBe('pagerduty-notes');
    expect(rows(r.events)).toEqual([
      '14:14 other [Priya Nair] Error rate 38% on checkout. DB CPU looks normal, suspect a stuck pod.',
      '14:28 other [Dana Kowalski] Database log: FATAL too many connections (200/200). Pool per worker x 24 workers = 240.',
      '14:36 other [Priya Nair] Rolling back 4812 now.\nWill keep the channel open until errors are under 0.1%.',
    ]);
    expect(messages(r)).toEqual(['Left out one empty note.']);
  });

  it('names a note without content', () => {
    expect(refused({ text: JSON.stringify({ notes: [{ id: 'N1', created_at: '2026-11-03T14:14:20Z' }] }), format: 'pagerduty-notes' }).message).toBe(
      'Entry 1 (N1): no content.',
    );
  });
});

describe('Slack channel export', () => {
  const exported = () => imported({ files: folder('slack-export') });

  it('reads every day of the channel, names people from users.json, and leaves out joins and leaves', () => {
    const r = exported();
    expect(r.format).toBe('slack');
    expect(rows(r.events)).toEqual([
      '14:11 other [PagerDuty] Incident #4812 acknowledged by Priya Nair: Checkout error rate above 5% for 5 minutes',
      '14:12 other [Priya Nair] Looking. Checkout errors at 38%, mostly timeouts waiting for a DB connection & the odd 503. @here please hold deploys.',
      '14:14 other [luis.m] Status page set to Investigating: status page (https://status.example.com/incidents/2026-11-03-checkout)',
      '14:19 other [Priya Nair] DB CPU is at 30%, looks fine. Restarting pods 7f9c and 2b1d in case one is wedged',
      '14:21 other [luis.m] no change after the restart :disappointed:',
      '14:26 other [Priya Nair] @Dana K. could you look at the DB side? cc @db-oncall, context in #team-orders',
      '14:27 other [Dana K.] DB log is full of `FATAL: too many connections` > 200/200 in use',
      '14:31 other [Dana K.] 4812 took workers 8 -> 24 and each worker has its own pool of 10. see https://git.example.com/orders/order-service/pull/4812 and https://wiki.example.com/db/limits',
      '14:38 other [Priya Nair] Rolling back 4812 now',
      '14:41 other [luis.m] Shared a file: Checkout error rate, 13:45-14:45',
      '14:45 other [Priya Nair] Errors under 0.1%, queue drained. Resolving. Thanks @Dana K. @luis.m',
      '14:47 other [Sam (Support)] support here: customers who saw failed payments can retry now?',
      '2026-11-04T09:02Z other [luis.m] Review scheduled for Thursday. Draft timeline on the board, please add what you saw & when.',
    ]);
    expect(messages(r)).toEqual(['Left out 4 notices of people joining or leaving the channel.']);
    expect(r.events[1]!.source).toEqual({ file: 'incident-4812-checkout/2026-11-03.json', entry: 3 });
  });

  it('shows people by Slack id, and says so, when users.json is missing', () => {
    const day = folder('slack-export').filter((f) => f.name.endsWith('2026-11-03.json'));
    const r = imported({ files: day });
    expect(r.events.find((e) => e.text.startsWith('DB log'))!.actor).toBe('U04DANAK');
    expect(r.events.find((e) => e.text.startsWith('Looking'))!.actor).toBe('Priya Nair'); // from the message's own profile
    expect(messages(r)).toContain('No users.json, so people are shown by their Slack ids (U…). Add users.json from the export to see names.');
  });

  it('reads one pasted day of messages', () => {
    const r = imported({ text: text('slack-export/incident-4812-checkout/2026-11-04.json') });
    expect(r.format).toBe('slack');
    expect(rows(r.events)).toEqual(['2026-11-04T09:02Z other [U04LUISM] Review scheduled for Thursday. Draft timeline on the board, please add what you saw & when.']);
  });

  it('says which channel each message is from when several channels are dropped together', () => {
    const files = [
      { name: 'export/users.json', text: text('slack-export/users.json') },
      { name: 'export/incident-4812/2026-11-03.json', text: JSON.stringify([{ ts: '1793714700.000100', user: 'U04PRIYA', text: 'Paged' }]) },
      { name: 'export/team-orders/2026-11-03.json', text: JSON.stringify([{ ts: '1793714640.000100', user: 'U04LUISM', text: 'Deploy 4812 out' }]) },
    ];
    expect(rows(imported({ files }).events)).toEqual(['14:04 other [luis.m] #team-orders: Deploy 4812 out', '14:05 other [Priya Nair] #incident-4812: Paged']);
  });

  it('names the file and message whose ts cannot be read', () => {
    const error = refused({ files: folder('malformed/slack-bad-ts') });
    expect(error).toMatchObject({ code: 'bad-time', file: 'incident/2026-11-03.json', entry: 3 });
    expect(error.message).toBe('incident/2026-11-03.json, message 3: ts "yesterday" is not seconds since 1970, such as "1793714520.001200".');
  });

  it('refuses users.json alone, asking for the channel folder', () => {
    expect(refused({ files: [file('slack-export/users.json')] }).message).toBe(
      'no day files (such as 2026-11-03.json) among these files. Drop the channel’s folder from a Slack export, with users.json.',
    );
  });

  it('has nothing to import from a day of joins', () => {
    const day = [{ type: 'message', subtype: 'channel_join', ts: '1793714700.000100', user: 'U1', text: '<@U1> has joined the channel' }];
    expect(refused({ files: [{ name: 'c/2026-11-03.json', text: JSON.stringify(day) }] })).toMatchObject({
      code: 'no-events',
      message: 'c/2026-11-03.json: Nothing to import: no events were found in this Slack channel export.',
    });
  });
});

describe('renderSlackMarkup', () => {
  const people = new Map([['U1', 'Priya Nair']]);
  const channels = new Map([['C9', 'incident-4812']]);
  it.each([
    ['<@U1> rolled back', '@Priya Nair rolled back'],
    ['<@U2|dana> joined', '@dana joined'],
    ['<@U3> unknown', '@U3 unknown'],
    ['see <#C9>', 'see #incident-4812'],
    ['see <#C7|team-orders>', 'see #team-orders'],
    ['<!here> and <!channel>', '@here and @channel'],
    ['<!subteam^S1|@db-oncall> please', '@db-oncall please'],
    ['at <!date^1793714700^{time}|2:05 PM>', 'at 2:05 PM'],
    ['<https://status.example.com|status page>', 'status page (https://status.example.com)'],
    ['<https://status.example.com>', 'https://status.example.com'],
    ['<https://status.example.com|status.example.com>', 'https://status.example.com'],
    ['<mailto:oncall@example.com|oncall@example.com>', 'oncall@example.com'],
    ['5 &lt; 10 &amp;&amp; 10 &gt; 5', '5 < 10 && 10 > 5'],
    ['&amp;lt; stays text', '&lt; stays text'],
  ])('%s', (markup, plain) => {
    expect(renderSlackMarkup(markup, people, channels)).toBe(plain);
  });
});

describe('CSV with a header', () => {
  it('reads a spreadsheet export: quoted commas, quotes and line breaks, column aliases, kinds in people’s words', () => {
    const r = imported({ files: [file('timeline.csv')] });
    expect(r.format).toBe('csv');
    expect(rows(r.events)).toEqual([
      '13:58 action [Luis M.] Deploy 4812 of order-service rolls out: workers 8 → 24',
      '14:02 impact Checkout errors climb to 38%; requests time out waiting for a database connection',
      '14:07 detection [Datadog] Error-rate alert fires, "Checkout error rate above 5%", after 5 minutes',
      '14:11 action [Priya Nair] On-call acknowledges and opens #incident-4812-checkout',
      '14:19 action [Priya Nair] Pods restarted on the idea that one is stuck.\nErrors continue.',
      '14:27 detection [Dana K.] Database log: "too many connections", 200 of 200 in use',
      '14:38 action [Priya Nair] Deploy 4812 rolled back',
      '14:38 communication [Sam] Support told which customers saw failed payments',
      '14:45 resolution [Priya Nair] Errors under 0.1%, status page resolved',
    ]);
    // The line a record starts on, though a quoted line break came before.
    expect(r.events.map((e) => e.source.line)).toEqual([2, 3, 4, 5, 6, 8, 9, 10, 11]);
    expect(r.events[0]!.link).toBe('https://deploy.example.com/runs/4812');
    // "Time (UTC)" says the zone, so there is no warning about assuming one.
    expect(messages(r)).toEqual(['Columns not imported: Severity.', 'Links that are not http(s) addresses were left out (line 10).']);
  });

  it('reads semicolons and Windows line breaks, with times of day on the incident date', () => {
    const r = imported({ files: [file('timeline-semicolons.csv')], baseDate: '2026-11-03' });
    expect(rows(r.events)).toEqual(['14:02 other Checkout errors start, 38% of requests fail', '14:07 other [Datadog] Alert fires']);
    expect(messages(r)).toEqual(['Times without a zone were read as UTC. If they were local times, choose their zone.']);
  });

  it('reads a date column with a time column, and seconds since 1970', () => {
    const csv = 'Date,Time,Description\n2026-11-03,23:58,Rollback started\n2026-11-04,00:03,Errors back to normal\n,1793749500,Status page resolved\n';
    expect(rows(imported({ text: csv }).events)).toEqual([
      '23:45 other Status page resolved',
      '23:58 other Rollback started',
      '2026-11-04T00:03Z other Errors back to normal',
    ]);
  });

  it('warns about kinds it does not know, importing them as Other', () => {
    const r = imported({ text: 'time,text,kind\n2026-11-03 14:02,a,SEV1\n2026-11-03 14:03,b,sev1\n2026-11-03 14:04,c,note\n' });
    expect(r.events.map((e) => e.kind)).toEqual(['other', 'other', 'other']);
    expect(messages(r)).toContain('Kind “SEV1” (line 2) is not one we know, so it was imported as Other.');
  });

  it('names the line whose time cannot be read', () => {
    const error = refused({ files: [file('malformed/timeline-bad-time.csv')] });
    expect(error).toMatchObject({ code: 'bad-time', line: 5 });
    expect(error.message).toBe('Line 5: cannot read the time “yesterday afternoon”. Write times as 14:02, 2026-11-03 14:02 or 2026-11-03T14:02Z.');
  });

  it('names the line with more values than columns: a comma in unquoted text', () => {
    expect(refused({ files: [file('malformed/timeline-unquoted-comma.csv')], baseDate: '2026-11-03' })).toMatchObject({
      code: 'bad-row',
      line: 3,
      message: 'Line 3: 4 values, but the header has 3 columns. Put text that contains commas in double quotes.',
    });
  });

  it('says which column is missing from the header', () => {
    const error = refused({ files: [file('malformed/timeline-no-time-column.csv')], format: 'csv' });
    expect(error).toMatchObject({ code: 'missing-column', line: 1 });
    expect(error.message).toBe('Line 1: the header has no time column. Name one of the columns “time”, “timeutc”, “timestamp”, “when” (the header is: Event, Owner, Status).');
    expect(refused({ text: 'time,what,notes\n14:02,a,b\n', baseDate: '2026-11-03' }).message).toBe(
      'Line 1: two columns are both read as the text: “what” and “notes”. Rename one.',
    );
  });

  it('names the line where a quoted value opens and never closes', () => {
    expect(refused({ files: [file('malformed/timeline-unclosed-quote.csv')], baseDate: '2026-11-03' })).toMatchObject({
      code: 'bad-row',
      line: 2,
      message: 'Line 2: a value opened with a double quote (") is never closed.',
    });
  });

  it('refuses an empty file, and a header with no rows', () => {
    expect(refused({ files: [file('malformed/empty.csv')] })).toMatchObject({ code: 'empty', message: 'empty.csv is empty.' });
    expect(refused({ text: 'time,text\n\n' })).toMatchObject({ code: 'no-events' });
  });
});

describe('notes with a time at the start of each line', () => {
  it('puts times of day on the incident date, rolling past midnight, and joins wrapped lines', () => {
    const r = imported({ files: [file('incident-notes.txt')], baseDate: '2026-11-03' });
    expect(r.format).toBe('lines');
    expect(rows(r.events)).toEqual([
      '23:48 other error rate on the payments API up to 12%, no alert yet',
      '23:52 other Mei paged manually after a customer email',
      '23:55 other Mei acknowledges, looking at the dashboards\ndashboards show p99 latency 4s on the card-vault calls',
      '23:58 other rolled back card-vault to 2026.11.02-3',
      '2026-11-04T00:04Z other errors back under 1%',
      '2026-11-04T00:20Z other all clear, status page resolved',
    ]);
    expect(messages(r)).toEqual([
      'Line 4 has no time, so it was added to the event on line 3.',
      'Left out one line with a time but no words.',
      'Times without a zone were read as UTC. If they were local times, choose their zone.',
    ]);
  });

  it('reads full dates, offsets, seconds, am/pm, bullets and UTC suffixes', () => {
    const r = imported({ files: [file('incident-notes-dated.txt')] });
    expect(rows(r.events)).toEqual([
      '14:02 other Checkout errors climb to 38%',
      '14:07 other Error-rate alert pages order-service on-call',
      '14:11 other On-call acknowledges (written in CET)',
      '14:19 other Two pods restarted; errors continue',
      '14:38 other Deploy 4812 rolled back',
      '14:45 other Errors under 0.1%, status page resolved',
    ]);
  });

  it('reads times without a zone in the zone chosen, and keeps a zone written on the line', () => {
    const berlin = imported({ files: [file('incident-notes-dated.txt')], timeZone: 'Europe/Berlin' });
    // Lines 2, 4 and 5 had no zone: Berlin is an hour ahead of UTC in November. Lines 1 (Z),
    // 3 (+01:00) and 6 (UTC) keep theirs.
    expect(rows(berlin.events).map((row) => `${row.slice(0, 5)} ${row.split(' ').slice(2, 4).join(' ')}`)).toEqual([
      '13:07 Error-rate alert',
      '13:19 Two pods',
      '13:38 Deploy 4812',
      '14:02 Checkout errors',
      '14:11 On-call acknowledges',
      '14:45 Errors under',
    ]);
    expect(messages(berlin)).toEqual([]);
    const offset = imported({ text: '09:07 alert fires', baseDate: '2026-11-03', timeZone: '-05:00' });
    expect(offset.events[0]!.time).toBe('2026-11-03T14:07Z');
    const summer = imported({ text: '15:07 alert fires', baseDate: '2026-07-03', timeZone: 'Europe/London' });
    expect(summer.events[0]!.time).toBe('2026-07-03T14:07Z');
  });

  it('does not jump a day when notes go back a few minutes', () => {
    const r = imported({ text: '14:10 rollback started\n14:05 (remembered later) alert had fired\n14:20 errors gone', baseDate: '2026-11-03' });
    expect(rows(r.events)).toEqual(['14:05 other (remembered later) alert had fired', '14:10 other rollback started', '14:20 other errors gone']);
  });

  it('asks for the incident date when a line has only a time of day', () => {
    const error = refused({ files: [file('incident-notes.txt')] });
    expect(error).toMatchObject({ code: 'needs-date', line: 1 });
    expect(error.message).toBe('Line 1: 23:48 is a time of day without a date. Choose the incident date so we know which day it falls on.');
  });

  it('names a first line that has no time', () => {
    expect(refused({ files: [file('malformed/notes-without-time.txt')], baseDate: '2026-11-03' })).toMatchObject({
      code: 'bad-row',
      line: 1,
      message: 'Line 1: “Checkout incident, notes” does not start with a time such as 14:02 or 2026-11-03T14:02Z. Every event needs one.',
    });
  });

  it('names a line whose time cannot be', () => {
    expect(refused({ files: [file('malformed/notes-impossible-time.txt')], baseDate: '2026-11-03' })).toMatchObject({
      code: 'bad-time',
      line: 3,
      message: 'Line 3: “24:10” is not a real time.',
    });
    expect(refused({ text: '2026-02-30 14:02 alert' }).message).toBe('Line 1: “2026-02-30 14:02” is not a real time.');
    expect(refused({ text: '13:05 pm alert', baseDate: '2026-11-03' }).code).toBe('bad-time');
  });

  it('refuses a zone or a date option that is not one', () => {
    expect(refused({ text: '14:02 alert', baseDate: '2026-11-03', timeZone: 'Mars/Olympus' })).toMatchObject({
      code: 'bad-zone',
      message: '“Mars/Olympus” is not a time zone. Use UTC, an offset such as +01:00, or a name such as Europe/Berlin.',
    });
    expect(refused({ text: '14:02 alert', baseDate: '3 Nov' }).message).toBe('“3 Nov” is not a date such as 2026-11-03.');
  });

  it('reads a time range as a time and its words, not as a zone', () => {
    expect(rows(imported({ text: '10:00-10:05 deploy window', baseDate: '2026-11-03' }).events)).toEqual(['10:00 other 10:05 deploy window']);
  });
});

describe('chat lines with a bracketed time', () => {
  it('reads "[14:15] Priya: ..." and "[2:15 PM] ..." as notes, not as broken JSON', () => {
    const pasted = ['[14:15] Priya: rolling back card-vault', '[14:17] Mei: errors dropping', '[2:21 PM] Priya: all clear'].join('\n');
    expect(detectFormat({ text: pasted })).toBe('lines');
    const r = imported({ text: pasted, baseDate: '2026-11-03' });
    expect(r.format).toBe('lines');
    expect(rows(r.events)).toEqual(['14:15 other Priya: rolling back card-vault', '14:17 other Mei: errors dropping', '14:21 other Priya: all clear']);
    expect(rows(imported({ text: '[2:15 PM] paged on-call', baseDate: '2026-11-03' }).events)).toEqual(['14:15 other paged on-call']);
  });

  it('still says where JSON breaks when the text is JSON', () => {
    expect(refused({ text: '[{"ts": "1", }]' }).code).toBe('bad-json');
  });
});

describe('messages copied from Slack', () => {
  const copied = [
    'Today',
    'Priya Nair  2:15 PM',
    'rolling back card-vault to 2026.11.02-3',
    'should take 5 minutes (edited)',
    '2:16 PM',
    'rollback started',
    'PagerDuty APP  2:17 PM',
    'Resolved: checkout 5xx rate',
    'Mei Lin\t2:21 PM',
    'confirmed on the dashboards, errors back under 1% at 2:20',
  ].join('\n');

  it('reads one event per message, by its sender, at the sender line’s time', () => {
    expect(detectFormat({ text: copied })).toBe('slack-copy');
    const r = imported({ text: copied, baseDate: '2026-11-03' });
    expect(r.format).toBe('slack-copy');
    expect(rows(r.events)).toEqual([
      '14:15 other [Priya Nair] rolling back card-vault to 2026.11.02-3\nshould take 5 minutes',
      '14:16 other [Priya Nair] rollback started',
      '14:17 other [PagerDuty] Resolved: checkout 5xx rate',
      '14:21 other [Mei Lin] confirmed on the dashboards, errors back under 1% at 2:20',
    ]);
    expect(toTimelineInputs(r.events)[0]!.text).toBe('Priya Nair: rolling back card-vault to 2026.11.02-3\nshould take 5 minutes');
  });

  it('reads times in the zone chosen, and asks for the date when there is none', () => {
    const r = imported({ text: copied, baseDate: '2026-11-03', timeZone: 'Europe/Berlin' });
    expect(r.events[0]!.time).toBe('2026-11-03T13:15Z');
    expect(refused({ text: copied })).toMatchObject({ code: 'needs-date', line: 2 });
  });

  it('does not take a message ending in a time for a sender', () => {
    const r = imported({ text: 'Priya Nair  2:15 PM\ndeploy done 14:30\nrolled back at 2:40 PM', baseDate: '2026-11-03' });
    expect(rows(r.events)).toEqual(['14:15 other [Priya Nair] deploy done 14:30\nrolled back at 2:40 PM']);
  });

  it('names a line that comes before any sender', () => {
    expect(refused({ text: 'rolling back\nPriya Nair  2:15 PM\nok', format: 'slack-copy', baseDate: '2026-11-03' })).toMatchObject({
      code: 'bad-row',
      line: 1,
    });
  });
});

describe('formats and limits', () => {
  it('works out the format from the content', () => {
    expect(detectFormat({ text: text('pagerduty-log-entries.json') })).toBe('pagerduty-log');
    expect(detectFormat({ text: text('pagerduty-log-entries-array.json') })).toBe('pagerduty-log');
    expect(detectFormat({ text: text('pagerduty-notes.json') })).toBe('pagerduty-notes');
    expect(detectFormat({ files: folder('slack-export') })).toBe('slack');
    expect(detectFormat({ text: text('slack-export/incident-4812-checkout/2026-11-03.json') })).toBe('slack');
    expect(detectFormat({ text: text('timeline.csv') })).toBe('csv');
    expect(detectFormat({ files: [file('timeline-semicolons.csv')] })).toBe('csv');
    expect(detectFormat({ text: text('incident-notes.txt') })).toBe('lines');
    expect(detectFormat({ text: text('malformed/notes-without-time.txt') })).toBe('lines');
    expect(detectFormat({ text: text('malformed/pagerduty-bad-json.json') })).toBe('pagerduty-log');
    expect(detectFormat({ text: '' })).toBeNull();
    expect(detectFormat({ text: text('malformed/github-issues.json') })).toBeNull();
  });

  it('says what it can read when given something else', () => {
    expect(refused({ files: [file('malformed/github-issues.json')] })).toMatchObject({
      code: 'unknown-format',
      message:
        'github-issues.json: this is not a format we can read. We read a PagerDuty incident log or notes (JSON), a Slack channel export, a CSV file with a header row (time, text), messages copied from Slack (a “Name  2:15 PM” line, then the message), or notes with a time at the start of each line (14:02 paged on-call).',
    });
    expect(refused({ text: 'Dear team, the outage is over.' }).code).toBe('unknown-format');
    expect(refused({ files: [file('timeline.csv'), file('incident-notes.txt')] }).message).toBe(
      'Drop one file at a time, or a whole Slack channel folder with its users.json.',
    );
  });

  it('refuses empty input', () => {
    expect(refused({ text: '  \n ' })).toMatchObject({ code: 'empty', message: 'There is nothing to import: the text is empty.' });
    expect(refused({})).toMatchObject({ code: 'empty' });
  });

  it('refuses more events than one import takes, importing none', () => {
    const many = Array.from({ length: IMPORT_LIMITS.maxEvents + 1 }, (_, i) => `2026-11-03T${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z event ${i}`).join('\n');
    expect(refused({ text: many })).toMatchObject({ code: 'too-many', message: `This has ${IMPORT_LIMITS.maxEvents + 1} events; one import takes at most ${IMPORT_LIMITS.maxEvents}. Split it into parts.` });
  });

  it('shortens text longer than a note can hold, and says so', () => {
    const r = imported({ text: `2026-11-03T14:02Z ${'x'.repeat(2_500)}` });
    expect(Array.from(r.events[0]!.text)).toHaveLength(2_000);
    expect(r.events[0]!.text.endsWith('…')).toBe(true);
    expect(messages(r)).toEqual(['Text longer than 2000 characters was shortened (line 1).']);
  });
});

describe('onto the board', () => {
  function board(): Y.Doc {
    const doc = new Y.Doc();
    initializeBoard(doc, { title: 'Checkout outage', incidentDate: '2026-11-03' }, withOrigin(ctx, SERVER_ORIGIN));
    return doc;
  }

  it('adds the ticked events in one step, with who did what, and the suggested moments if asked', () => {
    const doc = board();
    const r = imported({ text: text('pagerduty-log-entries.json') });
    addEvents(doc, toTimelineInputs(r.events.filter((e) => e.preselected), { withMarkers: true }), ctx);
    const events = readEvents(doc);
    expect(events.map((e) => `${e.time.slice(11, 16)} ${e.text}`)).toEqual([
      '14:07 Datadog: Triggered through the API: [Triggered] Checkout error rate above 5% for 5 minutes',
      '14:11 Acknowledged by Priya Nair',
      '14:20 Priya Nair: DB CPU normal. Restarted order-service pods 7f9c and 2b1d, no change.',
      '14:26 Escalated to Dana Kowalski (Database on-call) by Priya Nair',
      '14:39 Priya Nair: Rolled back deploy 4812 (workers 24 -> 8). Errors dropping; watching for 5 minutes before resolving.',
      '14:45 Resolved by Priya Nair',
    ]);
    expect(computeMetrics(events).values.timeToAcknowledge).toEqual({ status: 'ok', ms: 4 * 60_000 });
  });

  it('leaves the board’s own markers alone unless asked to move them', () => {
    const doc = board();
    const [mine] = addEvents(doc, [{ time: '2026-11-03T14:06Z', text: 'Customer email about failed payments' }], ctx);
    setEventMarker(doc, mine!, 'detected', ctx);
    const r = imported({ text: text('pagerduty-log-entries.json') });
    addEvents(doc, toTimelineInputs(r.events), ctx);
    expect(readEvents(doc).filter((e) => e.marker !== null).map((e) => e.text)).toEqual(['Customer email about failed payments']);
  });

  it('puts a link on its own line, and keeps every text within a note’s limit', () => {
    const r = imported({ files: [file('timeline.csv')] });
    const [first] = toTimelineInputs(r.events);
    expect(first!.text).toBe('Luis M.: Deploy 4812 of order-service rolls out: workers 8 → 24\nhttps://deploy.example.com/runs/4812');
    const long: ImportedEvent = { time: '2026-11-03T14:02Z', text: 'y'.repeat(2_000), kind: 'other', actor: 'Priya', link: 'https://example.com/x', preselected: true, source: { line: 1 } };
    const [input] = toTimelineInputs([long]);
    expect(input!.text.length).toBeLessThanOrEqual(2_000);
    expect(input!.text.endsWith('\nhttps://example.com/x')).toBe(true);
    expect(toTimelineInputs([long], { withActor: false, withLink: false })[0]!.text.startsWith('yyy')).toBe(true);
  });

  it('knows which events a second import of the same log would add again', () => {
    const doc = board();
    const r = imported({ files: folder('slack-export') });
    addEvents(doc, toTimelineInputs(r.events.slice(0, 3)), ctx);
    expect(alreadyOnBoard(r.events, readEvents(doc)).map((x, i) => (x ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1, 2]);
  });
});

describe('JSON error messages', () => {
  it('finds no error in JSON that parses, so a good file is never refused for its syntax', async () => {
    const { findJsonError } = await import('../../shared/import/json');
    const good = [
      text('pagerduty-log-entries.json'),
      text('slack-export/users.json'),
      '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n\\"x\\""],"b":{}}',
      ' [ ] ',
    ];
    for (const json of good) {
      expect(() => JSON.parse(json)).not.toThrow();
      expect(findJsonError(json)).toBeNull();
    }
  });

  it.each([
    ['{"a": 1,}', 'Line 1, column 9: this is not valid JSON: there is a comma before “}”, with nothing after it.'],
    ['{"a": 01}', 'Line 1, column 8: this is not valid JSON: expected “,” or “}” after a value but found “1”.'],
    ['{"a": "line\nbreak"}', 'Line 1, column 12: this is not valid JSON: a string has a line break or control character in it; write it as \\n.'],
    ['[1, 2', 'Line 1, column 6: this is not valid JSON: expected “,” or “]” after a value but found the end of the file.'],
    ['{"log_entries": []} trailing', 'Line 1, column 21: this is not valid JSON: there is more after the end of the JSON: “t”.'],
    ['{"a": "\\x"}', 'Line 1, column 8: this is not valid JSON: “\\x” is not an escape JSON knows.'],
  ])('%j', (json, message) => {
    expect(refused({ text: json, format: 'pagerduty-log' }).message).toBe(message);
  });
});
