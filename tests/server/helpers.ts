// Test helpers for the sync server: real y-websocket providers (with the `ws` package as the
// WebSocket), the root types tests write to, and a raw socket for sending garbage. The server
// itself (startServer, spawnServer, createBoard...) is tests/helpers/server.ts, shared with the
// browser and scale suites, and re-exported here for the server tests.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { BoardStore, DocumentKey } from '../../server/storage/types';
import { roomName, type DocumentName } from '../../shared/protocol';

export {
  createBoard,
  joinBoard,
  REPO_ROOT,
  spawnServer,
  startServer,
  tempDir,
  waitUntil,
  type ChildServer,
  type CreatedBoard,
  type TestServer,
} from '../helpers/server';

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close events the provider saw, in order. */
  closeCodes: number[];
  destroy(): void;
}

/** Connects a real y-websocket provider to a board document. */
export function connect(
  wsUrl: string,
  boardId: string,
  token: string,
  options: { document?: DocumentName; doc?: Y.Doc; reconnect?: boolean; webSocket?: typeof globalThis.WebSocket } = {},
): Client {
  const doc = options.doc ?? new Y.Doc();
  const closeCodes: number[] = [];
  const provider = new WebsocketProvider(wsUrl, roomName(boardId, options.document), doc, {
    params: { token },
    WebSocketPolyfill: options.webSocket ?? (WebSocket as unknown as typeof globalThis.WebSocket),
    disableBc: true,
    maxBackoffTime: 200,
    ...(options.reconnect === false ? { shouldReconnect: () => false } : {}),
  });
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code);
  });
  return {
    doc,
    provider,
    closeCodes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves once the provider has completed its first sync with the server. */
export function waitForSync(client: Client, timeoutMs = 10_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), timeoutMs);
    const onSync = (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      client.provider.off('sync', onSync);
      resolve();
    };
    client.provider.on('sync', onSync);
  });
}

/** Connects and waits for the first sync. */
export async function connectSynced(
  wsUrl: string,
  boardId: string,
  token: string,
  options: Parameters<typeof connect>[3] = {},
): Promise<Client> {
  const client = connect(wsUrl, boardId, token, options);
  await waitForSync(client);
  return client;
}

/** The root types tests write to: a map of entries and a shared text. */
export const TEST_MAP = 'entries';
export const TEST_TEXT = 'notes';

/** A doc's test content as plain JSON (map keys sorted: their order is not part of the state). */
export function docJson(doc: Y.Doc): { entries: Record<string, unknown>; notes: string } {
  const map = doc.getMap(TEST_MAP).toJSON();
  const entries = Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]]));
  return { entries, notes: doc.getText(TEST_TEXT).toString() };
}

export interface RawSocket {
  socket: WebSocket;
  /** Resolves with the close code (1006 when the connection just dropped). */
  closed: Promise<number>;
  /** Resolves once open; rejects with the HTTP status when the upgrade is refused. */
  opened: Promise<void>;
  messages: Uint8Array[];
}

/** A bare websocket (no Yjs), for sending what a provider never would. */
export function rawSocket(url: string): RawSocket {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const messages: Uint8Array[] = [];
  socket.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  socket.on('error', () => {});
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { statusCode: res.statusCode }));
      socket.terminate();
    });
    socket.once('error', reject);
  });
  opened.catch(() => {});
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  return { socket, closed, opened, messages };
}

/** A store whose appends the test holds back: durable only when it says so. */
export interface HoldingStore {
  store: BoardStore;
  /** Appends requested while holding and not yet let through. */
  readonly held: number;
  /** From now on, appends wait. */
  hold(): void;
  /** Lets every waiting append through, in order, and stops holding. */
  release(): void;
}

/** Wraps `inner` (which does the writing) so that a test can hold its appends back. */
export function holdingStore(inner: BoardStore): HoldingStore {
  let holding = false;
  const waiting: Array<() => void> = [];
  const store: BoardStore = Object.assign(Object.create(inner) as BoardStore, {
    appendUpdates(key: DocumentKey, updates: Uint8Array[]): Promise<number> {
      if (!holding) return inner.appendUpdates(key, updates);
      return new Promise<number>((resolve, reject) => waiting.push(() => void inner.appendUpdates(key, updates).then(resolve, reject)));
    },
  });
  return {
    store,
    get held() {
      return waiting.length;
    },
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const letThrough of waiting.splice(0)) letThrough();
    },
  };
}
