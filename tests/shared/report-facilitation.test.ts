// The report of a facilitated board: draft or final, votes hidden until the facilitator reveals
// them, voters named only under named voting, the check-in, and authors on the notes that carry
// one. Pinned by golden files like report.test.ts; after an intended change, regenerate with
//
//     UPDATE_GOLDEN=1 npx vitest run --project unit tests/shared/report-facilitation.test.ts
//
// and read the diff of the .md files before committing it.
import * as Y from 'yjs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addActionItem,
  addCheckin,
  addEvents,
  addFactor,
  addLearning,
  castVote,
  readBoard,
  readFactors,
  setVoterName,
  type VoteTargetId,
} from '../../shared/board';
import {
  readFacilitation,
  setFacilitationVoteSettings,
  setCanWait,
  setNamedVoting,
  setPhase,
  setVotesRevealed,
  type FacilitationSnapshot,
  type Phase,
} from '../../shared/facilitation';
import type { VoterId } from '../../shared/ids';
import { renderBoardReport, renderReport } from '../../shared/report';
import { tables } from '../helpers/markdown-check';
import { expectGolden } from './golden';
import { connectionPoolBoard, emptyBoard, HOSTILE } from './fixtures';
import { testContext } from '../helpers/context';

const EXPORTED_AT = new Date('2026-11-06T16:30:45.123Z');
const CLOSED_AT = Date.UTC(2026, 10, 6, 16, 12, 30);

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

const voter = (id: string) => id as VoterId;

/** The connection-pool review as a facilitated meeting leaves it: a few notes written while the
 * board showed authors, the opening check-in, and two of the three voters' names on their ballots
 * (they voted under named voting; Luis voted before it was turned on). */
function facilitatedBoard(): Y.Doc {
  const doc = connectionPoolBoard(ctx);
  addEvents(doc, [{ time: '2026-11-03T14:52Z', kind: 'communication', text: 'Post-incident note sent to support.', author: 'Tom Okafor' }], ctx);
  addFactor(doc, { text: 'Nobody owned the database connection limit.', category: 'process', author: 'Mei Lin' }, ctx);
  addActionItem(doc, { text: 'Give the connection limit an owner in the service catalogue.', owner: 'Mei', due: '2026-12-01', author: 'Mei Lin' }, ctx);
  addLearning(doc, { text: 'Ask the database on-call early, not last.', author: 'Dana Kowalski' }, ctx);
  addCheckin(doc, { kind: 'worked', text: 'The rollback took two minutes once we knew what to roll back.', author: 'Luis Moreno' }, ctx);
  addCheckin(doc, { kind: 'worked', text: 'Support had a message for customers within ten minutes.' }, ctx);
  addCheckin(doc, { kind: 'didnt', text: 'We looked at the application for half an hour\nbecause database CPU was normal.' }, ctx);
  addCheckin(doc, { kind: 'surprised', text: 'Pools are per worker, not per service.' }, ctx);
  setVoterName(doc, voter('v-Priya'), 'Priya Nair', ctx);
  setVoterName(doc, voter('v-Dana'), 'Dana Kowalski', ctx);
  return doc;
}

/** Names on the ballots, which must appear only under named voting, after the reveal. */
const VOTER_SURNAMES = ['Nair'];

/** The facilitation state the facilitator's writes leave. */
function facilitation(input: { phase?: Phase; revealed?: boolean; named?: boolean; voteBudget?: number } = {}): FacilitationSnapshot {
  const doc = new Y.Doc();
  setPhase(doc, input.phase ?? 'voting', input.phase === 'closed' ? CLOSED_AT : CLOSED_AT - 3_600_000, ctx);
  setVotesRevealed(doc, input.revealed ?? false, ctx);
  setNamedVoting(doc, input.named ?? false, ctx);
  if (input.voteBudget !== undefined) setFacilitationVoteSettings(doc, { voteBudget: input.voteBudget }, ctx);
  return readFacilitation(doc);
}

