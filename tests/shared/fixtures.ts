// Boards for the report tests, built only through the board's public mutations (the report must
// not show ids). Call with a fresh testContext (tests/helpers/context.ts), whose clock ticks once
// per creation, so creation order, and so the report, is the same on every run.
import * as Y from 'yjs';
import {
  SERVER_ORIGIN,
  addActionItem,
  addEvent,
  addFactor,
  addLearning,
  castVote,
  createCluster,
  initializeBoard,
  linkFactorToEvents,
  roots,
  setEventMarker,
  setSummary,
  updateEventContext,
  upsertParticipant,
  withOrigin,
  type WriteContext,
} from '../../shared/board';
import type { VoterId } from '../../shared/ids';

const voter = (name: string) => name as VoterId;

/** A board just created on the home page: a title and nothing else. */
export function emptyBoard(ctx: WriteContext): Y.Doc {
  const doc = new Y.Doc();
  initializeBoard(doc, { title: 'Untitled incident' }, withOrigin(ctx, SERVER_ORIGIN));
  return doc;
}

/** A realistic review of a connection-pool exhaustion outage, as a team would leave it. */
export function connectionPoolBoard(ctx: WriteContext): Y.Doc {
  const doc = new Y.Doc();
  initializeBoard(
    doc,
    {
      title: 'Checkout outage: database connection pool exhausted',
      incidentDate: '2026-11-03',
      incidentLink: 'https://status.example.com/incidents/2026-11-03-checkout',
    },
    withOrigin(ctx, SERVER_ORIGIN),
  );
  const people = ['Priya', 'Dana', 'Luis', 'Mei', 'Tom'];
  people.forEach((name) => upsertParticipant(doc, voter(`v-${name}`), name, ctx));

  setSummary(
    doc,
    'For 43 minutes on 3 November, about 38% of checkout requests failed with HTTP 503.\n' +
      'A deploy raised the order service from 8 to 24 workers. Each worker keeps its own pool of 10 database ' +
      'connections, so at the afternoon peak the service asked for 240 connections from a database that allows 200.\n\n' +
      'The page went out 5 minutes after errors began. Database CPU looked normal, which pointed the first ' +
      'half hour at the application; rolling back the deploy at 14:38 restored checkout.', ctx,
  );

  // Entered out of order, as people add them during the meeting.
  const alert = addEvent(doc, { time: '2026-11-03T14:07Z', kind: 'detection', text: 'Error-rate alert fires after 5 minutes above threshold; order-service on-call paged.' }, ctx);
  const deploy = addEvent(doc, { time: '2026-11-03T13:58Z', kind: 'action', text: 'Deploy 4812 of order-service rolls out: workers 8 → 24, tuning for the holiday peak.' }, ctx);
  const errors = addEvent(doc, { time: '2026-11-03T14:02Z', kind: 'impact', text: 'Checkout errors climb to 38%; requests time out waiting for a database connection.' }, ctx);
  const ack = addEvent(doc, { time: '2026-11-03T14:11Z', kind: 'communication', text: 'On-call acknowledges, opens the incident channel and sets the status page to "Investigating".' }, ctx);
  const restart = addEvent(doc, { time: '2026-11-03T14:19Z', kind: 'action', text: 'Database CPU looks normal, so two order-service pods are restarted on the idea that one is stuck.\nErrors continue.' }, ctx);
  const spotted = addEvent(doc, { time: '2026-11-03T14:27Z', kind: 'detection', text: 'The database on-call spots "too many connections" in the database log: 200 of 200 in use.' }, ctx);
  const rollback = addEvent(doc, { time: '2026-11-03T14:38Z', kind: 'action', text: 'Deploy 4812 rolled back; workers back to 8.' }, ctx);
  const resolved = addEvent(doc, { time: '2026-11-03T14:45Z', kind: 'resolution', text: 'Errors under 0.1%, queued orders processed, status page resolved.' }, ctx);
  addEvent(doc, { time: '2026-11-03T14:38Z', kind: 'communication', text: 'Support told which customers saw failed payments & how to retry.' }, ctx);

  setEventMarker(doc, errors, 'impactStarted', ctx);
  setEventMarker(doc, alert, 'detected', ctx);
  setEventMarker(doc, ack, 'acknowledged', ctx);
  setEventMarker(doc, rollback, 'mitigated', ctx);
  setEventMarker(doc, resolved, 'resolved', ctx);

  updateEventContext(doc, restart, {
    sawAtTheTime: 'Database CPU at 30% and steady; order-service pods at 90% CPU; no database alert.',
    thoughtAtTheTime: 'The problem was in the application: one pod stuck in a bad state, as in the incident two weeks before.',
    whyItMadeSense: 'Restarting a stuck pod had cleared the same symptom twice that month, and it was quick and safe to try.',
  }, ctx);
  updateEventContext(doc, deploy, {
    sawAtTheTime: 'A reviewed change to one number, passing every check in the pipeline.',
    thoughtAtTheTime: 'Connection pools were shared between workers, so more workers meant no more connections.',
  }, ctx);

  const totalUnchecked = addFactor(doc, { text: 'Each worker opens its own pool of 10 connections; nothing checks workers × pool size against the database limit.', category: 'technology' }, ctx);
  const limitInvisible = addFactor(doc, { text: 'The database connection limit (200) is on no dashboard.', category: 'technology' }, ctx);
  const slowAlert = addFactor(doc, { text: 'The error-rate alert waits for 5 minutes of sustained errors before paging.', category: 'technology' }, ctx);
  const noChecklist = addFactor(doc, { text: 'Worker-count changes get the same review as code changes, with no capacity checklist.', category: 'process' }, ctx);
  const runbook = addFactor(doc, { text: 'The order-service runbook has no section on database connection errors.', category: 'process' }, ctx);
  addFactor(doc, { text: 'Database and application on-call are separate rotations; the database on-call joined only when asked in the channel.', category: 'process' }, ctx);
  const assumptions = addFactor(doc, { text: 'Reviewer and author held different beliefs about whether pools are shared across workers.', category: 'people' }, ctx);
  addFactor(doc, { text: 'On-call was covering a second rotation that week and new to order-service.', category: 'people' }, ctx);
  addFactor(doc, { text: 'Finding the status page template took 4 minutes.' }, ctx);
  const budget = createCluster(doc, { name: 'Connection budget', category: 'technology', factorIds: [totalUnchecked, limitInvisible] }, ctx);

  linkFactorToEvents(doc, totalUnchecked, [deploy, errors], ctx);
  linkFactorToEvents(doc, limitInvisible, [restart, spotted], ctx);
  linkFactorToEvents(doc, slowAlert, [alert], ctx);
  linkFactorToEvents(doc, runbook, [restart], ctx);
  linkFactorToEvents(doc, assumptions, [deploy], ctx);

  // Three people, three dots each.
  for (const target of [budget, totalUnchecked, slowAlert]) castVote(doc, voter('v-Priya'), target, ctx);
  for (const target of [totalUnchecked, totalUnchecked, runbook]) castVote(doc, voter('v-Dana'), target, ctx);
  for (const target of [budget, noChecklist, assumptions]) castVote(doc, voter('v-Luis'), target, ctx);

  addActionItem(doc, {
    text: 'Refuse to start order-service when workers × pool size exceeds the database connection limit.',
    owner: 'Priya N.',
    due: '2026-11-20',
    status: 'in-progress',
    factorIds: [totalUnchecked],
  }, ctx);
  addActionItem(doc, {
    text: 'Chart database connections in use against the limit on the order-service dashboard; alert at 80%.',
    owner: 'Dana K.',
    due: '2026-11-27',
    factorIds: [limitInvisible, slowAlert],
  }, ctx);
  addActionItem(doc, {
    text: 'Add a "database connection errors" section to the order-service runbook.',
    owner: 'Luis M.',
    due: '2026-11-17',
    status: 'done',
    factorIds: [runbook],
  }, ctx);

  addLearning(doc, { text: 'Pool size is set per process, but the database sees the sum over every process.' }, ctx);
  addLearning(doc, { text: 'Normal database CPU does not mean a healthy database: check connection counts early.' }, ctx);
  return doc;
}

