// This person's own dots, as the server keeps them (server/ballots.ts). Nobody's dots travel in
// the shared documents before the reveal, so the ballot is read over HTTP: on opening the board,
// after each vote (the server's answer, never a guess: no dot shows that the server did not keep),
// when the page comes back into view or the connection returns, and every few seconds while the
// page is visible, so another device of the same person catches up.
import { useEffect, useSyncExternalStore } from 'react';
import type { VoteTargetId } from '../../../../shared/board';
import { parsePersonalToken, type BallotResponse } from '../../../../shared/protocol';
import { castBallotDot, fetchBallot } from '../../services/api';

export interface MyBallot {
  /** Dots per target as the server last answered. */
  dots: ReadonlyMap<VoteTargetId, number>;
  /** The server has answered at least once. */
  loaded: boolean;
}

const POLL_MS = 10_000;
const EMPTY: MyBallot = { dots: new Map(), loaded: false };

class MyBallotStore {
  private state: MyBallot = EMPTY;
  private readonly listeners = new Set<() => void>();
  /** Bumped by each vote, so that an older read answering late does not undo it. */
  private generation = 0;

  constructor(
    private readonly boardId: string,
    private readonly token: string,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly get = (): MyBallot => this.state;

  private set(answer: BallotResponse): void {
    const dots = new Map(Object.entries(answer.dots) as Array<[VoteTargetId, number]>);
    const same = this.state.loaded && dots.size === this.state.dots.size && [...dots].every(([k, n]) => this.state.dots.get(k) === n);
    if (same) return;
    this.state = { dots, loaded: true };
    for (const l of this.listeners) l();
  }

  /** Reads the ballot again; a failure (offline) keeps what was shown. A link that is nobody
   * (a view-only or bare link) has no ballot to read. */
  refresh(): void {
    if (parsePersonalToken(this.token) === null) return;
    const generation = this.generation;
    fetchBallot(this.boardId, this.token).then(
      (answer) => {
        if (generation === this.generation) this.set(answer);
      },
      () => undefined,
    );
  }

  /** Spends or takes back a dot; rejects with the server's reason when it refuses. */
  async vote(target: VoteTargetId, delta: 1 | -1): Promise<void> {
    this.generation++;
    const answer = await castBallotDot(this.boardId, this.token, target, delta);
    this.generation++;
    this.set(answer);
  }
}

const stores = new Map<string, MyBallotStore>();

/** The ballot store of one person on one board (one per board and token). */
export function myBallotStore(boardId: string, token: string): MyBallotStore {
  const key = `${boardId}\u0000${token}`;
  let store = stores.get(key);
  if (!store) stores.set(key, (store = new MyBallotStore(boardId, token)));
  return store;
}

/** This person's own dots; refreshed on mount, on `refreshKey` changes, focus, reconnecting, and a poll. */
export function useMyBallot(boardId: string, token: string, refreshKey: string): MyBallot {
  const store = myBallotStore(boardId, token);
  useEffect(() => {
    store.refresh();
  }, [store, refreshKey]);
  useEffect(() => {
    const again = () => {
      if (document.visibilityState === 'visible') store.refresh();
    };
    window.addEventListener('focus', again);
    window.addEventListener('online', again);
    document.addEventListener('visibilitychange', again);
    const timer = setInterval(again, POLL_MS);
    return () => {
      window.removeEventListener('focus', again);
      window.removeEventListener('online', again);
      document.removeEventListener('visibilitychange', again);
      clearInterval(timer);
    };
  }, [store]);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
