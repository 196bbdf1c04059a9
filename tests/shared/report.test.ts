// The Markdown report, pinned by golden files.
//
// Each fixture board (tests/shared/fixtures.ts) is rendered and compared byte for byte with
// tests/shared/golden/<name>.md. After an intended change to the report, regenerate them with
//
//     UPDATE_GOLDEN=1 npx vitest run --project unit tests/shared/report.test.ts
//
// and read the diff of the .md files before committing it: it is what readers of the report
// will see change. Without UPDATE_GOLDEN a missing or different file fails the test.
import * as Y from 'yjs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addActionItem,
  addEvents,
  addFactor,
  castVote,
  createCluster,
  deleteFactor,
  linkFactorToEvents,
  readBoard,
  readEvents,
  roots,
  setEventMarker,
  setVoteSettings,
  updateEventContext,
  type BoardSnapshot,
} from '../../shared/board';
import type { VoterId } from '../../shared/ids';
import { redactor, renderBoardReport, renderReport, reportFileName, TOP_VOTED_LIMIT } from '../../shared/report';
import { tables } from '../helpers/markdown-check';
import { expectGolden } from './golden';
import { connectionPoolBoard, emptyBoard, hostileBoard } from './fixtures';
import { testContext } from '../helpers/context';

const EXPORTED_AT = new Date('2026-11-06T16:30:45.123Z');

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

/** The table whose header starts with `first`. */
function table(md: string, first: string): string[][] {
  const found = tables(md).filter((t) => t[0]![0] === first);
  if (found.length !== 1) throw new Error(`${found.length} tables start with ${first}`);
  return found[0]!;
}