/** Text that tries to break out of the report: HTML, links, headings, table pipes, code fences. */
export const HOSTILE = {
  title: '# <script>alert("title")</script> | ## [x](javascript:alert(1))\n===',
  summary:
    '<script>alert(1)</script>\n# Heading\n> quote\n- list\n1. ordered\n    code\n```\nfence\n```\n---\n' +
    '<img src=x onerror=alert(2)> &lt;b&gt; &#60;script&#62; [link](javascript:alert(3)) ![img](http://evil.example/x.png)\n\n' +
    '| a | b |\n| --- | --- |\n| c | d |',
  event: '| injected | columns | here |\n<script>alert(4)</script>\n# not a heading',
  factor: '- not a list\n<iframe src="javascript:alert(5)"></iframe> **bold** _it_ ~~strike~~ `code` $math$',
  cluster: '**** <b>cluster</b> | [click](javascript:alert(6))',
  action: 'Fix | the | table\n| --- | --- |\n<a href="javascript:alert(7)">x</a>',
  owner: '<svg onload=alert(8)> | Eve',
  learning: '1. [learning](javascript:alert(9))\n<!-- hide the rest -->',
  link: 'javascript:alert(10)//https://example.com',
  date: '2026-11-03<script>',
  saw: '## Saw\n- [x](javascript:alert(11)) | pipe\n<b>bold</b>',
  thought: '    indented code\n> quote\n1) list',
  why: '`tick` *star* _under_ ~~strike~~ $x$ &#60;b&#62;',
} as const;

