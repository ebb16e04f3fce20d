/**
 * 分摊 spreading a loan-level amount over installments. The daily accrual computes penalty on
 * the loan's whole overdue principal and rounds once (GLOSSARY.md: one rounding per day);
 * the waterfall needs penalty per installment, so the day's charged penalty is split by each
 * installment's overdue principal (compound interest: by overdue interest). Rounding each
 * installment's share separately would not add up to the loan's amount; this split always does.
 */
import { type Fen, fen } from '../money/money.js';

/** One installment's weight in a split (its overdue principal or interest). */
export interface InstallmentWeight {
  seq: number;
  weightFen: Fen;
}

/**
 * 按比例分摊 splits an amount over installments in proportion to their weights, exactly: each
 * gets floor(amount × weight ÷ total) and the leftover fen go one each to the largest
 * remainders (ties: the order given, so pass installments oldest first).
 */
export function distributeToInstallments(
  amountFen: Fen,
  weights: readonly InstallmentWeight[],
): { seq: number; amountFen: Fen }[] {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) {
    throw new RangeError(`amountFen must be a non-negative integer, got ${String(amountFen)}`);
  }
  let total = 0n;
  for (const w of weights) {
    if (!Number.isSafeInteger(w.weightFen) || w.weightFen < 0) {
      throw new RangeError(`installment ${w.seq}: weight must be a non-negative integer, got ${w.weightFen}`);
    }
    total += BigInt(w.weightFen);
  }
  if (total === 0n) {
    if (amountFen === 0) return weights.map((w) => ({ seq: w.seq, amountFen: fen(0) }));
    throw new RangeError(`cannot split ${amountFen} fen over installments that all weigh 0`);
  }
  // BigInt: amount × weight can pass 2^53 (¥10m × ¥10m in fen).
  const amount = BigInt(amountFen);
  const shares = weights.map((w, index) => {
    const product = amount * BigInt(w.weightFen);
    return { index, seq: w.seq, floor: product / total, remainder: product % total };
  });
  let leftover = amount - shares.reduce((s, x) => s + x.floor, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const extra = new Set<number>();
  for (const s of byRemainder) {
    if (leftover === 0n) break;
    extra.add(s.index);
    leftover -= 1n;
  }
  return shares.map((s) => ({ seq: s.seq, amountFen: fen(s.floor + (extra.has(s.index) ? 1n : 0n)) }));
}
