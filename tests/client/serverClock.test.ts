// The server clock estimate: of several round trips, the fastest one's midpoint gives the offset.
import { describe, expect, it } from 'vitest';
import { offsetFromSamples } from '../../client/src/services/serverClock';

describe('offsetFromSamples', () => {
  it('takes the fastest round trip, assuming the answer was made half way through it', () => {
    // The server is 7 minutes ahead; the slow sample's midpoint would be off by 400 ms.
    const ahead = 7 * 60_000;
    expect(
      offsetFromSamples([
        { sentAt: 1_000, receivedAt: 1_900, serverNow: 1_050 + ahead },
        { sentAt: 2_000, receivedAt: 2_040, serverNow: 2_020 + ahead },
        { sentAt: 3_000, receivedAt: 3_300, serverNow: 3_150 + ahead },
      ]),
    ).toBe(ahead);
  });

  it('works for a clock that is behind, and ignores samples that cannot be right', () => {
    expect(
      offsetFromSamples([
        { sentAt: 5_000, receivedAt: 4_000, serverNow: 0 }, // the local clock jumped back mid-request
        { sentAt: 5_000, receivedAt: 5_010, serverNow: Number.NaN },
        { sentAt: 6_000, receivedAt: 6_100, serverNow: 6_050 - 180_000 },
      ]),
    ).toBe(-180_000);
    expect(offsetFromSamples([])).toBeNull();
  });
});
