// A diagnostic variant of our server, never a headline number: the real app (auth, rooms, the
// SQLite store for boards and loading) except that appending a document update does not write to
// SQLite. It still resolves on the next event-loop turn, as the real store's per-tick batch does,
// so the difference from `ours` in the fan-out benchmark is the cost of the durable log writes.
// Run with `npm run bench -- fanout --servers ours,ours-nowrite,reference`.
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openSqliteStore } from '../../server/storage/sqlite';
import type { BoardStore } from '../../server/storage/types';

const config = loadConfig(process.env);
const sqlite = openSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
let seq = 1_000_000;
const store: BoardStore = {
  numbering: sqlite.numbering,
  signInSessions: sqlite.signInSessions,
  library: sqlite.library,
  trackers: sqlite.trackers,
  transfer: sqlite.transfer,
  createBoard: (record, docs) => sqlite.createBoard(record, docs),
  getBoard: (id) => sqlite.getBoard(id),
  deleteBoard: (id) => sqlite.deleteBoard(id),
  linkBoard: (id, linkedId, linkedAt) => sqlite.linkBoard(id, linkedId, linkedAt),
  unlinkBoard: (id, linkedId) => sqlite.unlinkBoard(id, linkedId),
  listLinkedBoards: (id) => sqlite.listLinkedBoards(id),
  createPerson: (person) => sqlite.createPerson(person),
  getPerson: (id, personId) => sqlite.getPerson(id, personId),
  findPersonBySubject: (id, subject) => sqlite.findPersonBySubject(id, subject),
  listPeople: (id) => sqlite.listPeople(id),
  getBallot: (id, p) => sqlite.getBallot(id, p),
  listBallots: (id) => sqlite.listBallots(id),
  setBallot: (id, p, b) => sqlite.setBallot(id, p, b),
  updatePerson: (id, personId, changes) => sqlite.updatePerson(id, personId, changes),
  replaceLinkToken: (id, role, hash, token, at) => sqlite.replaceLinkToken(id, role, hash, token, at),
  findRetiredLink: (id, hash) => sqlite.findRetiredLink(id, hash),
  setParticipantsMayShare: (id, value) => sqlite.setParticipantsMayShare(id, value),
  appendUpdates: () => new Promise((resolve) => setImmediate(() => resolve(++seq))),
  loadDocument: (key) => sqlite.loadDocument(key),
  loadUpdatesSince: (key, afterSeq) => sqlite.loadUpdatesSince(key, afterSeq),
  compact: async () => undefined,
  documentStats: (key) => sqlite.documentStats(key),
  flush: () => sqlite.flush(),
  close: () => sqlite.close(),
};
const app = await buildApp(config, { store });
await app.listen({ port: config.port, host: config.host });
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
