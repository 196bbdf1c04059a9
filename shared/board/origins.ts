// Transaction origins: every write to a board names where it came from, so observers, undo and
// persistence can tell a person's own edit from a peer's, from storage, or from another server.
// A closed union: a handler switches on `kind` and the compiler checks it covered every case.

/** Edits a person makes in this browser. The only origin the undo manager tracks. */
export interface LocalOrigin {
  readonly kind: 'local';
}
/** Updates from someone else: on the server, a client connection (server/sync/connection.ts);
 * for a bot or importer, its own name in `detail`. */
export interface RemoteOrigin {
  readonly kind: 'remote';
  /** Who it was, for logs (a connection id, a tool's name). */
  readonly detail: string;
}
/** Updates replayed from storage when a board is loaded. */
export interface StorageOrigin {
  readonly kind: 'storage';
}
/** Updates relayed from another server instance. */
export interface InstanceOrigin {
  readonly kind: 'instance';
}
/** Writes the server makes on its own (board creation, migrations, ticket status). */
export interface ServerOrigin {
  readonly kind: 'server';
}

/** Where a write came from. `Remote` narrows the remote case (the server's rooms use their
 * Connection class), so a handler gets its own type back without a cast. */
export type TransactionOrigin<Remote extends RemoteOrigin = RemoteOrigin> =
  | LocalOrigin
  | Remote
  | StorageOrigin
  | InstanceOrigin
  | ServerOrigin;

export type OriginKind = TransactionOrigin['kind'];

export const LOCAL_ORIGIN: LocalOrigin = Object.freeze({ kind: 'local' });
export const SERVER_ORIGIN: ServerOrigin = Object.freeze({ kind: 'server' });
export const STORAGE_ORIGIN: StorageOrigin = Object.freeze({ kind: 'storage' });
export const INSTANCE_ORIGIN: InstanceOrigin = Object.freeze({ kind: 'instance' });