const headings = (md: string) => md.split('\n').filter((line) => /^#{1,6}\s/.test(line));
const statusLine = (md: string) => md.split('\n').find((l) => l.startsWith('- **Status:**'));

function expectWellFormed(md: string): void {
  expect(md.endsWith('\n')).toBe(true);
  expect(md.endsWith('\n\n')).toBe(false);
  expect(md).not.toMatch(/[ \t]$/m);
  for (const table of tables(md)) {
    const width = table[0]!.length;
    for (const row of table) expect(row, row.join(' | ')).toHaveLength(width);
  }
}

describe('golden reports of a facilitated board', () => {
  it('the final report of a closed board, votes revealed, named voting', () => {
    const md = renderBoardReport(facilitatedBoard(), {
      exportedAt: EXPORTED_AT,
      facilitation: facilitation({ phase: 'closed', revealed: true, named: true }),
    });
    expectWellFormed(md);
    expectGolden('facilitated-final', md);
  });

  it('a draft during voting, votes still hidden', () => {
    const md = renderBoardReport(facilitatedBoard(), {
      exportedAt: EXPORTED_AT,
      facilitation: facilitation({ phase: 'voting', revealed: false, named: true }),
    });
    expectWellFormed(md);
    expectGolden('facilitated-hidden', md);
  });
});

describe('top factors that can wait', () => {
  it('leave the "no action" list for their own, with the facilitator’s reason (names replaced when asked)', () => {
    const doc = connectionPoolBoard(ctx);
    const before = renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: facilitation({ revealed: true }) });
    expect(before).toContain('- Worker-count changes get the same review as code changes… (● 1, Process)');
    const target = readFactors(doc).find((f) => f.text.startsWith('Worker-count changes'))!;
    const fac = new Y.Doc();
    setPhase(fac, 'actions', CLOSED_AT, ctx);
    setVotesRevealed(fac, true, ctx);
    setCanWait(fac, target.id, 'Priya Nair is rebuilding that dashboard this month.', ctx);
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: readFacilitation(fac) });
    const waiting = md.slice(md.indexOf('### Top-voted factors that can wait'));
    expect(waiting).toContain('- Worker-count changes get the same review as code changes… (● 1): Priya Nair is rebuilding that dashboard this month.');
    expect(md.slice(md.indexOf('### Top-voted factors no action addresses'), md.indexOf('### Top-voted factors that can wait'))).not.toContain(target.text.slice(0, 30));
    const redacted = renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: readFacilitation(fac), redactNames: ['Priya Nair'] });
    expect(redacted).not.toContain('Priya');
    expect(redacted).toContain('is rebuilding that dashboard this month.');
  });
});

describe('status', () => {
  it('is a draft until the board is closed, then final with the moment it was closed (UTC)', () => {
    const doc = facilitatedBoard();
    for (const phase of ['prework', 'timeline', 'voting', 'learnings'] as const) {
      expect(statusLine(renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: facilitation({ phase }) }))).toBe('- **Status:** Draft');
    }
    const final = renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: facilitation({ phase: 'closed' }) });
    expect(statusLine(final)).toBe('- **Status:** Final — closed 2026-11-06 16:12 UTC');
    // Without facilitation state (a board never facilitated), a draft as before.
    expect(statusLine(renderBoardReport(doc, { exportedAt: EXPORTED_AT }))).toBe('- **Status:** Draft');
  });

  it('says final without a time when the closing moment is unknown', () => {
    const snapshot = { ...facilitation({ phase: 'closed' }), closedAt: 0 };
    expect(statusLine(renderBoardReport(emptyBoard(ctx), { exportedAt: EXPORTED_AT, facilitation: snapshot }))).toBe('- **Status:** Final');
  });
});

