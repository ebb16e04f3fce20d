import { describe, expect, it } from 'vitest';
import { CodedError } from '../errors/error-codes.js';
import { type ActionCode, assertActionCodes, checkOutcome, DEFAULT_ACTION_CODES } from './action-codes.js';
import { stageScript } from './stage-scripts.js';

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof CodedError) return e.code;
    throw e;
  }
};

describe('checkOutcome', () => {
  const list = DEFAULT_ACTION_CODES;
  it('accepts outcomes that agree with their code', () => {
    expect(checkOutcome(list, { outcomeCode: 'PTP', connected: true, rightParty: true }).promise).toBe(true);
    expect(checkOutcome(list, { outcomeCode: 'NO_ANSWER', connected: false }).party).toBe('none');
    expect(checkOutcome(list, { outcomeCode: 'THIRD_PARTY', connected: true, rightParty: false }).code).toBe(
      'THIRD_PARTY',
    );
    expect(checkOutcome(list, { outcomeCode: 'HANG_UP', connected: false }).code).toBe('HANG_UP');
  });

  it.each([
    [{ outcomeCode: 'NOPE', connected: true }, 'ACTION_CODE_UNKNOWN'],
    [{ outcomeCode: 'NO_ANSWER', connected: true }, 'ACTION_CODE_MISMATCH'],
    [{ outcomeCode: 'PTP', connected: false }, 'ACTION_CODE_MISMATCH'],
    [{ outcomeCode: 'PTP', connected: true, rightParty: false }, 'ACTION_CODE_MISMATCH'],
    [{ outcomeCode: 'THIRD_PARTY', connected: true, rightParty: true }, 'ACTION_CODE_MISMATCH'],
  ])('refuses %j with %s', (outcome, code) => {
    expect(codeOf(() => checkOutcome(list, outcome))).toBe(code);
  });

  it('refuses a retired code', () => {
    const retired = list.map((c) => (c.code === 'BUSY' ? { ...c, retired: true } : c));
    expect(codeOf(() => checkOutcome(retired, { outcomeCode: 'BUSY', connected: false }))).toBe(
      'ACTION_CODE_UNKNOWN',
    );
  });
});

describe('assertActionCodes', () => {
  it('accepts the shipped list, relabelled or retired codes, and new codes', () => {
    const list: ActionCode[] = [
      ...DEFAULT_ACTION_CODES.map((c) => (c.code === 'BUSY' ? { ...c, retired: true } : c)),
      { code: 'VOICEMAIL', label: { 'zh-CN': '语音信箱', 'en-US': 'voicemail' }, party: 'none' },
    ];
    expect(() => assertActionCodes(list)).not.toThrow();
  });

  it('refuses duplicates, removed shipped codes and changed meanings', () => {
    expect(codeOf(() => assertActionCodes([...DEFAULT_ACTION_CODES, DEFAULT_ACTION_CODES[0]!]))).toBe(
      'ACTION_CODES_INVALID',
    );
    expect(codeOf(() => assertActionCodes(DEFAULT_ACTION_CODES.slice(1)))).toBe('ACTION_CODES_INVALID');
    const changed = DEFAULT_ACTION_CODES.map((c) => (c.code === 'PTP' ? { ...c, party: 'any' as const } : c));
    expect(codeOf(() => assertActionCodes(changed))).toBe('ACTION_CODES_INVALID');
  });
});

describe('stageScript', () => {
  const facts = {
    institutionName: '测试小额贷款有限公司',
    collectorName: '王丽',
    overdueAmount: '¥5,078.75',
    dpd: 3,
    penaltyFormula: {
      'zh-CN': '未还本金 × 18% × 1.5 ÷ 360 × 逾期天数',
      'en-US': 'principal × 18% × 1.5 ÷ 360 × days',
    },
  };
  it('starts with the required statements: who is calling, the charges and their formula, the credit record', () => {
    const script = stageScript('early', facts);
    const required = script.statements.filter((s) => s.required);
    expect(required.map((s) => s.id)).toEqual(['identify', 'amount-and-fees', 'credit-record']);
    expect(required[0]!.text['zh-CN']).toContain('测试小额贷款有限公司的工作人员王丽');
    expect(required[1]!.text['zh-CN']).toContain('逾期3天,逾期金额 ¥5,078.75');
    expect(required[1]!.text['zh-CN']).toContain('× 18% × 1.5 ÷ 360');
    expect(required[2]!.text['zh-CN']).toContain('征信');
  });
  it('follows the plan per stage', () => {
    expect(stageScript('early', facts).statements.map((s) => s.id)).toContain('reason');
    expect(stageScript('middle', facts).statements.map((s) => s.id)).toContain('plan');
    expect(stageScript('late', facts).statements.map((s) => s.id)).toContain('demand');
  });
});
