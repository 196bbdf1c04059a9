// Which of this person's changes the server has stored, so the status can say honestly how many
// are still waiting. y-websocket has no acknowledgement of its own, but the server answers a sync
// step 1 only once everything it received before it is stored durably (SYNC_GUARANTEES.
// stepOneAcknowledges of PROTOCOL_VERSION 1, shared/protocol.ts; docs/protocol.md): a step 1 sent
// after our changes, answered by a step 2, confirms them. That is the whole trick; the rest is
// counting.
import type * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { messageSync, type WebsocketProvider } from 'y-websocket';

/** Wait this long after a change before asking for a confirmation: at most one question a second while typing. */
const CONFIRM_DELAY_MS = 1_000;
/** An open socket that leaves a confirmation unanswered this long is treated as dead. */
export const CONFIRM_TIMEOUT_MS = 15_000;

/** A sync step 1 of ours the server has not answered yet, and what its answer will confirm. */
interface PendingConfirmation {
  /** Changes of this visit numbered up to here were sent before the question. */
  upTo: number;
  /** Whether the changes of an earlier visit were sent before it (in our answer to the server's step 1). */
  coversEarlierVisits: boolean;
}

export interface DeliveryOptions {
  /** False for a role whose updates the server drops (viewers): there is nothing to deliver. */
  tracksChanges: boolean;
  /** Transaction origins that are not this person's edits: the provider, the local copy loading. */
  notLocal: ReadonlySet<unknown>;
  /** Sends changes still waiting to be sent (outgoingBatch.ts): a question must follow them. */
  beforeAsk?(): void;
  onChange(): void;
  /** A confirmation went unanswered on an open socket for CONFIRM_TIMEOUT_MS. */
  onStalled(): void;
}

/** Counts this person's changes that the server has not yet confirmed storing. */
export class DeliveryTracker {
  /** Changes made during this visit, numbered from 1. */
  private made = 0;
  /** Every change numbered up to here is stored on the server. */
  private confirmed = 0;
  /** Changes from an earlier visit (read from the local copy) not known to have been sent. */
  private earlier = 0;
  private firstUnsentAt: number | null = null;
  /** The server's step 1 has been answered on this socket: every change so far has been sent. */
  private caughtUp = false;
  private pending: PendingConfirmation[] = [];
  private askTimer: ReturnType<typeof setTimeout> | null = null;
  private stallTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly doc: Y.Doc,
    private readonly options: DeliveryOptions,
  ) {
    // Watch the sync messages the server sends. `emitSynced` is false for messages from another
    // tab (BroadcastChannel), which confirm nothing.
    const handleSync = provider.messageHandlers[messageSync]!;
    provider.messageHandlers[messageSync] = (encoder, decoder, p, emitSynced, type) => {
      // The sync message type is a varuint below 128: one byte, read here without consuming it.
      const syncType = decoder.arr[decoder.pos];
      handleSync(encoder, decoder, p, emitSynced, type);
      if (!emitSynced || this.destroyed) return;
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        // Our step 2 (everything the server lacks) is in `encoder` and is sent as this handler
        // returns; only after that may a question follow it.
        queueMicrotask(() => this.serverAskedUs());
      } else if (syncType === syncProtocol.messageYjsSyncStep2) {
        this.serverAnswered();
      }
    };
    provider.on('status', this.onStatus);
    doc.on('update', this.onUpdate);
  }

  /** Changes the server has not confirmed (this visit's and those carried over from earlier ones). */
  get unsent(): number {
    return this.earlier + this.made - this.confirmed;
  }

  /** When the oldest unconfirmed change was made (null when there is none). */
  get unsentSince(): number | null {
    return this.unsent > 0 ? this.firstUnsentAt : null;
  }

  /** Unsent changes from an earlier visit, as saved with the local copy. */
  carryOver(count: number): void {
    if (!this.options.tracksChanges || count <= 0 || this.destroyed) return;
    this.earlier = count;
    this.firstUnsentAt ??= Date.now();
    this.options.onChange();
    if (this.caughtUp) this.askSoon();
  }

  destroy(): void {
    this.destroyed = true;
    this.clearTimers();
    this.provider.off('status', this.onStatus);
    this.doc.off('update', this.onUpdate);
  }

  private readonly onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
    this.caughtUp = false;
    this.clearTimers();
    // On open, y-websocket sends its own step 1; the answer confirms nothing of ours (our
    // changes follow in our answer to the server's step 1), but it must be matched.
    this.pending = status === 'connected' ? [{ upTo: this.confirmed, coversEarlierVisits: false }] : [];
  };

  private readonly onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (!this.options.tracksChanges || this.options.notLocal.has(origin)) return;
    this.made++;
    this.firstUnsentAt ??= Date.now();
    this.options.onChange();
    if (this.caughtUp) this.askSoon();
  };

  private serverAskedUs(): void {
    if (this.destroyed || !this.provider.wsconnected) return;
    this.caughtUp = true;
    if (this.unsent > 0) this.askSoon();
  }

  private serverAnswered(): void {
    // Answers come in the order of the questions, or a later one first when nothing was being
    // stored; matching them to the oldest question is right either way (it claims the least).
    const answered = this.pending.shift();
    if (!answered) return;
    if (answered.upTo > this.confirmed) this.confirmed = answered.upTo;
    if (answered.coversEarlierVisits) this.earlier = 0;
    if (this.unsent === 0) this.firstUnsentAt = null;
    if (this.pending.length === 0 && this.stallTimer) {
      clearTimeout(this.stallTimer);
      this.stallTimer = null;
    }
    this.options.onChange();
    if (this.unsent > 0 && this.caughtUp) this.askSoon();
  }

  private askSoon(): void {
    if (this.askTimer || this.pending.length > 0) return; // asked already; the answer asks again
    this.askTimer = setTimeout(() => {
      this.askTimer = null;
      this.ask();
    }, CONFIRM_DELAY_MS);
  }

  /** Sends a sync step 1 whose answer confirms every change made so far. */
  private ask(): void {
    const ws = this.provider.ws;
    if (this.destroyed || !this.caughtUp || this.pending.length > 0 || !ws || ws.readyState !== WebSocket.OPEN) return;
    this.options.beforeAsk?.();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
    this.pending.push({ upTo: this.made, coversEarlierVisits: true });
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      if (!this.destroyed && this.pending.length > 0) this.options.onStalled();
    }, CONFIRM_TIMEOUT_MS);
  }

  private clearTimers(): void {
    if (this.askTimer) clearTimeout(this.askTimer);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.askTimer = null;
    this.stallTimer = null;
  }
}