/** A board whose every note tries to inject Markdown structure or HTML into the report. The link
 * and date fields cannot be written through the mutations (they are validated), so they arrive
 * the way a hostile peer would send them: written straight into the document. */
export function hostileBoard(ctx: WriteContext): Y.Doc {
  const doc = new Y.Doc();
  initializeBoard(doc, { title: HOSTILE.title.slice(0, 200) }, withOrigin(ctx, SERVER_ORIGIN));
  upsertParticipant(doc, voter('v-eve'), '<b>Eve</b>', ctx);
  setSummary(doc, HOSTILE.summary, ctx);
  const event = addEvent(doc, { time: '2026-11-03T14:00Z', kind: 'impact', text: HOSTILE.event }, ctx);
  setEventMarker(doc, event, 'impactStarted', ctx);
  updateEventContext(doc, event, { sawAtTheTime: HOSTILE.saw, thoughtAtTheTime: HOSTILE.thought, whyItMadeSense: HOSTILE.why }, ctx);
  const f1 = addFactor(doc, { text: HOSTILE.factor, category: 'people' }, ctx);
  const f2 = addFactor(doc, { text: `${HOSTILE.factor} (second)`, category: 'people' }, ctx);
  addFactor(doc, { text: HOSTILE.event }, ctx);
  const cluster = createCluster(doc, { name: HOSTILE.cluster, category: 'people', factorIds: [f1, f2] }, ctx);
  castVote(doc, voter('v-eve'), cluster, ctx);
  castVote(doc, voter('v-eve'), f1, ctx);
  addActionItem(doc, { text: HOSTILE.action, owner: HOSTILE.owner, factorIds: [f1, f2] }, ctx);
  addLearning(doc, { text: HOSTILE.learning }, ctx);
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  roots(other).meta.set('incidentLink', HOSTILE.link);
  roots(other).meta.set('incidentDate', HOSTILE.date);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
  return doc;
}
