/** How a leased page is split into the two lanes gated at once. */
import { describe, expect, it } from 'vitest';
import type { DueActionRow } from './dispatch.repository.js';
import { lanesOf } from './dispatch-lanes.js';

const action = (id: number, customer: string): DueActionRow => ({
  id: `a${id}`,
  case_id: `case-${customer}`,
  customer_id: customer,
  step_id: 's',
  channel: 'sms',
  template_code: 'T',
  planned_for: '2026-11-28',
  attempts: 0,
});

describe('lanesOf', () => {
  it('keeps a page under the threshold in one lane', () => {
    const due = [action(1, 'c1'), action(2, 'c2')];
    expect(lanesOf(due)).toEqual([due]);
  });

  it('puts every action of a debtor in the same lane, the lanes about equal', () => {
    // 10 debtors with 1–3 actions each, in no particular order.
    const due = [3, 1, 2, 3, 2, 1, 3, 1, 2, 2].flatMap((n, d) =>
      Array.from({ length: n }, (_, k) => action(d * 10 + k, `c${String(d).padStart(2, '0')}`)),
    );
    const lanes = lanesOf(due, 4);
    expect(lanes).toHaveLength(2);
    const [left, right] = lanes as [DueActionRow[], DueActionRow[]];
    expect(left.length + right.length).toBe(due.length);
    expect(new Set([...left, ...right].map((a) => a.id)).size).toBe(due.length);
    const leftDebtors = new Set(left.map((a) => a.customer_id));
    expect(right.some((a) => leftDebtors.has(a.customer_id))).toBe(false);
    expect(Math.abs(left.length - right.length)).toBeLessThanOrEqual(3);
  });

  it('leaves one debtor’s page whole', () => {
    const due = Array.from({ length: 6 }, (_, k) => action(k, 'c1'));
    expect(lanesOf(due, 2)).toHaveLength(1);
  });
});
