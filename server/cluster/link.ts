// One room's link to the same document on the other instances: announces what this instance
// stored, applies what the others stored, and makes sure nothing is missed.
//
// PostgreSQL numbers a document's updates 1, 2, 3... in commit order (storage/postgres.ts), so the
// link knows exactly what the room holds: every number up to `frontier`, plus some above it
// (`ahead`). A number it has not seen while a higher one exists (announced, its own, a head, or
// found by the periodic check) is a gap; if it is still open after GAP_GRACE_MS (the announcement
// may just be in flight), the link reads what it lacks from the store (`loadUpdatesSince`) and
// applies it. Redis only makes updates arrive sooner; the store decides what exists.
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { FastifyBaseLogger } from 'fastify';
import { INSTANCE_ORIGIN } from '../../shared/board/origins';
import { applyStored } from '../storage/document';
import type { BoardStore } from '../storage/types';
import type { PeerRoom, RoomPeers } from '../sync/peers';
import { decodeAwarenessUpdate, encodeAwarenessEntries } from '../sync/messages';
import type { PeerMessage } from './wire';

/** How long a gap may stay open before the link reads the store (an announcement may be in flight). */
export const GAP_GRACE_MS = 150;

/** What a link needs from the instance's relay. */
export interface LinkRelay {
  readonly instance: string;
  readonly store: Pick<BoardStore, 'loadUpdatesSince'>;
  readonly log: FastifyBaseLogger;
  /** Subscribes the channel for this link; resolves when subscribed (or at once while Redis is away). */
  subscribe(channel: string, link: RoomLink): Promise<void>;
  unsubscribe(channel: string, link: RoomLink): void;
  publish(channel: string, message: PeerMessage): void;
}

type UpdateMessage = Extract<PeerMessage, { kind: 'update' }>;

export class RoomLink implements RoomPeers {
  /** Every update numbered up to here is in the document. */
  private frontier = 0;
  /** Numbers above frontier + 1 that are in the document. */
  private readonly ahead = new Set<number>();
  /** The highest number known to exist. */
  private known = 0;
  /** Updates announced while the room was loading, applied once it has. */
  private early: UpdateMessage[] | null = [];
  private gapTimer: NodeJS.Timeout | null = null;
  private catchingUp: Promise<void> | null = null;
  /** Awareness client ids of other instances' clients, with the instance that speaks for each. */
  private readonly remoteClients = new Map<number, string>();
  private closed = false;

  constructor(
    private readonly relay: LinkRelay,
    readonly room: PeerRoom,
    readonly channel: string,
  ) {}

  get appliedSeq(): number {
    return this.frontier;
  }

  listening(): Promise<void> {
    return this.relay.subscribe(this.channel, this);
  }

  loaded(seq: number): void {
    this.frontier = Math.max(this.frontier, seq);
    this.noteExists(seq);
    const early = this.early ?? [];
    this.early = null;
    for (const message of early) this.applyUpdate(message);
    // Ask the others who is here; they answer with their clients' awareness.
    this.relay.publish(this.channel, { kind: 'queryAwareness', instance: this.relay.instance });
  }

  stored(seq: number, update: Uint8Array): void {
    this.relay.publish(this.channel, { kind: 'update', instance: this.relay.instance, seq, update });
    this.markApplied(seq);
  }

  awarenessChanged(update: Uint8Array): void {
    this.relay.publish(this.channel, { kind: 'awareness', instance: this.relay.instance, update });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    this.relay.unsubscribe(this.channel, this);
  }