describe('hidden votes', () => {
  const hidden = (doc: Y.Doc) => renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: facilitation({ revealed: false, named: true }) });

  it('shows no dot, tally, ranking or voter, only a quiet line saying so', () => {
    const md = hidden(facilitatedBoard());
    expect(md).not.toContain('●');
    expect(md).not.toContain('placed');
    expect(md).not.toContain('Top-voted');
    expect(md).not.toContain('Voted by');
    for (const name of VOTER_SURNAMES) expect(md).not.toContain(name);
    expect(md).toContain('## Where the dots went\n\n_Votes are hidden until the facilitator reveals them._\n');
    expect(tables(md).map((t) => t[0]![0])).toEqual(['Time (UTC)', 'Metric', 'Item']);
  });

  it('does not change as people vote: not even the order of the factors gives the tallies away', () => {
    const doc = facilitatedBoard();
    const before = hidden(doc);
    const last = readFactors(doc).at(-1)!;
    castVote(doc, voter('v-Mei'), last.id as VoteTargetId, ctx);
    castVote(doc, voter('v-Mei'), last.id as VoteTargetId, ctx);
    castVote(doc, voter('v-Tom'), last.id as VoteTargetId, ctx);
    expect(hidden(doc)).toBe(before);
  });

  it('shows the tallies once revealed, the same as a board that was never facilitated', () => {
    const doc = facilitatedBoard();
    const revealed = renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: facilitation({ revealed: true }) });
    expect(revealed).toContain('3 people placed 9 dots, with 3 dots each to spend.');
    expect(revealed).toContain('### Top-voted factors no action addresses');
    expect(revealed).toBe(renderBoardReport(doc, { exportedAt: EXPORTED_AT }));
  });

  it('counts dots by the facilitation document’s settings', () => {
    const doc = facilitatedBoard();
    castVote(doc, voter('v-Mei'), readFactors(doc)[0]!.id, ctx, { voteBudget: 5, perTargetCap: null });
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: facilitation({ revealed: true, voteBudget: 5 }) });
    expect(md).toContain('4 people placed 10 dots, with 5 dots each to spend.');
  });
});

describe('names with the dots', () => {
  it('never appear without named voting, revealed or not, facilitated or not', () => {
    const doc = facilitatedBoard();
    for (const options of [
      { facilitation: facilitation({ revealed: true, named: false }) },
      { facilitation: facilitation({ revealed: false, named: true }) },
      { facilitation: facilitation({ revealed: false, named: false }) },
      {},
    ]) {
      const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT, ...options });
      for (const name of VOTER_SURNAMES) expect(md).not.toContain(name);
      expect(md).not.toContain('Voted by');
      expect(md).not.toContain('unnamed');
    }
  });

  it('appear with the dots under named voting once revealed, unnamed ballots summed', () => {
    const md = renderBoardReport(facilitatedBoard(), { exportedAt: EXPORTED_AT, facilitation: facilitation({ revealed: true, named: true }) });
    const top = tables(md).find((t) => t[0]![0] === 'Dots')!;
    expect(top[0]).toEqual(['Dots', 'Note', 'Category', 'Voted by']);
    // Dana put two dots on the top factor, Priya one; Luis's anonymous dots on the cluster.
    expect(top[2]![3]).toBe('Dana Kowalski ● 2, Priya Nair ● 1');
    expect(top[3]).toEqual(['● 2', '**Connection budget** (cluster)', 'Technology', 'Priya Nair ● 1, unnamed ● 1']);
  });

  it('leave the table as it was when no ballot carries a name', () => {
    const doc = connectionPoolBoard(ctx);
    const named = renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: facilitation({ revealed: true, named: true }) });
    expect(named).toBe(renderBoardReport(doc, { exportedAt: EXPORTED_AT }));
  });

  it('are replaced, like every other name, in a report shared beyond the team', () => {
    const md = renderReport(readBoard(facilitatedBoard()), {
      exportedAt: EXPORTED_AT,
      facilitation: facilitation({ phase: 'closed', revealed: true, named: true }),
      redactNames: ['Priya', 'Dana', 'Luis', 'Mei', 'Tom', 'Priya N.', 'Dana K.', 'Luis M.'],
    });
    for (const name of ['Priya', 'Dana', 'Luis', 'Mei', 'Tom', 'Nair', 'Kowalski', 'Okafor', 'Moreno', 'Lin']) expect(md).not.toContain(name);
    const top = tables(md).find((t) => t[0]![0] === 'Dots')!;
    expect(top[2]![3]).toBe('Participant B ● 2, Participant A ● 1');
    expect(md).toContain('- Ask the database on-call early, not last. — _Participant B_');
  });
});

