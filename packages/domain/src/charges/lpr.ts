/**
 * 贷款市场报价利率 LPR (loan prime rate): the one-year rate the National Interbank Funding
 * Center publishes on the 20th of each month (next business day when the 20th is not one).
 * The "4 × one-year LPR at contract formation" ceiling of the Supreme People's Court's
 * private-lending provisions (法释〔2020〕17号, art. 25) is read from this table.
 */
import { z } from 'zod';
import { type BusinessDate, compareDates, isBusinessDate } from '../calendar/business-date.js';
import { isRate, type Rate } from '../money/money.js';

/** One row of an LPR table: the one-year rate in force from `effectiveFrom` until the next row. */
export interface LprEntry {
  effectiveFrom: BusinessDate;
  oneYear: Rate; // decimal string: "0.0310" = 3.10%
}

/** 一年期 LPR 表 a table of one-year LPR changes, in any order. */
export type LprTable = readonly LprEntry[];

/** Validates an LPR table loaded from configuration (dates unique, rates decimal strings). */
export const LprTableSchema = z
  .array(
    z
      .object({
        effectiveFrom: z.string().refine(isBusinessDate, 'YYYY-MM-DD'),
        oneYear: z.string().refine(isRate, 'a decimal rate such as "0.0310"'),
      })
      .strict(),
  )
  .min(1)
  .refine(
    (rows) => new Set(rows.map((r) => r.effectiveFrom)).size === rows.length,
    'duplicate effectiveFrom',
  );

/**
 * A sample of China's one-year LPR since the reformed quotation began on 2019-08-20: only
 * the months in which the rate changed. It is here for tests and the demo; institutions
 * load the official table (published by the National Interbank Funding Center / PBoC)
 * through configuration, never rely on this copy.
 */
export const SAMPLE_LPR_TABLE: LprTable = [
  { effectiveFrom: '2019-08-20', oneYear: '0.0425' },
  { effectiveFrom: '2019-09-20', oneYear: '0.0420' },
  { effectiveFrom: '2019-11-20', oneYear: '0.0415' },
  { effectiveFrom: '2020-02-20', oneYear: '0.0405' },
  { effectiveFrom: '2020-04-20', oneYear: '0.0385' },
  { effectiveFrom: '2021-12-20', oneYear: '0.0380' },
  { effectiveFrom: '2022-01-20', oneYear: '0.0370' },
  { effectiveFrom: '2022-08-22', oneYear: '0.0365' },
  { effectiveFrom: '2023-06-20', oneYear: '0.0355' },
  { effectiveFrom: '2023-08-21', oneYear: '0.0345' },
  { effectiveFrom: '2024-07-22', oneYear: '0.0335' },
  { effectiveFrom: '2024-10-21', oneYear: '0.0310' },
  { effectiveFrom: '2025-05-20', oneYear: '0.0300' },
];

/** The one-year LPR in force on a date: the row with the latest effectiveFrom on or before it. */
export function lprAt(table: LprTable, date: BusinessDate): Rate {
  if (!isBusinessDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${String(date)}`);
  // Two rows for one date would make the answer depend on row order: refuse them.
  if (new Set(table.map((r) => r.effectiveFrom)).size !== table.length) {
    throw new RangeError('LPR table has two rows with the same effectiveFrom');
  }
  let best: LprEntry | undefined;
  for (const row of table) {
    if (compareDates(row.effectiveFrom, date) > 0) continue;
    if (!best || compareDates(row.effectiveFrom, best.effectiveFrom) > 0) best = row;
  }
  if (!best) {
    throw new RangeError(`No one-year LPR in force on ${date}: the LPR table starts later or is empty`);
  }
  return best.oneYear;
}
