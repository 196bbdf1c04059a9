// Ballots the server keeps (docs/protocol.md, "Ballots"). Each person's dots live in the store
// (BoardStore.getBallot/setBallot), outside the shared documents, and are answered only to that
// person (plugins/ballots.ts). The rules are checked here: who may vote (a person, not a viewer),
// when (a phase with dots open, votes not revealed, board not closed), on what (a factor or cluster
// that exists; a factor in a cluster takes no dots of its own), how many (the budget and the cap).
//
// The board document's `votes` and `voterNames` roots are the server's alone: empty until the
// facilitator reveals the votes, then the server publishes the ballots there (under named voting
// keyed by person with their names; else under keys that name nobody, in random order), and
// empties them again when the votes are hidden. A client's update that touches them is put back.
// Boards from before keep their ballots: on load, ballots found in the board document move to the
// store once (the board's settings remember it with `ballotsOnServer`).
import * as Y from 'yjs';
import type { FastifyBaseLogger } from 'fastify';
import { readBallots, ROOT, roots, SERVER_ORIGIN, type VoteSettings } from '../shared/board';
import { isRec } from '../shared/board/core/fields';
import { dotsOpenIn, readFacilitation, type FacilitationSnapshot } from '../shared/facilitation';
import type { BoardId } from '../shared/ids';
import type { BallotResponse } from '../shared/protocol';
import { apiError } from './errors';
import type { RoomRegistry } from './sync/registry';
import type { BoardRoomHooks, Room } from './sync/room';
import type { BoardStore } from './storage/types';

/** The board settings key that says the board's old ballots were moved to the store. */
export const BALLOTS_ON_SERVER = 'ballotsOnServer';

type Dots = ReadonlyMap<string, number>;

/** Whether a target takes dots: 'ok', or why not. */
function targetState(doc: Y.Doc, target: string): 'ok' | 'gone' | 'inCluster' {
  const r = roots(doc);
  if (isRec(r.clusters.get(target))) return 'ok';
  const factor = r.factors.get(target);
  if (!isRec(factor)) return 'gone';
  const clusterId = factor.get('clusterId');
  return typeof clusterId === 'string' && isRec(r.clusters.get(clusterId)) ? 'inCluster' : 'ok';
}

/**
 * The dots of a ballot that count now: on targets that still take dots, each clamped to the cap,
 * all together to the budget (in target order, as readBallots does).
 */
export function countedDots(doc: Y.Doc, ballot: Dots, settings: VoteSettings): Map<string, number> {
  let left = settings.voteBudget;
  const out = new Map<string, number>();
  for (const target of [...ballot.keys()].sort()) {
    if (targetState(doc, target) !== 'ok') continue;
    let n = Math.floor(ballot.get(target) ?? 0);
    if (settings.perTargetCap !== null) n = Math.min(n, settings.perTargetCap);
    n = Math.min(n, left);
    if (n > 0) {
      out.set(target, n);
      left -= n;
    }
  }
  return out;
}

function response(dots: Dots, settings: VoteSettings): BallotResponse {
  let spent = 0;
  for (const n of dots.values()) spent += n;
  return {
    dots: Object.fromEntries(dots),
    left: Math.max(0, settings.voteBudget - spent),
    budget: settings.voteBudget,
    cap: settings.perTargetCap,
  };
}

const settingsOf = (f: FacilitationSnapshot): VoteSettings => ({ voteBudget: f.votes.voteBudget, perTargetCap: f.votes.perTargetCap });

/** What the board document should hold in its ballot roots. */
interface Published {
  votes: Map<string, Map<string, number>>;
  names: Map<string, string>;
}

const EMPTY: Published = { votes: new Map(), names: new Map() };

export class BallotService implements BoardRoomHooks {
  readonly serverRoots = [ROOT.votes, ROOT.voterNames];
  /** One change at a time per person (two devices voting at once) and per board (publishing). */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The reveal state each loaded board room was last published for. */
  private readonly lastPublished = new WeakMap<Room, string>();
  /** Boards a settle is running for now. */
  private readonly settling = new Set<BoardId>();

  constructor(
    private readonly store: BoardStore,
    private readonly rooms: RoomRegistry,
    private readonly log: FastifyBaseLogger,
  ) {}

  private serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(key) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  private facilitation(boardId: BoardId): Promise<FacilitationSnapshot> {
    return this.rooms.read({ boardId, name: 'facilitation' }, readFacilitation);
  }

