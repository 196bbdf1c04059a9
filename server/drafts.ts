// Private drafts kept by the server ("Write privately first", docs/protocol.md "Private drafts").
// Each person's private notes live in their own drafts document (`drafts:<personId>`), which only
// that person's connections may open (plugins/rooms.ts); the board and facilitation documents
// never hold them. Here: the counts a facilitator sees (names and numbers, never contents), and the
// reveal, which moves every person's drafts into the board document as the server (SERVER_ORIGIN),
// named only while the board shows authors, then removes exactly the notes it moved from each
// drafts document: a note written meanwhile stays private until the next reveal.
import type { FastifyBaseLogger } from 'fastify';
import { readDraftNotes, removeDraftNotes, revealDrafts, type DraftNotes } from '../shared/board';
import { readFacilitation } from '../shared/facilitation';
import type { BoardId } from '../shared/ids';
import { draftsDocument, type DraftCount, type RevealDraftsResponse } from '../shared/protocol';
import { apiError } from './errors';
import type { RoomRegistry } from './sync/registry';
import type { BoardStore, PersonRecord } from './storage/types';
import { SERVER_WRITES } from './writeContext';

/** Fisher-Yates with the platform's random: anonymous notes arrive in an order that names nobody. */
function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export class DraftsService {
  /** One reveal at a time per board (two facilitators pressing Reveal together). */
  private readonly reveals = new Map<BoardId, Promise<unknown>>();

  constructor(
    private readonly store: BoardStore,
    private readonly rooms: RoomRegistry,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Every person's drafts, as they are now (the live room when loaded, else the store). */
  private async everyone(boardId: BoardId): Promise<Array<{ person: PersonRecord; notes: DraftNotes }>> {
    const people = await this.store.listPeople(boardId);
    return Promise.all(
      people.map(async (person) => ({
        person,
        notes: await this.rooms.read({ boardId, name: draftsDocument(person.id) }, readDraftNotes),
      })),
    );
  }

  /** Who has private notes waiting, and how many: names and numbers, never contents. */
  async counts(boardId: BoardId): Promise<DraftCount[]> {
    return (await this.everyone(boardId))
      .filter(({ notes }) => notes.events.length + notes.factors.length > 0)
      .map(({ person, notes }) => ({ personId: person.id, name: person.name, events: notes.events.length, factors: notes.factors.length }));
  }

  /** Moves every person's drafts into the board; refused while the board is closed. */
  reveal(boardId: BoardId): Promise<RevealDraftsResponse> {
    const before = this.reveals.get(boardId) ?? Promise.resolve();
    const run = before.then(
      () => this.revealNow(boardId),
      () => this.revealNow(boardId),
    );
    const tail = run.catch(() => undefined);
    this.reveals.set(boardId, tail);
    void tail.then(() => {
      if (this.reveals.get(boardId) === tail) this.reveals.delete(boardId);
    });
    return run;
  }

  private async revealNow(boardId: BoardId): Promise<RevealDraftsResponse> {
    const facilitation = await this.rooms.read({ boardId, name: 'facilitation' }, readFacilitation);
    if (facilitation.phase === 'closed') throw apiError('BOARD_CLOSED');
    const waiting = (await this.everyone(boardId)).filter(({ notes }) => notes.events.length + notes.factors.length > 0);
    if (waiting.length === 0) return { events: 0, factors: 0 };
    const result = await this.rooms.write({ boardId, name: 'board' }, (doc) =>
      revealDrafts(
        doc,
        waiting.map(({ person, notes }) => ({ notes, ...(facilitation.showAuthors ? { author: person.name } : {}) })),
        SERVER_WRITES,
        shuffle,
      ),
    );
    // Stored in the board first: a crash here leaves the drafts to be revealed again, never lost.
    await Promise.all(
      waiting.map(({ person }, i) =>
        this.rooms.write({ boardId, name: draftsDocument(person.id) }, (doc) => removeDraftNotes(doc, result.moved[i]!, SERVER_WRITES)),
      ),
    );
    if (result.skipped > 0) this.log.warn({ boardId, skipped: result.skipped }, 'drafts the board would not take were left in place');
    this.log.info({ boardId, people: waiting.length, events: result.events, factors: result.factors }, 'drafts revealed');
    return { events: result.events, factors: result.factors };
  }
}