describe('authors', () => {
  it('appear after the notes that carry one, and nowhere else', () => {
    const md = renderBoardReport(facilitatedBoard(), { exportedAt: EXPORTED_AT, facilitation: facilitation({ revealed: true }) });
    expect(md).toContain('| 2026-11-03 14:52 | Communication | Post-incident note sent to support. — _Tom Okafor_ |');
    expect(md).toContain('- Nobody owned the database connection limit. — _Mei Lin_\n');
    expect(md).toContain('| Give the connection limit an owner in the service catalogue. — _Mei Lin_ | Mei | 2026-12-01 | Open |');
    expect(md).toContain('- Ask the database on-call early, not last. — _Dana Kowalski_');
    expect(md).toContain('- The rollback took two minutes once we knew what to roll back. — _Luis Moreno_');
    // Five authored notes, five bylines: the anonymous ones carry none.
    expect(md.match(/ — _/g)).toHaveLength(5);
  });

  it('are replaced in a shared report even when the list of names to hide leaves them out', () => {
    const doc = emptyBoard(ctx);
    addFactor(doc, { text: 'Paging went to the old rotation.', category: 'process', author: 'Zed Quill' }, ctx);
    addCheckin(doc, { kind: 'worked', text: 'Zed found the alert.', author: 'Zed Quill' }, ctx);
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT, redactNames: ['Priya'] });
    expect(md).not.toContain('Zed');
    expect(md).not.toContain('Quill');
    expect(md).toContain('- Paging went to the old rotation. — _Participant B_');
    expect(md).toContain('- Participant B found the alert. — _Participant B_');
  });

  it('are escaped like any text', () => {
    const doc = emptyBoard(ctx);
    addFactor(doc, { text: 'A factor', category: 'people', author: '<b>Eve</b> | *x*' }, ctx);
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT });
    expect(md).toContain('- A factor — _&lt;b&gt;Eve&lt;/b&gt; \\| \\*x\\*_');
  });
});