  /** A person's own dots as they count now. */
  async mine(boardId: BoardId, personId: string): Promise<BallotResponse> {
    const facilitation = await this.facilitation(boardId);
    const settings = settingsOf(facilitation);
    const stored = await this.store.getBallot(boardId, personId);
    const counted = await this.rooms.read({ boardId, name: 'board' }, (doc) => countedDots(doc, stored, settings));
    return response(counted, settings);
  }

  /** Spends (`delta` 1) or takes back (-1) one of a person's dots; throws an ApiError saying why not. */
  vote(boardId: BoardId, personId: string, target: string, delta: 1 | -1): Promise<BallotResponse> {
    return this.serial(`person:${boardId}:${personId}`, async () => {
      const facilitation = await this.facilitation(boardId);
      if (facilitation.phase === 'closed') throw apiError('BOARD_CLOSED');
      if (!dotsOpenIn(facilitation.phase)) throw apiError('VOTING_NOT_OPEN');
      if (facilitation.votes.revealed) throw apiError('VOTES_REVEALED');
      const settings = settingsOf(facilitation);
      const stored = await this.store.getBallot(boardId, personId);
      const { state, counted } = await this.rooms.read({ boardId, name: 'board' }, (doc) => ({
        state: targetState(doc, target),
        counted: countedDots(doc, stored, settings),
      }));
      const current = counted.get(target) ?? 0;
      const next = new Map(counted);
      if (delta > 0) {
        if (state === 'gone') throw apiError('VOTE_TARGET_GONE');
        if (state === 'inCluster') throw apiError('VOTE_IN_CLUSTER');
        if (response(counted, settings).left <= 0) throw apiError('VOTE_BUDGET_SPENT');
        if (settings.perTargetCap !== null && current >= settings.perTargetCap) throw apiError('VOTE_CAP_REACHED');
        next.set(target, current + 1);
      } else {
        if (current <= 0) throw apiError('VOTE_NONE_TO_TAKE_BACK');
        if (current === 1) next.delete(target);
        else next.set(target, current - 1);
      }
      // The stored ballot settles to what counts (dots on deleted notes go back to the person).
      if (!(await this.store.setBallot(boardId, personId, next))) throw apiError('BOARD_NOT_FOUND');
      return response(next, settings);
    });
  }

  // --- the board document's ballot roots -------------------------------------------------------

  loaded(room: Room): void {
    const f = room.facilitation;
    if (!f?.isReady) return;
    const s = readFacilitation(f.doc);
    this.lastPublished.set(room, `${s.votes.revealed}:${s.votes.named}`);
    // Settled before (its ballots are in the store) and nothing to put right: nothing to do. This
    // also ends the loop a settle would start by loading a board nobody holds (load, settle, release).
    const r = roots(room.doc);
    if (r.settings.get(BALLOTS_ON_SERVER) === true && (s.votes.revealed || (r.votes.size === 0 && r.voterNames.size === 0))) return;
    // Loaded by a settle of this board itself (it had been released): that settle does the work.
    if (this.settling.has(room.key.boardId)) return;
    void this.settle(room.key.boardId, true);
  }

  facilitationChanged(room: Room, origin: unknown): void {
    const f = room.facilitation;
    if (!f?.isReady) return;
    const s = readFacilitation(f.doc);
    const key = `${s.votes.revealed}:${s.votes.named}`;
    if (this.lastPublished.get(room) === key) return;
    this.lastPublished.set(room, key);
    // Another instance's change is published by the instance that received it.
    if ((origin as { kind?: string } | null)?.kind === 'instance') return;
    void this.settle(room.key.boardId, false);
  }

  serverRootTouched(room: Room): void {
    this.log.warn({ boardId: room.key.boardId }, "a client wrote the board's ballots; putting them back");
    void this.settle(room.key.boardId, false);
  }

  /** Resolves once every publish queued so far for this board has run (tests). */
  settled(boardId: BoardId): Promise<unknown> {
    return this.queues.get(`board:${boardId}`) ?? Promise.resolve();
  }