/** The lines of a report that are headings. */
const headings = (md: string) => md.split('\n').filter((line) => /^#{1,6}\s/.test(line));

/** What a file that is safe to commit looks like. */
function expectWellFormed(md: string): void {
  expect(md.endsWith('\n')).toBe(true);
  expect(md.endsWith('\n\n')).toBe(false);
  expect(md).not.toMatch(/[ \t]$/m);
  expect(md).not.toContain('\r');
  // Every table row has as many cells as its header.
  for (const table of tables(md)) {
    const width = table[0]!.length;
    for (const row of table) expect(row, row.join(' | ')).toHaveLength(width);
  }
}

describe('golden reports', () => {
  it('an empty board', () => {
    const md = renderBoardReport(emptyBoard(ctx), { exportedAt: EXPORTED_AT });
    expectWellFormed(md);
    expectGolden('empty', md);
  });

  it('a full review of a connection-pool outage', () => {
    const md = renderBoardReport(connectionPoolBoard(ctx), {
      exportedAt: EXPORTED_AT,
      boardUrl: 'https://debrief.example.com/b/AAAAAAAAAAAAAAAAAAAAAA',
    });
    expectWellFormed(md);
    expectGolden('connection-pool', md);
  });

  it('a hostile board', () => {
    const md = renderBoardReport(hostileBoard(ctx), { exportedAt: EXPORTED_AT });
    expectWellFormed(md);
    expectGolden('hostile', md);
  });

  it('the connection-pool review with names replaced, for sharing beyond the team', () => {
    const md = renderReport(withNamesInText(readBoard(connectionPoolBoard(ctx))), { exportedAt: EXPORTED_AT, redactNames: NAMES });
    expectWellFormed(md);
    expectGolden('connection-pool-redacted', md);
  });
});

/** Everyone on the connection-pool board, as the export dialog would pass them: participants'
 * display names and action owners. */
const NAMES = ['Priya', 'Dana', 'Luis', 'Mei', 'Tom', 'Priya N.', 'Dana K.', 'Luis M.'];

/** The connection-pool board with names where people write them: in events, context, factors,
 * the summary and a learning. */
function withNamesInText(board: BoardSnapshot): BoardSnapshot {
  return {
    ...board,
    meta: { ...board.meta, summary: `${board.meta.summary}\n\nPriya led the response; Dana Kowalski found the connection limit.` },
    events: board.events.map((e) =>
      e.text.startsWith('Deploy 4812 rolled back') ? { ...e, text: 'Priya N. rolls back deploy 4812 after Dana’s finding.', whyItMadeSense: 'Luis confirmed the previous worker count had run for months.' } : e,
    ),
    factors: board.factors.map((f) => (f.text.startsWith('On-call was covering') ? { ...f, text: 'Priya was covering a second rotation that week (Tom was on leave).' } : f)),
    learnings: [...board.learnings, { id: 'l-mei' as never, text: 'Mei: check connection counts before restarting pods. (Meiosis is not a name.)', createdAt: 1, author: '' }],
  };
}

describe('report contents', () => {
  it('shows the metadata a reader looks for first', () => {
    const md = renderBoardReport(connectionPoolBoard(ctx), { exportedAt: EXPORTED_AT });
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Checkout outage: database connection pool exhausted');
    expect(lines).toContain('- **Status:** Draft');
    expect(lines).toContain('- **Incident date:** 2026-11-03');
    expect(lines).toContain('- **Incident link:** <https://status.example.com/incidents/2026-11-03-checkout>');
    expect(lines).toContain('- **Participants:** 5');
    expect(lines).toContain('- **Exported:** 2026-11-06 16:30 UTC');
    // No board link unless one is given.
    expect(md).not.toContain('**Board:**');
  });

  it('lists the timeline in time order, with same-minute events in the order they were added', () => {
    const doc = connectionPoolBoard(ctx);
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT });
    const timeline = tables(md)[0]!;
    expect(timeline[0]).toEqual(['Time (UTC)', 'Kind', 'What happened']);
    const times = timeline.slice(2).map((row) => row[0]);
    expect(times).toEqual([...times].sort());
    expect(times).toHaveLength(readEvents(doc).length);
    const at1438 = timeline.filter((row) => row[0] === '2026-11-03 14:38');
    expect(at1438.map((row) => row[1])).toEqual(['Action', 'Communication']);
    // A note's line break stays inside its cell.
    expect(md).toContain('one is stuck.<br>Errors continue. |');
  });

  it('ranks clusters and notes by dots within each category, and sums up where the dots went', () => {
    const md = renderBoardReport(connectionPoolBoard(ctx), { exportedAt: EXPORTED_AT });
    const technology = md.slice(md.indexOf('### Technology'), md.indexOf('### Unsorted'));
    // The cluster (2 dots of its own + 3 on its notes) comes before a note with 1.
    expect(technology.indexOf('**Connection budget** ● 2 (● 5 with its notes)')).toBeGreaterThan(0);
    expect(technology.indexOf('  - Each worker opens its own pool')).toBeGreaterThan(technology.indexOf('Connection budget'));
    expect(technology).toContain('nothing checks workers × pool size against the database limit. ● 3');
    expect(technology.indexOf('The error-rate alert waits')).toBeGreaterThan(technology.indexOf('is on no dashboard'));
    expect(md).toContain('### Unsorted');
    expect(md).toContain('- Finding the status page template took 4 minutes.');

    expect(md).toContain('3 people placed 9 dots, with 3 dots each to spend.');
    const top = table(md, 'Dots');
    expect(top[0]).toEqual(['Dots', 'Note', 'Category']);
    expect(top.slice(2).map((row) => row[0])).toEqual(['● 3', '● 2', '● 1', '● 1', '● 1']);
    expect(top[3]).toEqual(['● 2', '**Connection budget** (cluster)', 'Technology']);
  });

  it('lists action items with what they address, in full (a table row never cuts a factor short)', () => {
    const md = renderBoardReport(connectionPoolBoard(ctx), { exportedAt: EXPORTED_AT });
    const actions = table(md, 'Item');
    expect(actions[0]).toEqual(['Item', 'Owner', 'Due', 'Status', 'Addresses']);
    expect(actions.slice(2).map((row) => [row[1], row[2], row[3]])).toEqual([
      ['Priya N.', '2026-11-20', 'In progress'],
      ['Dana K.', '2026-11-27', 'Open'],
      ['Luis M.', '2026-11-17', 'Done'],
    ]);
    expect(actions[3]![4]).toMatch(/^The database connection limit \(200\) is on no dashboard\.<br>The error-rate alert waits for 5 minutes of sustained [^…|]+$/);
  });

  it('shows empty sections with a quiet line, and leaves out the optional ones', () => {
    const md = renderBoardReport(emptyBoard(ctx), { exportedAt: EXPORTED_AT });
    expect(headings(md)).toEqual(['# Untitled incident', '## Summary', '## Timeline', '## Incident metrics', '## Contributing factors', '## Action items']);
    expect(md).toContain('_No timeline events are marked yet. Mark when impact started, and when the incident was detected, acknowledged, mitigated and resolved, to measure these._');
    expect(md).not.toContain('What we knew at the time');
    expect(md).not.toContain('no action addresses');
    expect(md).toContain('_No summary has been written yet._');
    expect(md).toContain('_No events on the timeline yet._');
    expect(md).toContain('_No contributing factors recorded yet._');
    expect(md).toContain('_No action items yet._');
    expect(md).toContain('- **Incident date:** _Not set_');
    expect(md).not.toContain('Where the dots went');
    expect(md).not.toContain('Learnings');
  });

  it('names an untitled board, and an unnamed cluster, without an empty heading or a stray rule', () => {
    const doc = emptyBoard(ctx);
    const snapshot = readBoard(doc);
    const md = renderReport({ ...snapshot, meta: { ...snapshot.meta, title: '   ' } }, { exportedAt: EXPORTED_AT });
    expect(md.split('\n')[0]).toBe('# Untitled postmortem');
    const withCluster = renderReport(
      {
        ...snapshot,
        factors: [{ id: 'f' as never, text: 'x', category: 'process', clusterId: 'c' as never, order: 1, createdAt: 0, eventIds: [], author: '', sameAs: [] }],
        clusters: [{ id: 'c' as never, name: '', category: 'process', order: 1, createdAt: 0 }],
      },
      { exportedAt: EXPORTED_AT },
    );
    expect(withCluster).toContain('- **Untitled cluster**\n  - x');
    expect(withCluster).not.toContain('****');
  });

  it('does not count dots on deleted notes, and drops them from action items', () => {
    const doc = connectionPoolBoard(ctx);
    const before = renderBoardReport(doc, { exportedAt: EXPORTED_AT });
    expect(before).toContain('3 people placed 9 dots');
    const slowAlert = readBoard(doc).factors.find((f) => f.text.startsWith('The error-rate alert'))!;
    deleteFactor(doc, slowAlert.id, ctx);
    const after = renderBoardReport(doc, { exportedAt: EXPORTED_AT });
    expect(after).toContain('3 people placed 8 dots');
    expect(after).not.toContain('The error-rate alert waits');
  });

  it('says how many more notes got dots than the summary lists', () => {
    const doc = emptyBoard(ctx);
    setVoteSettings(doc, { voteBudget: 10 }, ctx);
    for (let i = 1; i <= TOP_VOTED_LIMIT + 2; i++) {
      castVote(doc, 'v1' as VoterId, addFactor(doc, { text: `Factor ${i}`, category: 'process' }, ctx), ctx);
    }
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT });
    expect(tables(md)[0]!.slice(2)).toHaveLength(TOP_VOTED_LIMIT);
    expect(md).toContain('_2 more notes received dots; see Contributing factors._');
    expect(md).toContain('1 person placed 7 dots, with 10 dots each to spend.');
  });

  it('links only http(s) addresses', () => {
    const md = renderBoardReport(hostileBoard(ctx), { exportedAt: EXPORTED_AT, boardUrl: 'javascript:alert(1)' });
    // A link a raw update wrote that is not http(s) is not the board's link at all (readMeta).
    expect(md).toContain('- **Incident link:** _Not set_');
    expect(md).not.toContain('javascript:alert(10)');
    expect(md).not.toContain('**Board:**');
  });
});

