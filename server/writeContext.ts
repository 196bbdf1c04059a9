// The server's edge for writes it makes itself (creating a board, a ticket's status): SERVER_ORIGIN,
// the server's clock and the platform's random ids.
import { SERVER_ORIGIN, type WriteContext } from '../shared/board';
import { randomId } from '../shared/ids';

export const SERVER_WRITES: WriteContext = Object.freeze({ origin: SERVER_ORIGIN, now: () => Date.now(), newId: randomId });
