// Three Debrief instances on one PostgreSQL and one Redis: people connected to different instances
// see each other's edits and presence as if on one server; a late joiner gets everything; the log
// compacted by all three at once still holds every edit exactly once; deleting a board closes its
// connections on every instance; closing it through one instance makes it read-only on all.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import type { BoardId } from '../../shared/ids';
import { readPhase, setFacilitationVoteSettings, setPhase, setVotesRevealed } from '../../shared/facilitation';
import { addEvent, addFactor, readEvents, readTallies, roots } from '../../shared/board';
import { CloseCode, draftsDocument, type DraftsResponse, type RevealDraftsResponse } from '../../shared/protocol';
import { int, prng } from '../helpers/prng';
import { connect, connectSynced, createBoard, docJson, joinBoard, TEST_MAP, TEST_TEXT, waitForSync, waitUntil, type Client } from '../server/helpers';
import { rebuild } from '../server/store-contract';
import { startCluster, type Cluster } from './cluster';
import { LIVE_WRITES } from '../helpers/context';

let cluster: Cluster;
const clients: Client[] = [];
beforeAll(async () => {
  // Compaction after 40 updates, so that all three instances fold the same logs, often, at once.
  cluster = await startCluster(3, { COMPACT_AFTER_UPDATES: '40' });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});
afterAll(async () => {
  await cluster?.stop();
});

function randomEdit(doc: Y.Doc, random: () => number, who: number): void {
  const map = doc.getMap(TEST_MAP);
  const text = doc.getText(TEST_TEXT);
  const r = random();
  if (r < 0.35) map.set(`key${int(random, 30)}`, `${who}:${int(random, 1000)}`);
  else if (r < 0.45) map.delete(`key${int(random, 30)}`);
  else if (r < 0.85 || text.length === 0) text.insert(int(random, text.length + 1), String.fromCharCode(97 + who));
  else text.delete(int(random, text.length), 1);
}

const sameAs = (a: Client, b: Client) => JSON.stringify(docJson(a.doc)) === JSON.stringify(docJson(b.doc));

test('six people on three instances edit at random, in bursts; every copy, and the stored board, converge', async () => {
  const [a, b, c] = cluster.instances;
  const board = await createBoard(a!.url, { title: 'Cross-instance' });
  const people = await Promise.all(
    [a, a, b, b, c, c].map((instance) => connectSynced(instance!.wsUrl, board.id, board.tokens.participant)),
  );
  clients.push(...people);
  const random = prng(0x5ca1e);
  // Bursts of edits from random people, with short pauses: rooms on all three instances append,
  // announce and compact (every 40 updates) concurrently.
  for (let round = 0; round < 30; round++) {
    for (let i = 0; i < 12; i++) {
      const who = int(random, people.length);
      randomEdit(people[who]!.doc, random, who);
    }
    await new Promise((resolve) => setTimeout(resolve, int(random, 15)));
  }
  await waitUntil(() => people.every((p) => sameAs(p, people[0]!)), 'all six copies to agree', 20_000);
  const final = docJson(people[0]!.doc);
  expect(final.notes.length + Object.keys(final.entries).length).toBeGreaterThan(50);

  // What is stored is the same board: a newcomer on each instance (rooms still loaded) and the
  // log itself, compacted by several instances, hold exactly what everyone sees.
  for (const instance of cluster.instances) {
    const newcomer = await connectSynced(instance.wsUrl, board.id, board.tokens.viewer);
    clients.push(newcomer);
    expect(docJson(newcomer.doc)).toEqual(final);
  }
  const key = { boardId: board.id as BoardId, name: 'board' as const };
  const stored = await cluster.store.loadDocument(key);
  const rebuilt = rebuild(stored);
  expect(docJson(rebuilt)).toEqual(final);
  expect(stored.snapshot).not.toBeNull();
});

