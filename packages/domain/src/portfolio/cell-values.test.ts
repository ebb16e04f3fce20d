import { describe, expect, it } from 'vitest';
import {
  excelSerialToDate,
  isFormulaLike,
  MAX_AMOUNT_FEN,
  normalisePhone,
  readDateCell,
  readDateTimeCell,
  readIntegerCell,
  readRateCell,
  readTextCell,
  readYuanCell,
} from './cell-values.js';

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : undefined);
const code = (r: { ok: true } | { ok: false; code: string }) => (r.ok ? 'ok' : r.code);

describe('yuan amounts', () => {
  it('reads yuan with thousands separators, currency signs and full-width digits exactly into fen', () => {
    expect(value(readYuanCell('1,234.56'))).toBe(123456);
    expect(value(readYuanCell('¥1,234,567.8'))).toBe(123456780);
    expect(value(readYuanCell('30000元'))).toBe(3000000);
    expect(value(readYuanCell('１２３.４５'))).toBe(12345);
    expect(value(readYuanCell(' 0.1 '))).toBe(10);
    expect(value(readYuanCell('12.300'))).toBe(1230);
    expect(value(readYuanCell(''))).toBeNull();
  });

  it('reads a spreadsheet number with float noise as whole fen', () => {
    expect(value(readYuanCell(0.1 + 0.2))).toBe(30);
    expect(value(readYuanCell(1234.56))).toBe(123456);
    expect(value(readYuanCell(99_999_999_999.99))).toBe(9_999_999_999_999);
  });

  it('refuses more than two decimals, misplaced separators and text', () => {
    expect(code(readYuanCell('12.345'))).toBe('AMOUNT_INVALID');
    expect(code(readYuanCell(12.345))).toBe('AMOUNT_INVALID');
    expect(code(readYuanCell('1,23.00'))).toBe('AMOUNT_INVALID');
    expect(code(readYuanCell('abc'))).toBe('AMOUNT_INVALID');
    expect(code(readYuanCell('1.2.3'))).toBe('AMOUNT_INVALID');
  });

  it('refuses negative amounts and amounts above 10^13 fen without overflowing', () => {
    expect(code(readYuanCell('-100.00'))).toBe('AMOUNT_NEGATIVE');
    expect(code(readYuanCell(-5))).toBe('AMOUNT_NEGATIVE');
    expect(value(readYuanCell('-0.00'))).toBe(0);
    expect(value(readYuanCell('100,000,000,000'))).toBe(MAX_AMOUNT_FEN);
    expect(code(readYuanCell('100,000,000,000.01'))).toBe('AMOUNT_TOO_LARGE');
    expect(code(readYuanCell('99999999999999999999999'))).toBe('AMOUNT_TOO_LARGE');
  });
});

describe('rates', () => {
  it('reads decimals and percentages as decimal strings', () => {
    expect(value(readRateCell('0.18'))).toBe('0.18');
    expect(value(readRateCell('18%'))).toBe('0.18');
    expect(value(readRateCell('１８％'))).toBe('0.18');
    expect(value(readRateCell('7.2%'))).toBe('0.072');
    expect(value(readRateCell('0.180000'))).toBe('0.18');
    expect(value(readRateCell(0.18))).toBe('0.18');
    expect(value(readRateCell(0.1 + 0.08))).toBe('0.18');
    expect(value(readRateCell('0'))).toBe('0');
  });

  it('refuses text, negative rates and more than 6 decimals', () => {
    expect(code(readRateCell('eighteen'))).toBe('RATE_INVALID');
    expect(code(readRateCell('-0.18'))).toBe('RATE_INVALID');
    expect(code(readRateCell('0.1234567'))).toBe('RATE_INVALID');
    expect(code(readRateCell('0.00001%'))).toBe('RATE_INVALID');
  });
});

describe('dates', () => {
  it('reads the usual spellings of a date', () => {
    for (const text of [
      '2026-03-15',
      '2026/3/15',
      '2026.03.15',
      '2026年3月15日',
      '20260315',
      '2026-3-15 14:30:00',
    ]) {
      expect(value(readDateCell(text)), text).toBe('2026-03-15');
    }
  });

  it('reads Excel serial day numbers, as numbers or text', () => {
    expect(excelSerialToDate(46096)).toBe('2026-03-15');
    expect(value(readDateCell(46096))).toBe('2026-03-15');
    expect(value(readDateCell('46096'))).toBe('2026-03-15');
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(60)).toBeNull(); // Excel's 1900-02-29 never existed
  });

  it('refuses impossible dates and other text', () => {
    for (const text of [
      '2026-02-30',
      '2025-02-29',
      '2026/13/1',
      '20260230',
      'next monday',
      '2026-03-15 25:00',
    ]) {
      expect(code(readDateCell(text)), text).toBe('DATE_INVALID');
    }
    expect(value(readDateCell('2024-02-29'))).toBe('2024-02-29');
  });

  it('reads a local time in the institution zone, or a time with its offset', () => {
    expect(value(readDateTimeCell('2026-03-15 14:30', 'Asia/Shanghai'))).toBe('2026-03-15T06:30:00.000Z');
    expect(value(readDateTimeCell('2026-03-15T14:30:00+08:00', 'UTC'))).toBe('2026-03-15T06:30:00.000Z');
    expect(value(readDateTimeCell('2026-03-15', 'Asia/Urumqi'))).toBe('2026-03-14T18:00:00.000Z');
    expect(value(readDateTimeCell('2026-07-01 09:00', 'America/New_York'))).toBe('2026-07-01T13:00:00.000Z');
    expect(code(readDateTimeCell('2026-02-30 10:00', 'Asia/Shanghai'))).toBe('DATETIME_INVALID');
  });
});

describe('whole numbers and text', () => {
  it('reads whole numbers with separators and refuses fractions', () => {
    expect(value(readIntegerCell('12'))).toBe(12);
    expect(value(readIntegerCell('1,200'))).toBe(1200);
    expect(value(readIntegerCell('12.0'))).toBe(12);
    expect(value(readIntegerCell(24))).toBe(24);
    expect(code(readIntegerCell('12.5'))).toBe('INTEGER_INVALID');
    expect(code(readIntegerCell(12.5))).toBe('INTEGER_INVALID');
    expect(code(readIntegerCell('twelve'))).toBe('INTEGER_INVALID');
  });

  it('refuses formula-looking text unless it is a number', () => {
    for (const text of ['=1+2', '+cmd|calc', '-2+3', '@SUM(A1)', '=HYPERLINK("http://x")']) {
      expect(isFormulaLike(text), text).toBe(true);
      expect(code(readTextCell(text)), text).toBe('FORMULA_NOT_ALLOWED');
    }
    for (const text of ['-5', '+8613800138000', '-1,234.5', '张三', 'a=b']) {
      expect(isFormulaLike(text), text).toBe(false);
    }
  });

  it('refuses a long number that a spreadsheet already rounded', () => {
    expect(code(readTextCell(110105199003071230))).toBe('NUMBER_PRECISION_LOST');
    expect(value(readTextCell(13812345678))).toBe('13812345678');
  });

  it('bounds text length', () => {
    expect(code(readTextCell('x'.repeat(51), { maxLength: 50 }))).toBe('TEXT_TOO_LONG');
  });

  it('normalises phone numbers as typed', () => {
    expect(normalisePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalisePhone('0086 13812345678')).toBe('13812345678');
    expect(normalisePhone('010 12345678')).toBe('010-12345678');
    expect(normalisePhone('(0755)1234567')).toBe('0755-1234567');
  });
});
