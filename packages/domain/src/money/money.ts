/**
 * Money is integer fen (分, 1/100 CNY). Never a float: every amount is a safe integer
 * and every division goes through {@link roundFen} with a named rounding mode.
 */
import { Decimal } from 'decimal.js';

declare const fenBrand: unique symbol;
/** 金额(分) an amount of money in integer fen. */
export type Fen = number & { readonly [fenBrand]: 'Fen' };

/** Rounding modes that products may name. */
export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

export const ROUNDING_MODES: readonly RoundingMode[] = ['half-up', 'half-even', 'down', 'up'];

/** Brands a safe integer as fen; throws on floats, NaN and unsafe integers. */
export function fen(value: number | bigint): Fen {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`Not an integer amount of fen: ${String(value)}`);
  }
  return n as Fen;
}

export const ZERO_FEN: Fen = 0 as Fen;

/** Sums amounts of fen exactly. */
export function sumFen(amounts: readonly Fen[]): Fen {
  let total = 0;
  for (const a of amounts) total += a;
  return fen(total);
}

const DECIMAL_ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
};

/**
 * Rounds a decimal quantity of fen (a string or Decimal from an exact calculation) to whole fen.
 * This is the one rounding helper: every fractional amount passes through it.
 */
export function roundFen(value: Decimal.Value, mode: RoundingMode = 'half-up'): Fen {
  const d = new Decimal(value);
  if (!d.isFinite()) throw new RangeError(`Not a finite amount: ${String(value)}`);
  return fen(d.toDecimalPlaces(0, DECIMAL_ROUNDING[mode]).toNumber());
}

/** Parses a yuan amount written as text ("1,234.56", "¥1234.5", "１２３") into fen, exactly. */
export function parseYuan(text: string): Fen | null {
  const cleaned = text
    .normalize('NFKC')
    .replace(/[¥￥,\s]/g, '')
    .replace(/元$/, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return fen(new Decimal(cleaned).times(100).toNumber());
}

/** Formats fen as a yuan amount with two decimals and thousands separators: 123456 → "1,234.56". */
export function formatYuan(amount: Fen): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${String(cents).padStart(2, '0')}`;
}

/** Formats fen in CNY for display: 124000 → "¥1,240.00". */
export function formatCny(amount: Fen): string {
  return amount < 0 ? `-¥${formatYuan(fen(-amount))}` : `¥${formatYuan(amount)}`;
}

/** A decimal rate written as a string ("0.18" = 18% a year); validated, never a float. */
export type Rate = string;

/** True when the text is a non-negative decimal rate such as "0.18" or "0.0005". */
export function isRate(text: string): boolean {
  return /^\d+(\.\d+)?$/.test(text);
}
