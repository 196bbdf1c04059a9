// The browser's edge for writes: a person's edits carry LOCAL_ORIGIN (the only origin undo
// tracks), the browser's clock and the platform's random ids. Handed to components through the
// board scope (BoardContext.tsx) and passed to every shared/board and shared/facilitation mutation.
import { LOCAL_ORIGIN, type WriteContext } from '../../../shared/board';
import { randomId } from '../../../shared/ids';

export const LOCAL_WRITES: WriteContext = Object.freeze({ origin: LOCAL_ORIGIN, now: () => Date.now(), newId: randomId });
