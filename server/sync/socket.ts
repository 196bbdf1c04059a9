// The server's WebSocket class. ws refuses a frame larger than `maxPayload` as soon as its header
// announces the length (nothing of it is buffered) and closes with the generic 1009; clients are
// told our named code instead, so they can say why.
import { WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol';

/** RFC 6455 "message too big", the code ws uses for a frame over `maxPayload`. */
const WS_MESSAGE_TOO_BIG = 1009;

export class DebriefWebSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    super.close(code === WS_MESSAGE_TOO_BIG ? CloseCode.frameTooLarge : code, data);
  }
}