describe('hostile text', () => {
  const md = () => renderBoardReport(hostileBoard(ctx), { exportedAt: EXPORTED_AT });

  it('never produces an HTML tag', () => {
    const report = md();
    expect(report).not.toMatch(/<script/i);
    expect(report).not.toMatch(/<(img|iframe|svg|a|b)\b/i);
    // The only `<` in the report are our own line breaks in table cells.
    expect(report.match(/<[^<]{0,3}/g)?.every((m) => m.startsWith('<br>'))).toBe(true);
    // And no entity but ours: a typed `&#60;` stays text.
    expect(report).not.toMatch(/&(?!amp;|lt;|gt;)#?[A-Za-z0-9]+;/);
  });

  it('never adds a heading, a table column or a link', () => {
    const report = md();
    expect(headings(report).map((h) => h.replace(/^(#+) .*/, '$1'))).toEqual(['#', '##', '##', '###', '##', '##', '###', '###', '###', '###', '##', '##', '##']);
    expect(headings(report).slice(1)).toEqual([
      '## Summary',
      '## Timeline',
      '### What we knew at the time',
      '## Incident metrics',
      '## Contributing factors',
      '### People',
      '### Process',
      '### Technology',
      '### Unsorted',
      '## Where the dots went',
      '## Action items',
      '## Learnings',
    ]);
    const all = tables(report);
    // Timeline, metrics, where the dots went, action items: no table came from the summary's pipes.
    expect(all.map((t) => t[0])).toEqual([
      ['Time (UTC)', 'Kind', 'What happened'],
      ['Metric', 'From', 'To', 'Time'],
      ['Dots', 'Note', 'Category'],
      ['Item', 'Owner', 'Due', 'Status', 'Addresses'],
    ]);
    for (const table of all) for (const row of table) expect(row).toHaveLength(table[0]!.length);
    // No unescaped [ anywhere: no link, image or reference can form.
    expect(report).not.toMatch(/(^|[^\\])\[/m);
    expect(report).not.toMatch(/(^|[^\\])`/m);
  });

  it('starts no line with a block from user text', () => {
    const lines = md().split('\n');
    lines.forEach((line, i) => {
      // Strip our own structure: headings, list markers, table rows, and the indentation of a
      // list item's next line after a hard break. What is left starts with user text.
      if (/^\|( -+:? \|)+$/.test(line)) return; // a table's delimiter row
      let rest = line.replace(/^(#{1,3} |- \*\*[A-Z][a-z ]+:\*\* |- \*\*|- | {2}- |\| )/, '');
      if (i > 0 && lines[i - 1]!.endsWith('\\') && /^( {2}| {4})\S/.test(line)) rest = line.trimStart();
      expect(rest, line).not.toMatch(/^(\s|>|[-+*=]|\d+[.)](\s|$)|```|~~~|<(?!br>))/);
    });
  });

  it('still shows what the person typed, as text', () => {
    const report = md();
    expect(report).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(report).toContain('\\[link\\](javascript:alert(3))');
    expect(report).toContain('&amp;lt;b&amp;gt;');
    expect(report).toContain('- **Incident date:** 2026-11-03&lt;script&gt;');
  });
});

describe('stability', () => {
  it('gives the same bytes for the same board and export time, whatever the ids', () => {
    const a = connectionPoolBoard(ctx);
    const b = connectionPoolBoard(ctx);
    expect(readBoard(a).factors[0]!.id).not.toBe(readBoard(b).factors[0]!.id);
    const options = { exportedAt: EXPORTED_AT };
    expect(renderBoardReport(a, options)).toBe(renderBoardReport(b, options));
    expect(renderBoardReport(a, options)).toBe(renderBoardReport(a, options));
  });

  it('shows no ids and no creation timestamps', () => {
    const doc = connectionPoolBoard(ctx);
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT });
    const board = readBoard(doc);
    for (const record of [...board.events, ...board.factors, ...board.clusters, ...board.actions, ...board.learnings]) {
      expect(md).not.toContain(record.id);
      expect(md).not.toContain(String(record.createdAt));
    }
    for (const voterId of board.ballots.keys()) expect(md).not.toContain(voterId);
  });

  it('is the same after a round trip through another peer', () => {
    const doc = connectionPoolBoard(ctx);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(renderBoardReport(copy, { exportedAt: EXPORTED_AT })).toBe(renderBoardReport(doc, { exportedAt: EXPORTED_AT }));
  });

  it('changes only the export line when exported later', () => {
    const doc = connectionPoolBoard(ctx);
    const first = renderBoardReport(doc, { exportedAt: EXPORTED_AT }).split('\n');
    const later = renderBoardReport(doc, { exportedAt: new Date('2027-01-02T03:04:00Z') }).split('\n');
    const changed = first.filter((line, i) => line !== later[i]);
    expect(changed).toEqual(['- **Exported:** 2026-11-06 16:30 UTC']);
    expect(later).toContain('- **Exported:** 2027-01-02 03:04 UTC');
  });
});

describe('reportFileName', () => {
  it('names the file after the incident date and title, in ASCII', () => {
    const board = readBoard(connectionPoolBoard(ctx));
    expect(reportFileName(board)).toBe('postmortem-2026-11-03-checkout-outage-database-connection-pool-exhausted.md');
    expect(reportFileName({ meta: { ...board.meta, title: 'Café ⚡ / <x>', incidentDate: '' } })).toBe('postmortem-cafe-x.md');
    expect(reportFileName({ meta: { ...board.meta, title: '', incidentDate: 'soon' } })).toBe('postmortem.md');
    // A long title is cut between words, never mid-word.
    const long = 'Checkout errors after the card-vault deploy because the connection pool was sized per worker';
    expect(reportFileName({ meta: { ...board.meta, title: long, incidentDate: '' } })).toBe('postmortem-checkout-errors-after-the-card-vault-deploy-because-the.md');
  });
});

describe('renderReport input from a peer', () => {
  it('renders a board whose action item points at a deleted factor', () => {
    const doc = emptyBoard(ctx);
    const f = addFactor(doc, { text: 'Temporary', category: 'process' }, ctx);
    addActionItem(doc, { text: 'Do the thing', factorIds: [f] }, ctx);
    // A peer deletes the factor without seeing the action item.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    roots(peer).factors.delete(f);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT });
    expect(tables(md)[0]![2]).toEqual(['Do the thing', '—', '—', 'Open', '—']);
  });
});

describe('incident metrics in the report', () => {
  it('lists the four metrics with the moments they are measured between', () => {
    const md = renderBoardReport(connectionPoolBoard(ctx), { exportedAt: EXPORTED_AT });
    expect(table(md, 'Metric').slice(2).map((row) => [row[0], row[3]])).toEqual([
      ['Time to detect (TTD)', '5 min'],
      ['Time to acknowledge (TTA)', '4 min'],
      ['Time to mitigate (TTM)', '36 min'],
      ['Time to resolve (TTR)', '43 min'],
    ]);
    // The marked events say so in the timeline.
    expect(md).toContain('| 2026-11-03 14:07 | Detection | **Detected:** Error-rate alert fires');
  });

  it('shows a missing marker as not measured and misplaced ones as out of order, never a negative time', () => {
    const doc = emptyBoard(ctx);
    const [late, early] = addEvents(doc, [
      { time: '2026-11-03T14:20Z', kind: 'impact', text: 'Errors noticed in checkout' },
      { time: '2026-11-03T14:05Z', kind: 'detection', text: 'Alert fires' },
    ], ctx);
    setEventMarker(doc, late!, 'impactStarted', ctx);
    setEventMarker(doc, early!, 'detected', ctx);
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT });
    const rows = table(md, 'Metric').slice(2);
    expect(rows[0]).toEqual(['Time to detect (TTD)', 'Impact started, 2026-11-03 14:20', 'Detected, 2026-11-03 14:05', '_Out of order: Detected (14:05) is marked before Impact started (14:20)._']);
    expect(rows[1]).toEqual(['Time to acknowledge (TTA)', 'Detected, 2026-11-03 14:05', 'Acknowledged, _not marked_', '_Not measured_']);
    expect(md).not.toMatch(/-\d+ min/);
  });
});

