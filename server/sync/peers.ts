// What a room needs from the other server instances that have the same document loaded, and what
// they need from it. The sync layer knows only these interfaces; server/cluster/ implements them
// over Redis (REDIS_URL). On a single server there is no network and rooms get no link.
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { BoardId } from '../../shared/ids';
import type { DocumentKey } from '../storage/types';

/** The side of a room that a link reads and writes. Updates it applies carry INSTANCE_ORIGIN. */
export interface PeerRoom {
  readonly key: DocumentKey;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Awareness client ids that connections to this instance speak for. */
  localAwarenessClients(): number[];
  /** Whether a connection to this instance speaks for `clientId`. */
  ownsAwarenessClient(clientId: number): boolean;
}

/** One room's link to the same document on the other instances. */
export interface RoomPeers {
  /** Resolves once the link hears the others (before the document is read, so nothing is missed). */
  listening(): Promise<void>;
  /** The document was loaded from storage up to `seq`; what the others sent meanwhile is applied. */
  loaded(seq: number): void;
  /** This instance stored `update` as number `seq` (and is broadcasting it to its own clients). */
  stored(seq: number, update: Uint8Array): void;
  /** Connections to this instance changed these awareness entries (an awareness update). */
  awarenessChanged(update: Uint8Array): void;
  /** Every update numbered up to this one is in the document: the room may compact up to here. */
  readonly appliedSeq: number;
  /** The room is released: stop listening. */
  close(): void;
}

/** The instances sharing this server's store. */
export interface PeerNetwork {
  /** Links a room that is starting to load. */
  link(room: PeerRoom): RoomPeers;
  /**
   * Tells the other instances to close a board's connections (it was deleted), or with `credential`
   * only those let in with it (a revoked link, a person whose role changed).
   */
  announceBoardClosed(boardId: BoardId, code: number, reason: string, credential?: string): void;
  /** What to do when another instance announces that (set by the room registry). */
  onBoardClosed(handler: (boardId: BoardId, code: number, reason: string, credential?: string) => void): void;
}
