// Keeps the incident library's index (storage/library.ts) in step with the boards. Every stored
// update marks its board dirty (server/board-changes.ts); after a short quiet delay the indexer
// reads the dirty boards again (the live document when a room has it loaded, else from storage)
// and replaces what the index holds about them, so search and the library follow edits within
// seconds. Each board's row carries the stored version it was read at: at start the indexer reads
// again every board whose stored version is newer (edits made while it was down, boards from
// before the library existed), or every board when the index format or due-date settings changed.
import type { FastifyBaseLogger } from 'fastify';
import { readIncidentFields, readPhase } from '../../shared/facilitation';
import type { BoardId } from '../../shared/ids';
import type { DueDays } from '../../shared/library';
import type { BoardStore } from '../storage/types';
import type { RoomRegistry } from '../sync/registry';
import { describeReview, INDEX_FORMAT } from './review';

export interface LibraryIndexerOptions {
  store: BoardStore;
  rooms: RoomRegistry;
  dueDays: DueDays;
  /** Quiet time after a change before the board is read again (a burst of typing is read once). */
  delayMs: number;
  log: FastifyBaseLogger;
  now?: () => number;
}

/** Boards read at once: each read may load a document from storage. */
const CONCURRENCY = 4;

/** What the index was built with; a different value at start rebuilds it. */
export const indexFormatOf = (dueDays: DueDays): string => `${INDEX_FORMAT}:${JSON.stringify(dueDays)}`;

export class LibraryIndexer {
  private readonly dirty = new Set<BoardId>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly waiters: Array<() => void> = [];
  private readonly now: () => number;

  constructor(private readonly options: LibraryIndexerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The board changed: read it again after the quiet delay. */
  markDirty(boardId: BoardId): void {
    if (this.closed) return;
    this.dirty.add(boardId);
    this.schedule(this.options.delayMs);
  }

  /** Reads again every board the index lacks or holds an older version of. Resolves once they are queued. */
  async catchUp(): Promise<number> {
    const { library } = this.options.store;
    const workspace = await library.getWorkspace();
    const format = indexFormatOf(this.options.dueDays);
    const rebuild = workspace?.indexFormat !== format;
    const [stored, indexed] = await Promise.all([library.boardVersions(), library.indexedVersions()]);
    let stale = 0;
    for (const [boardId, version] of stored) {
      const at = indexed.get(boardId);
      if (rebuild || at === undefined || at < version) {
        this.dirty.add(boardId);
        stale++;
      }
    }
    if (rebuild) await library.setIndexFormat(format);
    if (stale > 0) {
      this.options.log.info({ boards: stale, rebuild }, 'library index: reading boards changed while it was not running');
      this.schedule(0);
    }
    return stale;
  }

  /** Resolves when nothing is dirty or being read (tests, benchmarks, shutdown). */
  idle(): Promise<void> {
    if (this.dirty.size === 0 && !this.running && !this.timer) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops reading boards; what is being read is finished first. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty.clear();
    await this.running;
    this.notifyIdle();
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.running) return; // the running pass schedules the next one
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass().finally(() => {
        this.running = null;
        if (this.dirty.size > 0 && !this.closed) this.schedule(this.options.delayMs);
        else this.notifyIdle();
      });
    }, delayMs);
    this.timer.unref();
  }

  private notifyIdle(): void {
    if (this.dirty.size > 0 || this.running || this.timer) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Reads every board dirty now; boards changed meanwhile wait for the next pass. */
  private async pass(): Promise<void> {
    const boards = [...this.dirty];
    this.dirty.clear();
    let next = 0;
    const worker = async () => {
      while (next < boards.length && !this.closed) {
        const boardId = boards[next++]!;
        try {
          await this.indexBoard(boardId);
        } catch (error) {
          if (this.options.rooms.isStopping || this.closed) return;
          this.options.log.error({ err: error, boardId }, 'library index: could not read a board');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, boards.length) }, worker));
  }

  /** Reads one board and replaces its index rows (or removes them when it is gone). */
  async indexBoard(boardId: BoardId): Promise<void> {
    const { store, rooms, dueDays } = this.options;
    // The version first: a change stored while we read makes it stale, and it is read again.
    const version = (await store.library.boardVersions([boardId])).get(boardId);
    const record = await store.getBoard(boardId);
    if (version === undefined || !record) {
      await store.library.removeIndexed(boardId);
      return;
    }
    const people = await store.listPeople(boardId);
    const facilitation = await rooms.read({ boardId, name: 'facilitation' }, (doc) => ({
      incident: readIncidentFields(doc),
      phase: readPhase(doc),
    }));
    const described = await rooms.read({ boardId, name: 'board' }, (doc) => describeReview(record, doc, facilitation, people, dueDays));
    await store.library.putIndexed({ ...described, version, indexedAt: this.now() });
  }
}