describe('what we knew at the time, in the report', () => {
  it('lists, under the timeline, each event someone gave context, in timeline order', () => {
    const md = renderBoardReport(connectionPoolBoard(ctx), { exportedAt: EXPORTED_AT });
    const section = md.slice(md.indexOf('### What we knew at the time'), md.indexOf('## Incident metrics'));
    expect(section.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- **2026-11-03 13:58** Deploy 4812 of order-service rolls out: workers 8 → 24…',
      '- **2026-11-03 14:19** Database CPU looks normal, so two order-service pods are…',
    ]);
    expect(section).toContain('  - _Why it made sense then:_ Restarting a stuck pod had cleared the same symptom twice that month');
    // Only the fields that were filled in.
    expect(section.match(/_Why it made sense then:_/g)).toHaveLength(1);
  });

  it('keeps a multi-line answer inside its list item', () => {
    const doc = emptyBoard(ctx);
    const [id] = addEvents(doc, [{ time: '2026-11-03T14:19Z', text: 'Pods restarted' }], ctx);
    updateEventContext(doc, id!, { thoughtAtTheTime: 'One pod was stuck.\nA restart had fixed it before.' }, ctx);
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT });
    expect(md).toContain('  - _What we thought:_ One pod was stuck.\\\n    A restart had fixed it before.');
  });
});

