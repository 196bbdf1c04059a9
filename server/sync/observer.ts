// What the sync layer reports about itself, for the metrics plugin (server/plugins/metrics.ts) to
// count. The sync layer knows only this interface; without metrics every call goes to a no-op.

/** Why the server refused or cut short something a client asked for (a metrics label). */
export type RefusalReason =
  | 'slow_consumer'
  | 'board_too_large'
  | 'awareness_too_large'
  | 'bad_message'
  | 'frame_too_large'
  | 'connections_per_address'
  | 'rooms_per_server'
  | 'total_buffered'
  | 'board_creations_per_address';

export interface SyncObserver {
  /** A frame arrived from a client. */
  received(bytes: number): void;
  /** A frame was queued for a client. */
  sent(bytes: number): void;
  /** A socket stopped being read because its sender spent its budget (backpressure). */
  paused(): void;
  /** A refusal, by reason. */
  refused(reason: RefusalReason): void;
  /** An append to storage took this long (seconds). */
  storeWrite(seconds: number): void;
  /** Something failed on the server's side (a load, a store, a bug). */
  error(kind: string): void;
}

/** Reports nothing: the default without metrics. */
export const NO_OBSERVER: SyncObserver = {
  received: () => undefined,
  sent: () => undefined,
  paused: () => undefined,
  refused: () => undefined,
  storeWrite: () => undefined,
  error: () => undefined,
};