  /** A message on this document's channel from another instance. */
  receive(message: PeerMessage): void {
    if (this.closed) return;
    switch (message.kind) {
      case 'update':
        if (this.early) this.early.push(message);
        else this.applyUpdate(message);
        break;
      case 'head':
        this.noteExists(message.seq);
        break;
      case 'awareness':
        this.applyAwareness(message.instance, message.update);
        break;
      case 'queryAwareness':
        this.publishLocalAwareness();
        break;
      case 'heartbeat':
      case 'goodbye':
      case 'boardClosed':
        break; // instance-wide messages, handled by the relay
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled peer message ${String(unreachable)}`);
      }
    }
  }

  /** Announces what this instance holds (after its Redis link came back: the others may have missed it). */
  announce(): void {
    if (this.closed || this.early) return;
    this.relay.publish(this.channel, { kind: 'head', instance: this.relay.instance, seq: this.frontier });
    this.publishLocalAwareness();
  }

  /** Learned from the store or a peer that updates up to `seq` exist. */
  noteExists(seq: number): void {
    if (seq > this.known) this.known = seq;
    if (this.closed || this.early || this.known <= this.frontier || this.gapTimer || this.catchingUp) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.known > this.frontier) void this.catchUp();
    }, GAP_GRACE_MS);
  }

  /** Reads from the store whatever the room lacks and applies it (also after Redis came back). */
  catchUp(): Promise<void> {
    if (this.closed || this.early) return Promise.resolve();
    this.catchingUp ??= this.readMissing().finally(() => {
      this.catchingUp = null;
      // Something newer may have been announced while reading.
      this.noteExists(this.known);
    });
    return this.catchingUp;
  }

  /** Drops the awareness of an instance's clients (it stopped, or fell silent). */
  dropInstance(instance: string): void {
    const gone: number[] = [];
    for (const [clientId, owner] of this.remoteClients) {
      if (owner !== instance) continue;
      this.remoteClients.delete(clientId);
      // A client that has since reconnected here speaks for itself now.
      if (!this.room.ownsAwarenessClient(clientId)) gone.push(clientId);
    }
    if (gone.length > 0) awarenessProtocol.removeAwarenessStates(this.room.awareness, gone, INSTANCE_ORIGIN);
  }

  // --- internals --------------------------------------------------------------------------------

  private applyUpdate({ seq, update }: UpdateMessage): void {
    if (seq <= this.frontier || this.ahead.has(seq)) return; // already here
    try {
      Y.applyUpdate(this.room.doc, update, INSTANCE_ORIGIN);
    } catch (error) {
      // It is stored; reading it back from the store is the way to get it right.
      this.relay.log.error({ err: error, boardId: this.room.key.boardId, seq }, 'an update from another instance does not apply');
      this.noteExists(seq);
      return;
    }
    this.markApplied(seq);
  }

  private markApplied(seq: number): void {
    if (seq <= this.frontier) return;
    this.ahead.add(seq);
    while (this.ahead.delete(this.frontier + 1)) this.frontier++;
    this.noteExists(seq);
  }

  private async readMissing(): Promise<void> {
    const since = this.frontier;
    let missing;
    try {
      missing = await this.relay.store.loadUpdatesSince(this.room.key, since);
    } catch (error) {
      this.relay.log.warn({ err: error, boardId: this.room.key.boardId }, 'could not catch up from the store; will retry');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return;
    }
    if (this.closed) return;
    // Only what the document lacks comes out of this, and the room broadcasts that.
    applyStored(this.room.doc, missing, INSTANCE_ORIGIN, (error, part) => {
      // A damaged row is logged once, by the room's own loader when the board is next loaded.
      if (part === 'merge') {
        this.relay.log.error({ err: error, boardId: this.room.key.boardId }, 'stored updates do not apply; catching up one by one');
      }
    });
    if (missing.lastSeq > this.frontier) this.frontier = missing.lastSeq;
    for (const seq of this.ahead) if (seq <= this.frontier) this.ahead.delete(seq);
    while (this.ahead.delete(this.frontier + 1)) this.frontier++;
  }

  private applyAwareness(instance: string, update: Uint8Array): void {
    let entries;
    try {
      entries = decodeAwarenessUpdate(update);
    } catch {
      return;
    }
    // An instance speaks for its own clients only: never for one connected here.
    const accepted = entries.filter((e) => !this.room.ownsAwarenessClient(e.clientId));
    if (accepted.length === 0) return;
    for (const e of accepted) {
      if (e.state === 'null') this.remoteClients.delete(e.clientId);
      else this.remoteClients.set(e.clientId, instance);
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(
        this.room.awareness,
        accepted.length === entries.length ? update : encodeAwarenessEntries(accepted),
        INSTANCE_ORIGIN,
      );
    } catch (error) {
      this.relay.log.warn({ err: error, boardId: this.room.key.boardId }, 'awareness from another instance does not apply');
    }
  }

  private publishLocalAwareness(): void {
    const states = this.room.awareness.getStates();
    const ids = this.room.localAwarenessClients().filter((id) => states.has(id));
    if (ids.length === 0) return;
    this.relay.publish(this.channel, {
      kind: 'awareness',
      instance: this.relay.instance,
      update: awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, ids),
    });
  }
}
