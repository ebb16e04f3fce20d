import type { DueActionRow } from './dispatch.repository.js';

/** Pages with fewer actions are gated in one transaction: a second lane would not pay for itself. */
export const MIN_ACTIONS_FOR_LANES = 100;

/**
 * A leased page in two lanes of about equal size, every action of a debtor in the same lane (the
 * debtors in id order, cut at a change of debtor), so the gate still counts each debtor's earlier
 * messages of the page; a page under `minActions`, or one debtor's, stays whole.
 */
export function lanesOf(
  due: readonly DueActionRow[],
  minActions: number = MIN_ACTIONS_FOR_LANES,
): DueActionRow[][] {
  if (due.length < Math.max(minActions, 2)) return [[...due]];
  const byDebtor = [...due].sort((a, b) =>
    a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0,
  );
  let cut = byDebtor.length >> 1;
  while (cut < byDebtor.length && byDebtor[cut]!.customer_id === byDebtor[cut - 1]!.customer_id) cut += 1;
  return cut === byDebtor.length ? [byDebtor] : [byDebtor.slice(0, cut), byDebtor.slice(cut)];
}
