// Transaction origins: every write to a board names where it came from, so observers, undo and
// persistence can tell a person's own edit from a peer's, from storage, or from another server.

export type OriginKind = 'local' | 'remote' | 'storage' | 'instance' | 'server';

export interface TransactionOrigin {
  readonly kind: OriginKind;
  /** Free-form detail for logs (e.g. a connection id). */
  readonly detail?: string;
}

/** Edits a person makes in this browser. The only origin the undo manager tracks. */
export const LOCAL_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'local' });
/** Writes the server makes on its own (board creation, migrations). */
export const SERVER_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'server' });
/** Updates replayed from storage when a board is loaded. */
export const STORAGE_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'storage' });
/** Updates relayed from another server instance. */
export const INSTANCE_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'instance' });

export function isTransactionOrigin(value: unknown): value is TransactionOrigin {
  return typeof value === 'object' && value !== null && typeof (value as TransactionOrigin).kind === 'string';
}