test('presence crosses instances: a person shows on the others under their name, changes cross, and they go when they leave', async () => {
  const [a, b, c] = cluster.instances;
  const board = await createBoard(a!.url, { title: 'Presence' });
  // People on the board: the server shows their presence under the names they joined with.
  const ann = await connectSynced(a!.wsUrl, board.id, (await joinBoard(a!.url, board.id, board.tokens.participant, 'Ann')).token);
  const bo = await connectSynced(b!.wsUrl, board.id, (await joinBoard(b!.url, board.id, board.tokens.participant, 'Bo')).token);
  clients.push(ann, bo);
  const nameOf = (watcher: Client, who: Client) =>
    (watcher.provider.awareness.getStates().get(who.doc.clientID) as { user?: { name?: string } } | undefined)?.user?.name;

  ann.provider.awareness.setLocalStateField('user', { name: 'Ann' });
  bo.provider.awareness.setLocalStateField('user', { name: 'Bo' });
  await waitUntil(() => nameOf(bo, ann) === 'Ann' && nameOf(ann, bo) === 'Bo', 'Ann and Bo to see each other');

  // Someone opening the board on a third instance sees both at once.
  const cy = await connectSynced(c!.wsUrl, board.id, board.tokens.viewer);
  clients.push(cy);
  await waitUntil(() => nameOf(cy, ann) === 'Ann' && nameOf(cy, bo) === 'Bo', 'a newcomer on a third instance to see both');

  // A change to Ann's presence (where she is looking) crosses to both at once.
  ann.provider.awareness.setLocalStateField('cursor', 'factor-7');
  const cursorOf = (watcher: Client, who: Client) =>
    (watcher.provider.awareness.getStates().get(who.doc.clientID) as { cursor?: string } | undefined)?.cursor;
  await waitUntil(() => cursorOf(bo, ann) === 'factor-7' && cursorOf(cy, ann) === 'factor-7', 'the change everywhere');

  // Ann closes her tab: she disappears from Bo's and Cy's list.
  clients.splice(clients.indexOf(ann), 1);
  ann.destroy();
  await waitUntil(
    () => !bo.provider.awareness.getStates().has(ann.doc.clientID) && !cy.provider.awareness.getStates().has(ann.doc.clientID),
    'Ann to leave everyone’s list',
  );
  expect(nameOf(cy, bo)).toBe('Bo');
});

test('a late joiner on an instance that had not loaded the board gets everything, also what is typed while it loads', async () => {
  const [a, b, c] = cluster.instances;
  const board = await createBoard(a!.url, { title: 'Late joiner' });
  const writers = await Promise.all([a, b].map((i) => connectSynced(i!.wsUrl, board.id, board.tokens.participant)));
  clients.push(...writers);
  let n = 0;
  const typing = setInterval(() => {
    for (const [w, writer] of writers.entries()) writer.doc.getMap(TEST_MAP).set(`w${w}-${n}`, n);
    n++;
  }, 3);
  try {
    await waitUntil(() => n >= 60, 'some typing first');
    // Joins instance c while both keep typing: c loads the board from the store as updates land.
    const late = connect(c!.wsUrl, board.id, board.tokens.viewer);
    clients.push(late);
    await waitUntil(() => late.provider.synced, 'the late joiner to sync');
    await waitUntil(() => n >= 160, 'more typing after it joined');
  } finally {
    clearInterval(typing);
  }
  const late = clients[clients.length - 1]!;
  await waitUntil(() => late.doc.getMap(TEST_MAP).size === 2 * n && writers.every((w) => sameAs(w, late)), 'the late joiner to hold every edit');
});

test('deleting a board on one instance closes its connections on the others', async () => {
  const [a, b, c] = cluster.instances;
  const board = await createBoard(b!.url, { title: 'Deleted' });
  const onA = await connectSynced(a!.wsUrl, board.id, board.tokens.participant);
  const onC = await connectSynced(c!.wsUrl, board.id, board.tokens.viewer);
  clients.push(onA, onC);
  const res = await fetch(`${b!.url}/api/boards/${board.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${board.tokens.facilitator}` },
  });
  expect(res.status).toBe(204);
  await waitUntil(
    () => onA.closeCodes.includes(CloseCode.boardDeleted) && onC.closeCodes.includes(CloseCode.boardDeleted),
    'both connections to close with "board deleted"',
  );
  const again = await fetch(`${c!.url}/api/boards/${board.id}/session?token=${board.tokens.participant}`);
  expect(again.status).toBe(404);
});