  /**
   * Moves a board's old ballots to the store (once), then makes its ballot roots what they should
   * be: empty while the votes are hidden, the published ballots once revealed.
   */
  settle(boardId: BoardId, migrate: boolean): Promise<void> {
    return this.serial(`board:${boardId}`, async () => {
      this.settling.add(boardId);
      try {
        const facilitation = await this.facilitation(boardId);
        const settings = settingsOf(facilitation);
        if (migrate) await this.migrate(boardId, settings);
        const wanted = facilitation.votes.revealed ? await this.published(boardId, facilitation) : EMPTY;
        await this.rooms.write({ boardId, name: 'board' }, (doc) => {
          const r = roots(doc);
          if (sameAs(doc, wanted) && r.settings.get(BALLOTS_ON_SERVER) === true) return;
          doc.transact(() => {
            for (const key of [...r.votes.keys()]) if (!wanted.votes.has(key)) r.votes.delete(key);
            for (const key of [...r.voterNames.keys()]) if (!wanted.names.has(key)) r.voterNames.delete(key);
            for (const [key, dots] of wanted.votes) {
              const ballot = new Y.Map<number>();
              for (const [target, n] of dots) ballot.set(target, n);
              r.votes.set(key, ballot);
            }
            for (const [key, name] of wanted.names) if (r.voterNames.get(key) !== name) r.voterNames.set(key, name);
            if (r.settings.get(BALLOTS_ON_SERVER) !== true) r.settings.set(BALLOTS_ON_SERVER, true);
          }, SERVER_ORIGIN);
        });
      } catch (error) {
        this.log.error({ err: error, boardId }, 'could not publish the ballots');
      } finally {
        this.settling.delete(boardId);
      }
    });
  }

  /** Ballots an older board kept in its document: stored for whoever has no ballot in the store yet. */
  private async migrate(boardId: BoardId, settings: VoteSettings): Promise<void> {
    const old = await this.rooms.read({ boardId, name: 'board' }, (doc) =>
      roots(doc).settings.get(BALLOTS_ON_SERVER) === true ? null : readBallots(doc, settings),
    );
    if (!old || old.size === 0) return;
    const stored = await this.store.listBallots(boardId);
    let moved = 0;
    for (const [voterId, ballot] of old) {
      if (ballot.size === 0 || stored.has(voterId)) continue;
      await this.store.setBallot(boardId, voterId, ballot);
      moved++;
    }
    this.log.info({ boardId, moved }, 'ballots moved from the board document to the store');
  }

  /** What the reveal publishes: every counted ballot, named only under named voting. */
  private async published(boardId: BoardId, facilitation: FacilitationSnapshot): Promise<Published> {
    const settings = settingsOf(facilitation);
    const ballots = await this.store.listBallots(boardId);
    const people = facilitation.votes.named ? new Map((await this.store.listPeople(boardId)).map((p) => [p.id as string, p.name])) : null;
    const counted = await this.rooms.read({ boardId, name: 'board' }, (doc) =>
      [...ballots].map(([personId, b]) => [personId, countedDots(doc, b, settings)] as const).filter(([, b]) => b.size > 0),
    );
    const out: Published = { votes: new Map(), names: new Map() };
    if (people) {
      for (const [personId, dots] of counted) {
        out.votes.set(personId, dots);
        const name = people.get(personId);
        if (name) out.names.set(personId, name);
      }
      return out;
    }
    // Anonymous: keys that name nobody, in an order that says nothing about who voted when.
    const shuffled = counted.map(([, dots]) => dots);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    shuffled.forEach((dots, i) => out.votes.set(`ballot-${i + 1}`, dots));
    return out;
  }
}

/** Whether the board document's ballot roots already hold `wanted` (anonymous keys compare by content). */
function sameAs(doc: Y.Doc, wanted: Published): boolean {
  const r = roots(doc);
  const flat = (m: Map<string, Map<string, number>>) => [...m.values()].map((b) => JSON.stringify([...b].sort())).sort();
  const have = new Map<string, Map<string, number>>();
  for (const [key, ballot] of r.votes) {
    if (!(ballot instanceof Y.Map)) return false;
    have.set(key, new Map([...ballot.entries()] as Array<[string, number]>));
  }
  const names = new Map<string, string>();
  r.voterNames.forEach((v, k) => names.set(k, String(v)));
  if (wanted.names.size > 0 || names.size > 0) {
    if (JSON.stringify([...names].sort()) !== JSON.stringify([...wanted.names].sort())) return false;
    const keyed = (m: Map<string, Map<string, number>>) => JSON.stringify([...m].map(([k, b]) => [k, [...b].sort()]).sort());
    return keyed(have) === keyed(wanted.votes);
  }
  return JSON.stringify(flat(have)) === JSON.stringify(flat(wanted.votes));
}