describe('top-voted factors no action addresses', () => {
  it('flags them under the action items, with their dots and column', () => {
    const md = renderBoardReport(connectionPoolBoard(ctx), { exportedAt: EXPORTED_AT });
    const section = md.slice(md.indexOf('### Top-voted factors no action addresses'), md.indexOf('## Learnings'));
    expect(section.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- Worker-count changes get the same review as code changes… (● 1, Process)',
      '- Reviewer and author held different beliefs about whether… (● 1, People)',
    ]);
  });

  it('names a cluster, and says nothing once every top factor has an action', () => {
    const doc = emptyBoard(ctx);
    setVoteSettings(doc, { voteBudget: 5 }, ctx);
    const a = addFactor(doc, { text: 'No load test before the peak', category: 'process' }, ctx);
    const b = addFactor(doc, { text: 'Capacity plan is a year old', category: 'process' }, ctx);
    const cluster = createCluster(doc, { name: 'Capacity planning', category: 'process', factorIds: [a, b] }, ctx);
    for (let i = 0; i < 3; i++) castVote(doc, 'v1' as VoterId, cluster, ctx);
    expect(renderBoardReport(doc, { exportedAt: EXPORTED_AT })).toContain('- **Capacity planning** (cluster, ● 3, Process)');
    addActionItem(doc, { text: 'Load test before every peak', factorIds: [a] }, ctx);
    expect(renderBoardReport(doc, { exportedAt: EXPORTED_AT })).not.toContain('no action addresses');
  });

  it('links a factor to events without changing what the report shows about it', () => {
    const doc = connectionPoolBoard(ctx);
    const before = renderBoardReport(doc, { exportedAt: EXPORTED_AT });
    const board = readBoard(doc);
    linkFactorToEvents(doc, board.factors.find((f) => f.text.startsWith('Finding the status page'))!.id, [board.events[0]!.id], ctx);
    expect(renderBoardReport(doc, { exportedAt: EXPORTED_AT })).toBe(before);
  });
});

