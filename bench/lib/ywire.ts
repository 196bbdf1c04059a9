// A bare y-websocket protocol client for benchmarks: one `ws` socket, one Y.Doc, nothing else.
//
// Why not y-websocket's WebsocketProvider: the provider answers every peer's sync step 1 and sends
// awareness on connect and every few seconds. Against a bare relay (which has no document of its
// own) that turns 200 connects into a 200 x 200 storm of step-1/step-2 frames, and its timers and
// awareness bookkeeping would make 200 readers on 2 cores measure the client, not the server. This
// client sends exactly the same frames to all three servers under test: the writer's update frames
// are byte-for-byte what a provider sends, and readers only listen.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { readEvents, type TransactionOrigin } from '../../shared/board';
import { MessageType } from '../../shared/protocol';

/** Origin of updates that arrived from the server, so the writer does not send them back. */
export const REMOTE_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'remote', detail: 'bench-server' });

export interface WireClientOptions {
  url: string;
  doc: Y.Doc;
  /**
   * Speak the sync handshake (send step 1 on open, apply the server's step 2). Off against the bare
   * relay, which holds no document and would forward a step 1 to every other socket.
   */
  handshake: boolean;
  /** Answer the server's sync step 1 with our state (the writer does; listen-only readers need not). */
  answerStep1: boolean;
  /** Send the doc's local updates to the server (the writer). */
  sendLocalUpdates: boolean;
  /** Called after each frame that changed the doc has been applied. */
  onApplied?: () => void;
}

/** Encodes a y-websocket sync message of one kind around `payload`. */
function syncFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** One connection speaking the y-websocket protocol, one message per frame. */
export class WireClient {
  readonly ws: WebSocket;
  /** Resolves once the client can be counted on to see every later update. */
  readonly ready: Promise<void>;
  /** Set when the socket closed before `close()` was called (a dropped reader loses messages). */
  closedUnexpectedly: { code: number; reason: string } | null = null;
  private closing = false;

  constructor(options: WireClientOptions) {
    const { doc } = options;
    // Offer permessage-deflate as browsers do; each server decides whether to use it.
    this.ws = new WebSocket(options.url);
    this.ws.binaryType = 'nodebuffer';
    let markReady!: () => void;
    let fail!: (e: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      fail = reject;
    });
    this.ws.on('open', () => {
      if (!options.handshake) {
        markReady();
        return;
      }
      this.ws.send(syncFrame((e) => syncProtocol.writeSyncStep1(e, doc)));
    });
    this.ws.on('message', (data: Buffer) => {
      const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      if (type !== MessageType.sync) return; // awareness and the rest: a listener ignores them
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MessageType.sync);
      const syncType = syncProtocol.readSyncMessage(decoder, reply, doc, REMOTE_ORIGIN);
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        if (options.answerStep1) this.ws.send(encoding.toUint8Array(reply));
        return;
      }
      if (syncType === syncProtocol.messageYjsSyncStep2) markReady();
      options.onApplied?.();
    });
    this.ws.on('error', (err) => fail(err));
    this.ws.on('unexpected-response', (_req, res) => fail(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
    this.ws.on('close', (code, reason) => {
      if (!this.closing) this.closedUnexpectedly = { code, reason: reason.toString() };
      fail(new Error(`closed before ready: ${code} ${reason.toString()}`));
    });
    if (options.sendLocalUpdates) {
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === REMOTE_ORIGIN) return;
        this.ws.send(syncFrame((e) => syncProtocol.writeUpdate(e, update)));
      });
    }
  }

  /** Closes the socket and waits until it is closed. */
  close(): Promise<void> {
    this.closing = true;
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000);
      setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000).unref();
    });
  }
}

/** The writer's Lamport clock as a doc has seen it: how many of the writer's edits it holds. */
export const clockOf = (doc: Y.Doc, clientId: number): number => Y.getState(doc.store, clientId);

/** What a reader must agree with the writer on after a run: every note as typed, and the state vector. */
export function boardDigest(doc: Y.Doc): string {
  const notes = readEvents(doc)
    .map((e) => `${e.id}:${e.kind}:${e.text}`)
    .sort();
  return `${notes.join('\n')}|${Buffer.from(Y.encodeStateVector(doc)).toString('base64')}`;
}
