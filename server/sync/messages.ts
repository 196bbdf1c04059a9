// Encoding and decoding of y-websocket frames (one message per frame):
//   [varuint messageType][payload]
//   sync:            [0][varuint 0|1|2 = step1|step2|update][varUint8Array stateVector|update]
//   awareness:       [1][varUint8Array awarenessUpdate]
//   queryAwareness:  [3]
// Decoders throw on malformed input; callers decode inside a guard.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from '../../shared/protocol';

/** A frame that cannot be a valid message; closes the connection with CloseCode.badMessage. */
export class BadMessageError extends Error {
  override readonly name = 'BadMessageError';
}

export const SyncStep = {
  step1: syncProtocol.messageYjsSyncStep1,
  step2: syncProtocol.messageYjsSyncStep2,
  update: syncProtocol.messageYjsUpdate,
} as const;

/** Frames are Buffers: ws would otherwise wrap a plain Uint8Array anew for every recipient. */
function frame(type: number, sub: number | null, payload: Uint8Array | null): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  if (sub !== null) encoding.writeVarUint(encoder, sub);
  if (payload !== null) encoding.writeVarUint8Array(encoder, payload);
  const bytes = encoding.toUint8Array(encoder);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => frame(MessageType.sync, SyncStep.step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => frame(MessageType.sync, SyncStep.step2, update);
export const encodeUpdate = (update: Uint8Array) => frame(MessageType.sync, SyncStep.update, update);
export const encodeAwareness = (awarenessUpdate: Uint8Array) => frame(MessageType.awareness, null, awarenessUpdate);

/** The update inside a frame made by encodeSyncStep2 (a view on the frame, not a copy). */
export function decodeSyncStep2Payload(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

/** One decoded frame. */
export type IncomingMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncStep2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' };

/** Decodes one frame; throws BadMessageError (or a lib0 decoding error) when it is not one message. */
export function decodeMessage(data: Uint8Array): IncomingMessage {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  let message: IncomingMessage;
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SyncStep.step1) message = { type: 'syncStep1', stateVector: payload };
      else if (step === SyncStep.step2) message = { type: 'syncStep2', update: payload };
      else if (step === SyncStep.update) message = { type: 'update', update: payload };
      else throw new BadMessageError(`unknown sync step ${step}`);
      break;
    }
    case MessageType.awareness:
      message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
      break;
    case MessageType.queryAwareness:
      message = { type: 'queryAwareness' };
      break;
    default:
      // MessageType.auth is server-to-client only; anything else is unknown.
      throw new BadMessageError(`unexpected message type ${type}`);
  }
  if (decoding.hasContent(decoder)) throw new BadMessageError('trailing bytes after the message');
  return message;
}

/** One entry of an awareness update. `state` is the JSON text as sent. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/** Decodes an awareness update into its entries (throws on malformed input). */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    entries.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new BadMessageError('trailing bytes after the awareness update');
  return entries;
}

/** Encodes awareness entries back into an awareness update. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}