describe('names replaced for sharing', () => {
  const redacted = () => renderReport(withNamesInText(readBoard(connectionPoolBoard(ctx))), { exportedAt: EXPORTED_AT, redactNames: NAMES });

  it('leaves no name of anyone on the board, and says names were replaced', () => {
    const md = redacted();
    for (const name of ['Priya', 'Dana', 'Luis', 'Tom', 'Kowalski', 'Mei:']) expect(md).not.toContain(name);
    expect(md).toContain('- **Names:** replaced with Participant A, B, … for sharing beyond the team');
    // A word that only starts like a name is not a name.
    expect(md).toContain('Meiosis is not a name.');
  });

  it('gives each person one label everywhere: owner column, notes, summary, context', () => {
    const md = redacted();
    const owners = table(md, 'Item').slice(2).map((row) => row[1]);
    expect(owners).toEqual(['Participant A', 'Participant B', 'Participant C']);
    expect(md).toContain('Participant A led the response; Participant B found the connection limit.');
    expect(md).toContain('**Mitigated:** Participant A rolls back deploy 4812 after Participant B’s finding.');
    expect(md).toContain('_Why it made sense then:_ Participant C confirmed the previous worker count had run for months.');
    expect(md).toContain('Participant A was covering a second rotation that week (Participant E was on leave).');
    expect(md).toContain('- Participant D: check connection counts before restarting pods.');
  });

  it('changes nothing else: same sections, same tables, same order', () => {
    const plain = renderReport(withNamesInText(readBoard(connectionPoolBoard(ctx))), { exportedAt: EXPORTED_AT });
    const md = redacted();
    expect(headings(md)).toEqual(headings(plain));
    expect(tables(md).map((t) => t.length)).toEqual(tables(plain).map((t) => t.length));
    expect(md.split('\n').length).toBe(plain.split('\n').length + 1);
  });

  it('redacts nothing when given no names', () => {
    const board = withNamesInText(readBoard(connectionPoolBoard(ctx)));
    expect(renderReport(board, { exportedAt: EXPORTED_AT, redactNames: [] })).toBe(renderReport(board, { exportedAt: EXPORTED_AT }));
    expect(renderReport(board, { exportedAt: EXPORTED_AT, redactNames: ['', ' ', 'x'] })).toBe(renderReport(board, { exportedAt: EXPORTED_AT }));
  });
});

