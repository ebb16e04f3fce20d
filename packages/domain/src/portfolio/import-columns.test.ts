import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS, IMPORT_KINDS, resolveImportHeaders } from './import-columns.js';
import { importRecordKey, readImportRow } from './import-rows.js';
import { CustomerRecord, LoanRecord } from './ingest-records.js';

const TZ = { timeZone: 'Asia/Shanghai' };

describe('import columns', () => {
  it('gives every column a unique English key, Chinese header and aliases within its kind', () => {
    for (const kind of IMPORT_KINDS) {
      const names = IMPORT_COLUMNS[kind].flatMap((c) => [c.key, c.header, ...c.aliases]);
      expect(new Set(names).size, kind).toBe(names.length);
      for (const c of IMPORT_COLUMNS[kind]) {
        if (c.type === 'yuan') expect(c.field, c.key).toMatch(/Fen$/);
        if (c.type === 'enum') expect(c.choices?.length, c.key).toBeGreaterThan(0);
      }
    }
  });

  it('matches Chinese headers, full-width brackets, English keys in any case and required markers', () => {
    const { layout, issues } = resolveImportHeaders('loans', [
      '贷款编号',
      'customer_ref',
      'PRODUCTCODE',
      '本金(元)',
      '年利率',
      '期限(月)',
      '放款日 *',
      'maturityOn',
    ]);
    expect(issues).toEqual([]);
    expect(layout.columns.map((c) => c?.field)).toEqual([
      'sourceRef',
      'customerRef',
      'productCode',
      'principalFen',
      'annualRate',
      'termMonths',
      'disbursedOn',
      'maturityOn',
    ]);
  });

  it('reports unknown, repeated and missing required columns', () => {
    const { issues } = resolveImportHeaders('customers', ['客户编号', '姓名', '姓名', '血型', '']);
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ['IMPORT_DUPLICATE_COLUMN', '姓名'],
      ['IMPORT_UNKNOWN_COLUMN', '血型'],
      ['IMPORT_MISSING_COLUMN', null],
      ['IMPORT_MISSING_COLUMN', null],
    ]);
    expect(issues[2]?.params.column).toBe('身份证号 / idNumber');
  });

  it('is the same key for a header written in English or Chinese in each kind', () => {
    expect(
      resolveImportHeaders('schedules', ['贷款编号', '期次', '应还日', '应还本金', '应还利息']).issues,
    ).toEqual([]);
    expect(
      resolveImportHeaders('collateral', ['sourceRef', 'loanRef', 'kind', 'description']).issues,
    ).toEqual([]);
  });
});

describe('reading a row', () => {
  const customers = resolveImportHeaders('customers', [
    '客户编号',
    '姓名',
    '性别',
    '身份证号',
    '手机号',
    '月收入',
    '',
  ]).layout;

  it('turns cells into a customer record: label to value, yuan to fen, ID upper-cased', () => {
    const row = readImportRow(
      'customers',
      customers,
      ['C1', '张伟', '男', '11010519491231002x', '138 1234 5678', '12,000.50'],
      TZ,
    );
    expect(row.issues).toEqual([]);
    expect(row.record).toEqual({
      sourceRef: 'C1',
      name: '张伟',
      gender: 'M',
      idNumber: '11010519491231002X',
      mobile: '13812345678',
      monthlyIncomeFen: 1200050,
    });
    expect(CustomerRecord.safeParse(row.record).success).toBe(true);
  });

  it('reports each bad cell with its column and code, once per cell', () => {
    const row = readImportRow(
      'customers',
      customers,
      ['C1', '=cmd()', '未知', '110105199003071230', '12345', '-3.00', 'extra'],
      TZ,
    );
    expect(row.record).toBeNull();
    expect(row.issues.map((i) => [i.column, i.code])).toEqual([
      ['姓名', 'FORMULA_NOT_ALLOWED'],
      ['性别', 'VALUE_NOT_ALLOWED'],
      ['月收入', 'AMOUNT_NEGATIVE'],
      [null, 'IMPORT_VALUE_WITHOUT_HEADER'],
      ['身份证号', 'ID_NUMBER_INVALID'],
      ['手机号', 'MOBILE_INVALID'],
    ]);
  });

  it('reports required cells left empty', () => {
    const row = readImportRow(
      'customers',
      customers,
      ['C1', '', '', '110105199003071239', '13812345678'],
      TZ,
    );
    expect(row.issues.map((i) => [i.column, i.code])).toEqual([['姓名', 'VALUE_REQUIRED']]);
  });

  it('reads a loan row with a percentage rate, an Excel date serial and a maturity check', () => {
    const layout = resolveImportHeaders('loans', [
      'sourceRef',
      'customerRef',
      'productCode',
      'principal',
      'annualRate',
      'termMonths',
      'disbursedOn',
      'maturityOn',
    ]).layout;
    const row = readImportRow(
      'loans',
      layout,
      ['L1', 'C1', 'P12', '30,000', '18%', '12', 46037, '2027/1/15'],
      TZ,
    );
    expect(row.record).toEqual({
      sourceRef: 'L1',
      customerRef: 'C1',
      productCode: 'P12',
      principalFen: 3_000_000,
      annualRate: '0.18',
      termMonths: 12,
      disbursedOn: '2026-01-15',
      maturityOn: '2027-01-15',
    });
    expect(LoanRecord.safeParse(row.record).success).toBe(true);
    const backwards = readImportRow(
      'loans',
      layout,
      ['L1', 'C1', 'P12', '30,000', '18', '400', '2026-01-15', '2025-01-15'],
      TZ,
    );
    expect(backwards.issues.map((i) => [i.column, i.code])).toEqual([
      ['termMonths', 'NUMBER_OUT_OF_RANGE'],
      ['annualRate', 'RATE_OUT_OF_RANGE'],
    ]);
  });

  it('reads a payment row: channel label, yuan amount, date', () => {
    const layout = resolveImportHeaders('payments', [
      '流水号',
      '借据号',
      '还款金额(元)',
      '还款日期',
      '渠道',
    ]).layout;
    const row = readImportRow('payments', layout, ['BANK-1', 'L1', '1,050', '2026/11/19', '微信'], TZ);
    expect(row.record).toEqual({
      sourceRef: 'BANK-1',
      loanRef: 'L1',
      amountFen: 105_000,
      receivedOn: '2026-11-19',
      channel: 'wechat_pay',
    });
    const bad = readImportRow('payments', layout, ['BANK 1', 'L1', '0', '2026/11/19', '微信'], TZ);
    expect(bad.issues.map((i) => [i.column, i.code])).toEqual([
      ['流水号', 'SOURCE_REF_INVALID'],
      ['还款金额(元)', 'NUMBER_OUT_OF_RANGE'],
    ]);
  });

  it('refuses a paid amount above the amount due in a schedule row', () => {
    const layout = resolveImportHeaders('schedules', [
      '贷款编号',
      '期次',
      '应还日',
      '应还本金',
      '应还利息',
      '已还本金',
    ]).layout;
    const row = readImportRow('schedules', layout, ['L1', '1', '2026-02-15', '100', '10', '100.01'], TZ);
    expect(row.issues.map((i) => [i.column, i.code])).toEqual([['已还本金', 'PAID_EXCEEDS_DUE']]);
    const good = readImportRow('schedules', layout, ['L1', '2', '2026-03-15', '100', '10', ''], TZ);
    expect(good.record).not.toBeNull();
    expect(importRecordKey('schedules', good.record!)).toBe('L1#2');
  });
});
