// Sends this person's changes just after the frame that shows them, not inside the keystroke that
// made them. y-websocket sends every update from the document's update event: encoding it, the
// websocket's send and the post to other tabs (BroadcastChannel) ran inside each keystroke's input
// event, before the browser could paint the letter. Here a change is queued, and the queue is
// merged and sent in a task after the next frame (or after SEND_DELAY_MAX_MS when no frame comes:
// a hidden tab draws none), when the page is left, and before the delivery tracker asks the server
// to confirm what it has (delivery.ts), so a question never overtakes the changes it confirms.
//
// Nothing else about sending changes: a closed socket still skips the send (the changes reach the
// server in the sync exchange when it opens again, as before), and updates that came from the
// provider itself are never sent back.
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';

/** The longest a change waits to be sent when no frame is drawn. */
export const SEND_DELAY_MAX_MS = 50;

export class OutgoingBatch {
  private pending: Uint8Array[] = [];
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly provider: WebsocketProvider,
  ) {
    // Replaces y-websocket's own handler, which sends each update at once.
    doc.off('update', provider._updateHandler);
    doc.on('update', this.onUpdate);
    window.addEventListener('pagehide', this.flush);
  }

  /** Sends what is waiting now. */
  readonly flush = (): void => {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    this.frame = 0;
    this.timer = null;
    if (this.pending.length === 0 || this.closed) return;
    const update = this.pending.length === 1 ? this.pending[0]! : Y.mergeUpdates(this.pending);
    this.pending = [];
    // y-websocket's handler encodes it and sends it to the server and to this browser's other tabs.
    this.provider._updateHandler(update, this);
  };

  /** Sends what is waiting and stops (the document is being closed). */
  close(): void {
    this.flush();
    this.closed = true;
    this.doc.off('update', this.onUpdate);
    window.removeEventListener('pagehide', this.flush);
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider || this.closed) return;
    this.pending.push(update);
    if (this.timer !== null) return;
    // A task queued from the next frame's callbacks runs once that frame is painted.
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      setTimeout(this.flush, 0);
    });
    this.timer = setTimeout(this.flush, SEND_DELAY_MAX_MS);
  };
}