test('a board closed through one instance refuses edits on the others, and takes them again once reopened', async () => {
  const [a, b, c] = cluster.instances;
  const board = await createBoard(a!.url, { title: 'Closed everywhere' });
  // The facilitator is on a; participants on b and c (each instance holds the board's rooms).
  const facilitation = await connectSynced(a!.wsUrl, board.id, board.tokens.facilitator, { document: 'facilitation' });
  const onB = await connectSynced(b!.wsUrl, board.id, board.tokens.participant);
  const onC = await connectSynced(c!.wsUrl, board.id, board.tokens.participant);
  const watcherOnC = await connectSynced(c!.wsUrl, board.id, board.tokens.viewer, { document: 'facilitation' });
  clients.push(facilitation, onB, onC, watcherOnC);

  onB.doc.getMap(TEST_MAP).set('before', 'open');
  await waitUntil(() => onC.doc.getMap(TEST_MAP).get('before') === 'open', 'the edit made while open, across instances');

  setPhase(facilitation.doc, 'closed', Date.now(), LIVE_WRITES);
  await waitUntil(() => readPhase(watcherOnC.doc) === 'closed', 'the phase to reach instance c');
  // b learns it through Redis too; give its relay a moment beyond c's.
  const bWatcher = await connectSynced(b!.wsUrl, board.id, board.tokens.viewer, { document: 'facilitation' });
  clients.push(bWatcher);
  await waitUntil(() => readPhase(bWatcher.doc) === 'closed', 'the phase to reach instance b');

  onB.doc.getMap(TEST_MAP).set('while-closed', 'refused');
  // A marker edit through awareness proves b handled the refused update before we look.
  onB.provider.awareness.setLocalStateField('marker', 'after-refused-edit');
  await waitUntil(
    () => onC.provider.awareness.getStates().get(onB.doc.clientID)?.marker === 'after-refused-edit',
    'b to have handled the refused edit',
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(onC.doc.getMap(TEST_MAP).has('while-closed')).toBe(false);
  const stored = await cluster.store.loadDocument({ boardId: board.id as BoardId, name: 'board' });
  const rebuilt = rebuild(stored);
  expect(rebuilt.getMap(TEST_MAP).toJSON()).toEqual({ before: 'open' });

  setPhase(facilitation.doc, 'learnings', Date.now(), LIVE_WRITES);
  onC.doc.getMap(TEST_MAP).set('after', 'reopened');
  await waitUntil(() => onB.doc.getMap(TEST_MAP).get('after') === 'reopened', 'an edit after reopening, across instances');
});

test('replacing a link through one instance closes its holders on the others with the permanent code; people stay', async () => {
  const [a, b, c] = cluster.instances;
  const board = await createBoard(a!.url, { title: 'Revocation across instances' });
  const joined = await joinBoard(a!.url, board.id, board.tokens.participant, 'Sam');
  const onB = connect(b!.wsUrl, board.id, board.tokens.participant);
  const onC = connect(c!.wsUrl, board.id, board.tokens.participant);
  const sam = await connectSynced(c!.wsUrl, board.id, joined.token);
  clients.push(onB, onC, sam);
  await Promise.all([waitForSync(onB), waitForSync(onC)]);

  const res = await fetch(`${a!.url}/api/boards/${board.id}/invite-links/participant`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.tokens.facilitator}` },
  });
  expect(res.status).toBe(200);
  await waitUntil(() => onB.closeCodes.includes(CloseCode.linkRevoked) && onC.closeCodes.includes(CloseCode.linkRevoked), 'both holders closed');
  // Sam, a person on instance C, is still connected: his edit reaches a newcomer on instance B.
  sam.doc.getMap(TEST_MAP).set('still', 'here');
  const check = await connectSynced(b!.wsUrl, board.id, board.tokens.viewer);
  clients.push(check);
  await waitUntil(() => check.doc.getMap(TEST_MAP).get('still') === 'here', "Sam's edit after the revocation");
  expect(sam.closeCodes).toEqual([]);
});

test('ballots across instances: the budget holds over two instances, nobody sees dots before the reveal, the reveal publishes all', async () => {
  const [a, b, c] = cluster.instances;
  const board = await createBoard(a!.url, { title: 'Ballots across instances' });
  const fran = await joinBoard(a!.url, board.id, board.tokens.facilitator, 'Fran');
  const ana = await joinBoard(a!.url, board.id, board.tokens.participant, 'Ana');
  const ben = await joinBoard(b!.url, board.id, board.tokens.participant, 'Ben');
  const fb = await connectSynced(a!.wsUrl, board.id, fran.token);
  const ff = await connectSynced(a!.wsUrl, board.id, fran.token, { document: 'facilitation' });
  const watcher = await connectSynced(c!.wsUrl, board.id, ben.token);
  clients.push(fb, ff, watcher);
  const factor = addFactor(fb.doc, { text: 'Alert fired late', author: 'Fran', category: 'process' }, LIVE_WRITES);
  setFacilitationVoteSettings(ff.doc, { voteBudget: 2, perTargetCap: null }, LIVE_WRITES);
  setPhase(ff.doc, 'voting', Date.now(), LIVE_WRITES);
  const vote = (url: string, token: string) =>
    fetch(`${url}/api/boards/${board.id}/ballot`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ target: factor, delta: 1 }),
    });
  await waitUntil(async () => (await vote(b!.url, ana.token)).status === 200, 'the first dot, through B');
  // Ana's second dot through C, her third through A: the budget is the store's, on every instance.
  expect((await vote(c!.url, ana.token)).status).toBe(200);
  expect((await vote(a!.url, ana.token)).status).toBe(409);
  expect((await vote(c!.url, ben.token)).status).toBe(200);
  expect(roots(watcher.doc).votes.size).toBe(0);

  setVotesRevealed(ff.doc, true, LIVE_WRITES);
  await waitUntil(() => readTallies(watcher.doc)[0]?.dots === 3, 'the tallies on instance C');
  expect(readTallies(watcher.doc)).toEqual([{ targetId: factor, dots: 3 }]);
});

test('private drafts across instances: counts and the reveal through other instances, the owner’s copy emptied, a late draft stays private', async () => {
  const [a, b, c] = cluster.instances;
  const board = await createBoard(a!.url, { title: 'Drafts across instances' });
  const fran = await joinBoard(a!.url, board.id, board.tokens.facilitator, 'Fran');
  const ana = await joinBoard(a!.url, board.id, board.tokens.participant, 'Ana');
  const ben = await joinBoard(b!.url, board.id, board.tokens.participant, 'Ben');
  const drafts = await connectSynced(a!.wsUrl, board.id, ana.token, { document: draftsDocument(ana.person.id) });
  const watcher = await connectSynced(c!.wsUrl, board.id, ben.token);
  clients.push(drafts, watcher);
  const api = (url: string, path: string, method = 'GET') =>
    fetch(`${url}/api/boards/${board.id}/${path}`, { method, headers: { authorization: `Bearer ${fran.token}` } }).then(
      async (res) => ({ status: res.status, body: (await res.json()) as DraftsResponse & RevealDraftsResponse }),
    );
  addEvent(drafts.doc, { time: '2026-11-03T14:02Z', text: 'Ana saw the alert' }, LIVE_WRITES);
  await waitUntil(async () => (await api(b!.url, 'drafts')).body.people.length === 1, 'the count, through B');
  expect(JSON.stringify(watcher.doc.toJSON())).not.toContain('Ana saw');

  expect((await api(b!.url, 'drafts/reveal', 'POST')).body).toEqual({ events: 1, factors: 0 });
  await waitUntil(() => readEvents(watcher.doc).length === 1, 'the revealed note on instance C');
  expect(readEvents(watcher.doc)[0]).toMatchObject({ text: 'Ana saw the alert', author: '' });
  await waitUntil(() => roots(drafts.doc).events.size === 0, 'Ana’s drafts emptied on instance A');

  addEvent(drafts.doc, { time: '2026-11-03T14:09Z', text: 'Ana restarted the pool' }, LIVE_WRITES);
  await waitUntil(async () => (await api(c!.url, 'drafts')).body.people.length === 1, 'the late draft counted, through C');
  expect(readEvents(watcher.doc).map((e) => e.text)).toEqual(['Ana saw the alert']);
});
