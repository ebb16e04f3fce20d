import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Fen, fen } from '../money/money.js';
import { amountCollected, type CollectedPaymentRecord } from './amount-collected.js';
import { ANALYTICS_DIMENSIONS, groupByDimension } from './dimensions.js';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const paid = (
  receivedOn: string,
  amount: number,
  dims: CollectedPaymentRecord['dims'],
): CollectedPaymentRecord => ({
  receivedOn,
  fen: fen(amount),
  dims,
});

const PAYMENTS = [
  paid('2026-03-01', 10_000, { collector: 'u1', team: 't1', variant: 'A' }),
  paid('2026-03-31', 25_050, { collector: 'u2', team: 't1', variant: 'B' }),
  paid('2026-03-15', 1, { collector: 'u1', team: 't1', variant: 'A' }),
  paid('2026-04-01', 99_999, { collector: 'u1', team: 't1', variant: 'A' }), // April
  paid('2026-03-20', 5_000, {}), // no holder: unassigned
];

describe('amountCollected', () => {
  it('sums the payments received in the period, in fen', () => {
    // 10,000 + 25,050 + 1 + 5,000 = 40,051 fen over 4 payments
    expect(amountCollected(PAYMENTS, MARCH)).toEqual({ collectedFen: 40_051, payments: 4 });
    expect(amountCollected([], MARCH)).toEqual({ collectedFen: 0, payments: 0 });
  });

  it('breaks down by collector with the unassigned group last', () => {
    const groups = groupByDimension(PAYMENTS, 'collector', (g) => amountCollected(g, MARCH).collectedFen);
    expect(groups).toEqual([
      { key: 'u1', value: 10_001 },
      { key: 'u2', value: 25_050 },
      { key: null, value: 5_000 },
    ]);
  });

  it('law: the groups of any dimension add up to the whole', () => {
    const payment = fc.record({
      receivedOn: fc.constantFrom('2026-02-28', '2026-03-01', '2026-03-31', '2026-04-01'),
      fen: fc.nat({ max: 10_000_000 }).map((n) => n as Fen),
      dims: fc.record(
        { collector: fc.constantFrom('u1', 'u2', null), product: fc.constantFrom('CASH', 'CARD') },
        { requiredKeys: [] },
      ),
    });
    fc.assert(
      fc.property(
        fc.array(payment, { maxLength: 30 }),
        fc.constantFrom(...ANALYTICS_DIMENSIONS),
        (list, dim) => {
          const whole = amountCollected(list, MARCH);
          const groups = groupByDimension(list, dim, (g) => amountCollected(g, MARCH));
          return (
            groups.reduce((s, g) => s + g.value.collectedFen, 0) === whole.collectedFen &&
            groups.reduce((s, g) => s + g.value.payments, 0) === whole.payments
          );
        },
      ),
    );
  });
});
