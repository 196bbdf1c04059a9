// A realistic postmortem board for screenshots and browser tests: thirteen events, nine factors
// (one cluster), votes, four actions, learnings and a summary, written through shared/board's
// mutations over a real websocket connection, the way another client would write it. The people
// who wrote it can stay connected so presence shows.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as B from '../../shared/board';
import { newVoterId, randomId, type FactorId, type VoterId } from '../../shared/ids';
import { createBoard, type TestBoard, type TestServer } from './helpers';

/** The seeders' writes: a person's edits, the real clock, random ids. */
const WRITES: B.WriteContext = { origin: B.LOCAL_ORIGIN, now: () => Date.now(), newId: randomId };

export interface Seeder {
  doc: Y.Doc;
  provider: WebsocketProvider;
  voterId: VoterId;
}

/** A y-websocket client on the board, present as `name`. */
export async function connect(server: TestServer, boardId: string, token: string, name: string, color: string): Promise<Seeder> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace('http', 'ws')}/ws`, boardId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  const voterId = newVoterId();
  provider.awareness.setLocalStateField('user', { name, color, voterId, role: 'participant' });
  B.upsertParticipant(doc, voterId, name, WRITES);
  return { doc, provider, voterId };
}

const at = (hhmm: string) => `2026-11-03T${hhmm}Z`;

/** Creation order is display order for factors, actions and learnings; a pause keeps it. */
const tick = () => new Promise((r) => setTimeout(r, 3));

/** Writes the incident into a connected document. */
export async function seed(doc: Y.Doc, voters: VoterId[]): Promise<void> {
  B.addEvents(doc, [
    { time: at('13:58'), kind: 'action', text: 'Deploy 2026.11.03-2 rolls out to checkout-api. It lowers the shared connection-pool maximum from 50 to 10.' },
    { time: at('14:02'), kind: 'impact', text: 'Checkout error rate climbs past 5%; card payments time out.' },
    { time: at('14:04'), kind: 'detection', text: 'Error-rate alert fires in #alerts-checkout, a channel muted during last month’s reorg.' },
    { time: at('14:11'), kind: 'detection', text: 'Support reports failed payments from three merchants.' },
    { time: at('14:13'), kind: 'communication', text: 'Support pages on-call through the incident bot.' },
    { time: at('14:15'), kind: 'action', text: 'On-call acknowledges. Suspects the payment provider; their status page is green.' },
    { time: at('14:22'), kind: 'action', text: 'Rollback of payment-gateway started (it turns out not to be involved).' },
    { time: at('14:31'), kind: 'detection', text: 'Database dashboard shows connection-pool saturation on checkout-api.' },
    { time: at('14:34'), kind: 'communication', text: 'Status page: “Some card payments are failing. We are on it.”' },
    { time: at('14:38'), kind: 'action', text: 'Pool maximum restored to 50 by hand in all three regions.' },
    { time: at('14:41'), kind: 'resolution', text: 'Error rate back under 0.1%.' },
    { time: at('14:49'), kind: 'resolution', text: 'Incident closed; watching the graphs for an hour.' },
    { time: at('15:30'), kind: 'communication', text: 'Summary for customers posted on the status page.' },
  ], WRITES);

  const f = (text: string, category: B.FactorCategory | null = null) => B.addFactor(doc, { text, category }, WRITES);
  const noAlert = f('No alert on connection-pool saturation', 'technology');
  const muted = f('Checkout alerts went to a channel muted during the reorg', 'technology');
  f('Integration tests run with a pool of 100, so a low maximum never shows up', 'technology');
  const review = f('Shared-config changes merge with one approval', 'process');
  const regions = f('No checklist for settings that differ by region', 'process');
  f('Runbook still points at the old payment-provider dashboard', 'process');
  f('On-call was in their second week and had never seen a checkout page', 'people');
  f('The config reviewer was covering two teams that day', 'people');
  f('Status page updates need a manager’s approval');
  const cluster = B.createCluster(doc, { name: 'Config changes skip a second look', category: 'process', factorIds: [review, regions] }, WRITES);

  const votes: Array<[number, B.VoteTargetId]> = [
    [0, noAlert], [0, noAlert], [0, cluster],
    [1, noAlert], [1, muted], [1, cluster],
    [2, cluster], [2, cluster], [2, muted],
    [3, noAlert], [3, muted],
  ];
  for (const [voter, target] of votes) B.castVote(doc, voters[voter]!, target, WRITES);

  const action = (text: string, owner: string, due: string, status: B.ActionStatus, factorIds: FactorId[]) =>
    B.addActionItem(doc, { text, owner, due, status, factorIds }, WRITES);
  action('Alert on connection-pool saturation for checkout-api, paging on-call', 'Priya Shah', '2026-11-20', 'in-progress', [noAlert]);
  await tick();
  action('Require a second approval for shared-config changes', 'Marco Bianchi', '2026-12-01', 'open', [review, regions]);
  await tick();
  action('Move checkout alerts out of muted channels; audit the rest', 'Lena Park', '2026-11-13', 'done', [muted]);
  await tick();
  action('Run integration tests with production pool sizes', 'Tom Okafor', '2026-12-15', 'open', []);

  B.addLearning(doc, { text: 'A muted channel is a silent alert. We now list muted channels in the on-call handover.' }, WRITES);
  await tick();
  B.addLearning(doc, { text: 'Pool size is set per region; the dashboards show one region at a time.' }, WRITES);
  await tick();
  B.addLearning(doc, { text: 'Checking the provider’s status page first cost us nine minutes. Our own graphs come first.' }, WRITES);
  B.setSummary(
    doc,
    'Between 14:02 and 14:41 UTC on 3 November, about 8% of card payments at checkout failed after a deploy lowered the ' +
      'database connection-pool maximum from 50 to 10. Around 2,300 payments failed; most customers retried successfully. ' +
      'The error-rate alert fired at 14:04 but went to a muted channel, so detection came from support at 14:11.',
    WRITES,
  );
}

export interface SeededBoard {
  board: TestBoard;
  seeders: Seeder[];
  /** Disconnects the people who wrote the board. */
  leave(): void;
}

/** Creates the checkout-incident board and fills it in; three of its people stay connected. */
export async function createSeededBoard(server: TestServer): Promise<SeededBoard> {
  const board = await createBoard(server, {
    title: 'Checkout payments failing after the 14:00 deploy',
    incidentDate: '2026-11-03',
    incidentLink: 'https://status.example.com/incidents/2026-11-03',
  });
  const people: Array<[string, string]> = [
    ['Kim Osei', '#d6404a'],
    ['Lena Park', '#25915a'],
    ['Marco Bianchi', '#d0692b'],
  ];
  const seeders: Seeder[] = [];
  for (const [name, color] of people) seeders.push(await connect(server, board.id, board.tokens.participant, name, color));
  await seed(seeders[0]!.doc, [...seeders.map((s) => s.voterId), newVoterId()]);
  // Wait until the server has everything: its report carries the last thing written.
  for (;;) {
    const res = await fetch(`${server.url}/api/boards/${board.id}/export.md`, {
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
    });
    if ((await res.text()).includes('most customers retried successfully')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { board, seeders, leave: () => seeders.forEach((s) => s.provider.destroy()) };
}
