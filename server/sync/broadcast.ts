// Pre-framed broadcasts: a message sent to many connections is framed once (websocket header and
// payload in one Buffer) and that same Buffer is written to each recipient's TCP socket.
//
// Why: `ws.send` frames every message anew for every recipient (a header Buffer, an options
// object, cork + two writes + uncork, i.e. a writev). With one writer and hundreds of readers that
// per-recipient JavaScript is a measurable share of the server's CPU (docs/benchmarks.md, Fan-out).
//
// This reaches into two private fields of ws 8's WebSocket, and it is the only module that does:
//   `_socket`  the net.Socket (a Duplex) the frames are written to;
//   `_sender`  ws's Sender, whose `_state` is 0 (DEFAULT) when nothing of its own is in progress
//              and whose `_queue` holds sends waiting behind a compression or a Blob read.
// A frame may be written directly only when that is exactly what `ws.send` would have written, in
// the same order:
//   - the socket is OPEN (after `close()` ws has sent its close frame; nothing may follow it);
//   - permessage-deflate was not negotiated (the server disables it, server/app.ts; with it ws
//     would compress the payload);
//   - ws's sender is idle with an empty queue (otherwise an earlier `ws.send` could still be
//     waiting inside ws, and our frame would overtake it).
// Anything else goes through `ws.send`. Bytes written directly sit in the socket's writable buffer
// like ws's own, so `ws.bufferedAmount` (socket buffer + sender queue) counts them, and the
// slow-consumer limit in Connection.send sees them.
//
// At startup a self-check drives a real ws WebSocket over an in-memory stream: the fields must be
// there, our frames must be byte for byte what ws writes for small, medium and large payloads, and
// a direct write must show in bufferedAmount. If any of that fails (a new ws release changed its
// internals), every broadcast falls back to `ws.send`, and the rooms plugin logs why.
import { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

/** ws's Sender state when no compression or Blob read is in progress (ws 8: `DEFAULT = 0`). */
const SENDER_IDLE = 0;

interface SenderInternals {
  _state: number;
  _queue: unknown[];
}

interface WebSocketInternals {
  _socket: Duplex | null;
  _sender: SenderInternals | null;
  setSocket(socket: Duplex, head: Buffer, options: { maxPayload: number }): void;
}

const internalsOf = (ws: WebSocket) => ws as unknown as Partial<WebSocketInternals>;

/** Why pre-framing is off in this process; set once by the self-check at the end of this module. */
let selfCheckFailure: string | null = null;

/** An unmasked, final binary websocket frame (RFC 6455 section 5.2) carrying `payload`. */
export function frameBinary(payload: Uint8Array): Buffer {
  const n = payload.byteLength;
  const headerLength = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x82; // FIN, opcode 0x2 (binary)
  if (n < 126) {
    frame[1] = n;
  } else if (n < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt16BE(0, 2); // the 64-bit length's high bits: no frame here is 2^48 bytes
    frame.writeUIntBE(n, 4, 6);
  }
  frame.set(payload, headerLength);
  return frame;
}

/** A message for several connections; its websocket frame is built once, on first use. */
export class BroadcastMessage {
  private framed: Buffer | null = null;
  constructor(readonly payload: Buffer) {}

  /** The whole frame: header and payload. */
  get frame(): Buffer {
    return (this.framed ??= frameBinary(this.payload));
  }
}

/** Writes a broadcast straight to the socket; false when it must go through `ws.send` instead. */
export type DirectWrite = (message: BroadcastMessage) => boolean;

/**
 * The direct writer for one server-side socket, or null when this socket must always use
 * `ws.send` (the self-check failed, permessage-deflate is on, or it is not a ws socket).
 */
export function directWriterFor(ws: WebSocket): DirectWrite | null {
  if (selfCheckFailure !== null) return null;
  const { _socket: socket, _sender: sender } = internalsOf(ws);
  if (!socket || !sender || !Array.isArray(sender._queue)) return null;
  // Negotiated once, in the handshake; a compressed connection's frames are ws's to build.
  if (ws.extensions !== '') return null;
  return (message) => {
    if (ws.readyState !== WebSocket.OPEN || sender._state !== SENDER_IDLE || sender._queue.length !== 0) return false;
    socket.write(message.frame);
    return true;
  };
}

/** Why pre-framed broadcasts are off in this process (null: they are on). */
export function preframingUnavailable(): string | null {
  return selfCheckFailure;
}

/** Runs ws over an in-memory stream and checks what this module assumes of it; null when all holds. */
function selfCheck(): string | null {
  const written: Buffer[] = [];
  let stalled = false;
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk);
      // Once stalled the bytes stay in the writable buffer, as with a client that does not read.
      if (!stalled) callback();
    },
  });
  let ws: WebSocket | null = null;
  try {
    // A server-side WebSocket, as WebSocketServer makes one before handing it the socket.
    ws = new (WebSocket as unknown as new (address: null, protocols: undefined, options: object) => WebSocket)(null, undefined, {});
    const internals = internalsOf(ws);
    if (typeof internals.setSocket !== 'function') return 'ws has no setSocket()';
    internals.setSocket(stream, Buffer.alloc(0), { maxPayload: 0 });
    if (internals._socket !== stream) return 'ws keeps its socket elsewhere than _socket';
    const sender = internals._sender;
    if (!sender || !Array.isArray(sender._queue) || sender._state !== SENDER_IDLE) return 'ws Sender has no idle _state / _queue';
    const write = directWriterFor(ws);
    if (write === null) return 'a plain ws socket got no direct writer';
    // Below 126 bytes, 126..65535 (16-bit length) and above (64-bit length).
    for (const size of [5, 125, 126, 300, 65535, 65536, 200_000]) {
      const payload = Buffer.alloc(size, size & 0xff);
      written.length = 0;
      ws.send(payload);
      const byWs = Buffer.concat(written);
      written.length = 0;
      if (!write(new BroadcastMessage(payload))) return 'the direct writer refused an idle open socket';
      if (!Buffer.concat(written).equals(byWs)) return `a ${size}-byte frame differs from what ws writes`;
    }
    stalled = true;
    const before = ws.bufferedAmount;
    const message = new BroadcastMessage(Buffer.alloc(1000));
    write(message);
    write(message);
    if (ws.bufferedAmount - before < message.frame.byteLength) return 'direct writes do not show in bufferedAmount';
    return null;
  } catch (error) {
    return `self-check threw: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    ws?.terminate();
    stream.destroy();
  }
}

selfCheckFailure = selfCheck();
