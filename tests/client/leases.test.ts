// The lease cache that keeps a board's connection through React StrictMode's unmount-and-remount:
// a lease given back and taken again in the same task keeps the same value open; the last lease
// given back closes it, once.
import { describe, expect, it } from 'vitest';
import { LeaseCache } from '../../client/src/sync/leases';

/** Lets queued microtasks run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function counting() {
  let opened = 0;
  const closed: string[] = [];
  return {
    open: () => `connection ${++opened}`,
    close: (value: string) => void closed.push(value),
    get opened() {
      return opened;
    },
    closed,
  };
}

describe('LeaseCache', () => {
  it('keeps the value through a release and a new lease in the same task (StrictMode remount)', async () => {
    const cache = new LeaseCache<string, string>();
    const c = counting();
    const first = cache.acquire('board-a', c.open, c.close);
    first.release(); // StrictMode's simulated unmount...
    const second = cache.acquire('board-a', c.open, c.close); // ...and its remount, synchronously
    await settle();
    expect(second.value).toBe(first.value);
    expect(c.opened).toBe(1);
    expect(c.closed).toEqual([]);

    second.release(); // the real unmount
    expect(c.closed).toEqual([]); // not before the microtask: a remount may still come
    await settle();
    expect(c.closed).toEqual(['connection 1']);
    expect(cache.size).toBe(0);
  });

  it('opens anew after the last lease was given back and the value closed', async () => {
    const cache = new LeaseCache<string, string>();
    const c = counting();
    cache.acquire('board-a', c.open, c.close).release();
    await settle();
    const again = cache.acquire('board-a', c.open, c.close);
    expect(again.value).toBe('connection 2');
    expect(c.closed).toEqual(['connection 1']);
  });

  it('closes only when every holder has given its lease back, and counts a double release once', async () => {
    const cache = new LeaseCache<string, string>();
    const c = counting();
    const a = cache.acquire('board-a', c.open, c.close);
    const b = cache.acquire('board-a', c.open, c.close);
    const other = cache.acquire('board-b', c.open, c.close);
    a.release();
    a.release();
    await settle();
    expect(c.closed).toEqual([]);
    b.release();
    await settle();
    expect(c.closed).toEqual(['connection 1']);
    expect(cache.size).toBe(1);
    other.release();
    await settle();
    expect(c.closed).toEqual(['connection 1', 'connection 2']);
  });
});