describe('check-in', () => {
  it('lists each prompt’s lines in the order they were added, leaving out prompts nobody answered', () => {
    const doc = emptyBoard(ctx);
    addCheckin(doc, { kind: 'surprised', text: 'How quiet the alert was.' }, ctx);
    addCheckin(doc, { kind: 'worked', text: 'Paging worked.' }, ctx);
    addCheckin(doc, { kind: 'worked', text: 'The runbook link was pinned.' }, ctx);
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: facilitation() });
    const section = md.slice(md.indexOf('## Check-in'), md.indexOf('## Action items'));
    expect(section).toBe(
      '## Check-in\n\n### What worked\n\n- Paging worked.\n- The runbook link was pinned.\n\n### What surprised you\n\n- How quiet the alert was.\n\n',
    );
  });

  it('comes between the factors and the action items, and is left out when nobody checked in', () => {
    const withLines = renderBoardReport(facilitatedBoard(), { exportedAt: EXPORTED_AT, facilitation: facilitation({ revealed: true }) });
    expect(headings(withLines).filter((h) => h.startsWith('## '))).toEqual([
      '## Summary',
      '## Timeline',
      '## Incident metrics',
      '## Contributing factors',
      '## Where the dots went',
      '## Check-in',
      '## Action items',
      '## Learnings',
    ]);
    expect(renderBoardReport(emptyBoard(ctx), { exportedAt: EXPORTED_AT })).not.toContain('Check-in');
  });

  it('keeps hostile text as text: no heading, list, table, link or HTML', () => {
    const doc = emptyBoard(ctx);
    for (const text of [HOSTILE.learning, HOSTILE.event, HOSTILE.thought, '# not a heading', '<img src=x onerror=alert(1)>']) {
      addCheckin(doc, { kind: 'didnt', text }, ctx);
    }
    const md = renderBoardReport(doc, { exportedAt: EXPORTED_AT, facilitation: facilitation() });
    expectWellFormed(md);
    expect(headings(md)).toEqual([
      '# Untitled incident',
      '## Summary',
      '## Timeline',
      '## Incident metrics',
      '## Contributing factors',
      '## Where the dots went',
      '## Check-in',
      "### What didn't",
      '## Action items',
    ]);
    expect(md).not.toMatch(/<(img|script|a|b)\b/i);
    expect(md).not.toMatch(/(^|[^\\])\[/m);
    // The board has no events, marks or actions: no table at all, none made from the lines' pipes.
    expect(tables(md)).toEqual([]);
    const section = md.slice(md.indexOf("### What didn't"), md.indexOf('## Action items'));
    expect(section).toContain('- 1\\. \\[learning\\](javascript:alert(9))\\\n  &lt;!-- hide the rest --&gt;');
    expect(section).toContain('- \\| injected \\| columns \\| here \\|\\\n  &lt;script&gt;alert(4)&lt;/script&gt;\\\n  \\# not a heading');
    expect(section).toContain('- indented code\\\n  &gt; quote\\\n  1\\) list');
    expect(section).toContain('- \\# not a heading');
    // No line of the section opens a block of its own.
    for (const line of section.split('\n').slice(2)) expect(line).toMatch(/^(- | {2}\S|$)/);
  });
});

describe('incident fields in the report', () => {
  it('go into YAML front matter (when asked for) and the metadata, quoted so no text breaks out', async () => {
    const { renderBoardReport: render } = await import('../../shared/report');
    const { initializeBoard } = await import('../../shared/board');
    const { setIncidentFields, readFacilitation, setPhase } = await import('../../shared/facilitation');
    const Y = await import('yjs');
    const { testContext } = await import('../helpers/context');
    const ctx = testContext();
    const board = new Y.Doc();
    initializeBoard(board, { title: 'Checkout: "outage"\n---', incidentDate: '2026-10-02' }, ctx);
    const facilitation = new Y.Doc();
    setIncidentFields(facilitation, { severity: 'SEV1', services: ['checkout', 'pay: ments'], tags: ['config'] }, ctx);
    setPhase(facilitation, 'closed', 1, ctx);
    const md = render(board, { exportedAt: new Date('2026-10-10T12:00:00Z'), facilitation: readFacilitation(facilitation), frontMatter: true });
    const lines = md.split('\n');
    expect(lines.slice(0, 9)).toEqual([
      '---',
      'title: "Checkout: \\"outage\\"\\n---"',
      'incident_date: "2026-10-02"',
      'status: "final"',
      'severity: "SEV1"',
      'services: ["checkout", "pay: ments"]',
      'tags: ["config"]',
      'exported: "2026-10-10T12:00:00.000Z"',
      '---',
    ]);
    expect(lines).toContain('- **Severity:** SEV1');
    expect(lines).toContain('- **Services:** checkout, pay: ments');
    expect(lines).toContain('- **Tags:** config');
    // Without the option the report starts with its title, as before.
    expect(render(board, { exportedAt: new Date(0), facilitation: readFacilitation(facilitation) }).startsWith('# ')).toBe(true);
  });
});