describe('redactor', () => {
  it('labels people in the order given, whatever the case, and one person written two ways once', () => {
    const r = redactor(['Priya N.', 'Sam', 'priya']);
    expect(r('priya paged SAM; Priya N. and Sam’s team rolled back.')).toBe('Participant A paged Participant B; Participant A and Participant B’s team rolled back.');
  });

  it('takes a surname or initial that follows a first name, so no part of the name is left', () => {
    const r = redactor(['Dana K.']);
    expect(r('Dana Kowalski joined. Dana K. found it. Dana then left.')).toBe('Participant A joined. Participant A found it. Participant A then left.');
  });

  it('never touches part of a longer word', () => {
    const r = redactor(['Sam', 'Al']);
    expect(r('Samantha and Sam met Alice, Al and Sal.')).toBe('Samantha and Participant A met Alice, Participant B and Sal.');
  });

  it('hides a first name two people share without guessing which of them it was', () => {
    const r = redactor(['Sam Lee', 'Sam Patel']);
    expect(r('Sam Lee paged Sam Patel; Sam rolled back.')).toBe('Participant A paged Participant B; a participant rolled back.');
  });

  it('counts on past the alphabet', () => {
    const names = Array.from({ length: 28 }, (_, i) => `Person${String.fromCharCode(65 + (i % 26))}${i}`);
    const r = redactor(names);
    expect(r(names[25]!)).toBe('Participant Z');
    expect(r(names[27]!)).toBe('Participant 28');
  });
});
