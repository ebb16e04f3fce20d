import { describe, expect, it } from 'vitest';
import { fen, formatCny, formatYuan, parseYuan, roundFen, sumFen } from './money.js';

describe('money', () => {
  it('refuses a float amount of fen', () => {
    expect(() => fen(1.5)).toThrow(RangeError);
    expect(() => fen(Number.NaN)).toThrow(RangeError);
  });

  it('rounds half-up and half-even differently at exactly half a fen', () => {
    expect(roundFen('2.5', 'half-up')).toBe(3);
    expect(roundFen('2.5', 'half-even')).toBe(2);
    expect(roundFen('-2.5', 'half-up')).toBe(-3);
    expect(roundFen('2.9', 'down')).toBe(2);
    expect(roundFen('2.1', 'up')).toBe(3);
  });

  it('parses yuan text with separators, symbols and full-width digits exactly', () => {
    expect(parseYuan('1,234.56')).toBe(123456);
    expect(parseYuan('¥0.1')).toBe(10);
    expect(parseYuan('１２３元')).toBe(12300);
    expect(parseYuan('0.105')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
  });

  it('sums 0.1 yuan ten times to exactly one yuan', () => {
    expect(sumFen(Array.from({ length: 10 }, () => fen(10)))).toBe(100);
  });

  it('formats CNY with thousands separators', () => {
    expect(formatCny(fen(124000))).toBe('¥1,240.00');
    expect(formatCny(fen(-5))).toBe('-¥0.05');
    expect(formatYuan(fen(123456789))).toBe('1,234,567.89');
  });
});
