// What the connection pill says, from the state of a board's two documents: each state a person can
// meet (opening, connected, slow, reconnecting, offline, server away, refused) and how the two
// documents combine.
import { describe, expect, it } from 'vitest';
import {
  SLOW_CONFIRMATION_MS,
  UNREACHABLE_AFTER_FAILURES,
  deriveConnectionStatus,
  sameStatus,
  type DocumentSyncState,
} from '../../client/src/sync/connectionStatus';

const NOW = 1_800_000_000_000;

function doc(over: Partial<DocumentSyncState> = {}): DocumentSyncState {
  return {
    connected: false,
    synced: false,
    everOpened: false,
    refusal: null,
    failures: 0,
    serverUnreachable: false,
    unsent: 0,
    unsentSince: null,
    keptOnDevice: true,
    ...over,
  };
}

const online = { online: true, now: NOW };

describe('deriveConnectionStatus', () => {
  it('says "connecting" before the first socket has opened', () => {
    expect(deriveConnectionStatus(doc(), doc(), online)).toEqual({ state: 'connecting', unsent: 0, keptOnDevice: true });
  });

  it('says connected, and whether the server copy is merged in yet', () => {
    const connected = doc({ connected: true, everOpened: true });
    expect(deriveConnectionStatus(connected, doc(), online)).toMatchObject({ state: 'connected', synced: false, slow: false });
    expect(deriveConnectionStatus({ ...connected, synced: true }, doc(), online)).toMatchObject({ state: 'connected', synced: true });
  });

  it('calls confirmations slow only once the oldest unsent change has waited longer than the limit', () => {
    const waiting = (ms: number) => doc({ connected: true, synced: true, unsent: 2, unsentSince: NOW - ms });
    expect(deriveConnectionStatus(waiting(SLOW_CONFIRMATION_MS), doc(), online)).toMatchObject({ slow: false, unsent: 2 });
    expect(deriveConnectionStatus(waiting(SLOW_CONFIRMATION_MS + 1), doc(), online)).toMatchObject({ slow: true, unsent: 2 });
    // The older of the two documents' waiting changes counts.
    const fresh = doc({ connected: true, synced: true, unsent: 1, unsentSince: NOW });
    const old = doc({ unsent: 1, unsentSince: NOW - SLOW_CONFIRMATION_MS - 1 });
    expect(deriveConnectionStatus(fresh, old, online)).toMatchObject({ state: 'connected', slow: true, unsent: 2 });
  });

  it('tells a device without network from a server that does not answer, and both from a dropped socket', () => {
    const dropped = doc({ everOpened: true, failures: 1, unsent: 3, unsentSince: NOW - 60_000 });
    expect(deriveConnectionStatus(dropped, doc(), online)).toEqual({ state: 'reconnecting', unsent: 3, keptOnDevice: true });
    expect(deriveConnectionStatus(dropped, doc(), { online: false, now: NOW })).toEqual({
      state: 'offline',
      reason: 'browser',
      unsent: 3,
      keptOnDevice: true,
    });
    const failing = { ...dropped, failures: UNREACHABLE_AFTER_FAILURES };
    expect(deriveConnectionStatus({ ...failing, failures: UNREACHABLE_AFTER_FAILURES - 1 }, doc(), online).state).toBe('reconnecting');
    expect(deriveConnectionStatus(failing, doc(), online)).toMatchObject({ state: 'offline', reason: 'server' });
    // The HTTP API could not be reached either: the server is away, whatever the count.
    expect(deriveConnectionStatus({ ...dropped, serverUnreachable: true }, doc(), online)).toMatchObject({ state: 'offline', reason: 'server' });
    // Never opened and nothing failed yet: still connecting.
    expect(deriveConnectionStatus(doc({ failures: 1 }), doc(), online).state).toBe('connecting');
  });

  it('says refused when either document is refused, whatever the sockets are doing', () => {
    const connected = doc({ connected: true, synced: true });
    expect(deriveConnectionStatus(connected, doc({ refusal: 'deleted' }), online)).toMatchObject({ state: 'refused', reason: 'deleted' });
    expect(deriveConnectionStatus(doc({ refusal: 'unauthorized' }), doc(), { online: false, now: NOW })).toMatchObject({
      state: 'refused',
      reason: 'unauthorized',
    });
  });

  it('follows the board document alone for connected or not (the facilitation socket retries on its own)', () => {
    const connected = doc({ connected: true, synced: true, everOpened: true });
    expect(deriveConnectionStatus(connected, doc({ everOpened: true, failures: 5 }), online).state).toBe('connected');
    expect(deriveConnectionStatus(doc({ everOpened: true }), doc({ connected: true }), online).state).toBe('reconnecting');
  });

  it('adds up unsent changes, and says the board is kept on this device only while both copies are', () => {
    const status = deriveConnectionStatus(doc({ unsent: 2, unsentSince: NOW }), doc({ unsent: 1, unsentSince: NOW }), online);
    expect(status.unsent).toBe(3);
    expect(deriveConnectionStatus(doc(), doc({ keptOnDevice: false }), online).keptOnDevice).toBe(false);
    expect(deriveConnectionStatus(doc({ keptOnDevice: false }), doc(), online).keptOnDevice).toBe(false);
  });
});

describe('sameStatus', () => {
  it('is true only for statuses that show the same thing', () => {
    const a = deriveConnectionStatus(doc({ connected: true }), doc(), online);
    const b = deriveConnectionStatus(doc({ connected: true }), doc(), { online: true, now: NOW + 5_000 });
    expect(sameStatus(a, b)).toBe(true);
    expect(sameStatus(a, { ...a, unsent: 1 })).toBe(false);
    expect(sameStatus(a, deriveConnectionStatus(doc({ connected: true, synced: true }), doc(), online))).toBe(false);
  });
});
