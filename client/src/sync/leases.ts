// Things that are expensive to open and must be closed exactly once (a board's connection: two
// IndexedDB copies and two websockets), shared by whoever holds a lease on them.
//
// Why leases rather than "open in an effect, destroy in its cleanup": React's StrictMode (in
// development) mounts every component, unmounts it and mounts it again at once, to show effects
// that do not clean up. Opened in the effect and destroyed in its cleanup, a board would open
// twice, the first copy torn down mid-load. Here the cleanup only gives the lease back; the thing
// is closed on a microtask once no lease is left. StrictMode's remount happens synchronously
// within the same commit, so it takes a new lease before that microtask runs and finds the same
// connection; a real unmount leaves no lease, and the connection is closed. No timing guess.

interface Entry<T> {
  value: T;
  leases: number;
  close(value: T): void;
}

/** A lease on a shared value: `release()` gives it back (only the first call counts). */
export interface Lease<T> {
  readonly value: T;
  release(): void;
}

/** Values opened on first lease and closed once the last lease is given back (a microtask later). */
export class LeaseCache<K, T> {
  private readonly entries = new Map<K, Entry<T>>();

  /** A lease on the value under `key`, opened with `open()` when nobody holds it. */
  acquire(key: K, open: () => T, close: (value: T) => void): Lease<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { value: open(), leases: 0, close };
      this.entries.set(key, entry);
    }
    entry.leases++;
    const held = entry;
    let released = false;
    return {
      value: held.value,
      release: () => {
        if (released) return;
        released = true;
        held.leases--;
        if (held.leases > 0) return;
        queueMicrotask(() => {
          // Leased again meanwhile (StrictMode's remount), or already replaced: keep it.
          if (held.leases > 0 || this.entries.get(key) !== held) return;
          this.entries.delete(key);
          held.close(held.value);
        });
      },
    };
  }

  /** How many values are open now. */
  get size(): number {
    return this.entries.size;
  }
}
