// The messages server instances exchange over Redis pub/sub. Binary, lib0-encoded:
//   [varuint WIRE_VERSION][varuint kind][varString instance][...fields of the kind]
// One channel per loaded document carries its updates, heads and awareness; one channel for the
// whole deployment carries heartbeats, goodbyes and board closings. Decoders throw on anything
// malformed; the relay decodes inside a guard and drops what it cannot read.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { BoardId } from '../../shared/ids';
import type { DocumentKey } from '../storage/types';

/** Bumped when a message changes shape; an instance ignores messages of another version. */
export const WIRE_VERSION = 1;

/** The channel of one document (its instances subscribe while they have it loaded). */
export const documentChannel = (key: DocumentKey) => `debrief:doc:${key.boardId}/${key.name}`;
/** The channel every instance subscribes to. */
export const INSTANCES_CHANNEL = 'debrief:instances';

export type PeerMessage =
  /** `update` was stored as number `seq` of the channel's document. */
  | { kind: 'update'; instance: string; seq: number; update: Uint8Array }
  /** The sender holds the channel's document up to `seq` (sent after its Redis link came back). */
  | { kind: 'head'; instance: string; seq: number }
  /** Awareness entries of the sender's clients (an awareness update). */
  | { kind: 'awareness'; instance: string; update: Uint8Array }
  /** Asks every instance with the document for its clients' awareness (a room just loaded). */
  | { kind: 'queryAwareness'; instance: string }
  /** The sender is alive (on the instances channel). */
  | { kind: 'heartbeat'; instance: string }
  /** The sender is stopping: drop its clients' awareness now (on the instances channel). */
  | { kind: 'goodbye'; instance: string }
  /**
   * Close every connection to this board with `code` (on the instances channel); with `credential`
   * (server/auth.ts credentialKey), only the connections let in with it (a revoked link, a person
   * whose role changed). Encoded after `reason` when present, so a message without it is unchanged.
   */
  | { kind: 'boardClosed'; instance: string; boardId: BoardId; code: number; reason: string; credential?: string };

const KINDS = ['update', 'head', 'awareness', 'queryAwareness', 'heartbeat', 'goodbye', 'boardClosed'] as const;

/** Encodes a message as one Buffer (what ioredis publishes without copying). */
export function encodePeerMessage(message: PeerMessage): Buffer {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, WIRE_VERSION);
  encoding.writeVarUint(e, KINDS.indexOf(message.kind));
  encoding.writeVarString(e, message.instance);
  switch (message.kind) {
    case 'update':
      encoding.writeVarUint(e, message.seq);
      encoding.writeVarUint8Array(e, message.update);
      break;
    case 'head':
      encoding.writeVarUint(e, message.seq);
      break;
    case 'awareness':
      encoding.writeVarUint8Array(e, message.update);
      break;
    case 'boardClosed':
      encoding.writeVarString(e, message.boardId);
      encoding.writeVarUint(e, message.code);
      encoding.writeVarString(e, message.reason);
      if (message.credential !== undefined) encoding.writeVarString(e, message.credential);
      break;
    case 'queryAwareness':
    case 'heartbeat':
    case 'goodbye':
      break;
    default: {
      const unreachable: never = message;
      throw new Error(`unknown peer message ${String(unreachable)}`);
    }
  }
  const bytes = encoding.toUint8Array(e);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes a message; null for another wire version. Throws on malformed input. */
export function decodePeerMessage(data: Uint8Array): PeerMessage | null {
  const d = decoding.createDecoder(data);
  if (decoding.readVarUint(d) !== WIRE_VERSION) return null;
  const kind = KINDS[decoding.readVarUint(d)];
  const instance = decoding.readVarString(d);
  let message: PeerMessage;
  switch (kind) {
    case 'update':
      message = { kind, instance, seq: decoding.readVarUint(d), update: decoding.readVarUint8Array(d) };
      break;
    case 'head':
      message = { kind, instance, seq: decoding.readVarUint(d) };
      break;
    case 'awareness':
      message = { kind, instance, update: decoding.readVarUint8Array(d) };
      break;
    case 'boardClosed':
      message = {
        kind,
        instance,
        boardId: decoding.readVarString(d) as BoardId,
        code: decoding.readVarUint(d),
        reason: decoding.readVarString(d),
      };
      if (decoding.hasContent(d)) message.credential = decoding.readVarString(d);
      break;
    case 'queryAwareness':
    case 'heartbeat':
    case 'goodbye':
      message = { kind, instance };
      break;
    case undefined:
      throw new Error('unknown peer message kind');
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown peer message ${String(unreachable)}`);
    }
  }
  if (decoding.hasContent(d)) throw new Error('trailing bytes after a peer message');
  return message;
}
