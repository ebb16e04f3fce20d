import { describe, expect, it } from 'vitest';
import {
  basePackOf,
  CN_RULE_PACK,
  diffPackParams,
  findRule,
  tightenPack,
  US_REGF_RULE_PACK,
} from './rule-pack.js';

describe('rule packs', () => {
  it('the cn pack carries every China rule of COMPLIANCE.md', () => {
    expect(CN_RULE_PACK.rules.map((r) => r.id)).toEqual([
      'cn.quiet-hours',
      'cn.connected-calls-per-day',
      'cn.dials-per-number-per-day',
      'cn.messages-per-day',
      'cn.party-roles',
      'cn.contact-unlock',
      'cn.no-disclosure',
      'cn.contact-refusal',
      'cn.holds',
      'cn.recording',
      'cn.identify',
      'cn.content-screen',
      'cn.fee-cap',
      'cn.agency-gate',
      'cn.credit-report-notice',
      'cn.request-response',
      'cn.retention',
      'cn.training',
      'cn.debt-settled',
    ]);
  });

  it('the us-regf pack carries every Regulation F rule of COMPLIANCE.md, plus the hold policy, content screening and the settled-debt stop', () => {
    expect(US_REGF_RULE_PACK.rules).toHaveLength(15);
    expect(findRule(US_REGF_RULE_PACK, 'us.debt-settled')?.kind).toBe('BLOCK');
    expect(findRule(US_REGF_RULE_PACK, 'us.content-screen')?.citation).toContain('§1006.18');
    expect(findRule(US_REGF_RULE_PACK, 'us.holds')?.citation).toBe('institution policy');
    expect(findRule(US_REGF_RULE_PACK, 'us.7-in-7')?.citation).toBe('§1006.14(b)(2)(i)(A)');
  });

  it('cites quiet hours to GB/T 45251-2025 marked as a secondary source', () => {
    const rule = findRule(CN_RULE_PACK, 'cn.quiet-hours');
    expect(rule?.citation.startsWith('GB/T 45251-2025 (s)')).toBe(true);
    expect(rule?.params.quietWindow).toEqual({
      type: 'blocked-window',
      value: { start: '22:00', end: '08:00' },
    });
    expect(CN_RULE_PACK.notes).toContain('(s)');
  });

  it('rule ids are unique within each pack', () => {
    for (const pack of [CN_RULE_PACK, US_REGF_RULE_PACK]) {
      expect(new Set(pack.rules.map((r) => r.id)).size).toBe(pack.rules.length);
    }
  });
});

describe('tightenPack', () => {
  it('allows a stricter 21:00 quiet-hours start', () => {
    const result = tightenPack(CN_RULE_PACK, {
      'cn.quiet-hours': { quietWindow: { start: '21:00', end: '08:00' } },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(findRule(result.pack, 'cn.quiet-hours')?.params.quietWindow?.value).toEqual({
      start: '21:00',
      end: '08:00',
    });
    // the shared default pack is untouched
    expect(findRule(CN_RULE_PACK, 'cn.quiet-hours')?.params.quietWindow?.value).toEqual({
      start: '22:00',
      end: '08:00',
    });
  });

  it('refuses loosening quiet hours to start at 23:00', () => {
    const result = tightenPack(CN_RULE_PACK, {
      'cn.quiet-hours': { quietWindow: { start: '23:00', end: '08:00' } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ ruleId: 'cn.quiet-hours', param: 'quietWindow' });
    expect(result.errors[0]?.reason['en-US']).toContain('may only be tightened');
  });

  it('caps may only decrease: 2 connected calls a day is allowed, 4 is refused', () => {
    expect(tightenPack(CN_RULE_PACK, { 'cn.connected-calls-per-day': { maxConnectedCalls: 2 } }).ok).toBe(
      true,
    );
    expect(tightenPack(CN_RULE_PACK, { 'cn.connected-calls-per-day': { maxConnectedCalls: 4 } }).ok).toBe(
      false,
    );
  });

  it('the internal-policy message cap is configurable and may be raised', () => {
    const result = tightenPack(CN_RULE_PACK, { 'cn.messages-per-day': { maxMessages: 5 } });
    expect(result.ok).toBe(true);
  });

  it('the Reg F calling window may only narrow', () => {
    const allowed = (start: string, end: string) =>
      tightenPack(US_REGF_RULE_PACK, { 'us.inconvenient-times': { allowedWindow: { start, end } } }).ok;
    expect(allowed('09:00', '20:00')).toBe(true);
    expect(allowed('07:00', '21:00')).toBe(false);
  });

  it('refuses unknown rules, unknown parameters and values of the wrong type, listing every error', () => {
    const result = tightenPack(CN_RULE_PACK, {
      'cn.nope': { x: 1 },
      'cn.dials-per-number-per-day': { maxDials: 3 },
      'cn.quiet-hours': { quietWindow: 3 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.ruleId)).toEqual([
      'cn.nope',
      'cn.dials-per-number-per-day',
      'cn.quiet-hours',
    ]);
  });
});

describe('diffPackParams', () => {
  it('lists each changed parameter with its old and new value, and nothing else', () => {
    const tightened = tightenPack(CN_RULE_PACK, {
      'cn.messages-per-day': { maxMessages: 2 },
      'cn.quiet-hours': { quietWindow: { start: '21:00', end: '08:00' } },
    });
    if (!tightened.ok) throw new Error('expected the overrides to apply');
    expect(diffPackParams(CN_RULE_PACK, tightened.pack)).toEqual([
      {
        ruleId: 'cn.quiet-hours',
        param: 'quietWindow',
        from: { start: '22:00', end: '08:00' },
        to: { start: '21:00', end: '08:00' },
      },
      { ruleId: 'cn.messages-per-day', param: 'maxMessages', from: 3, to: 2 },
    ]);
    expect(diffPackParams(CN_RULE_PACK, CN_RULE_PACK)).toEqual([]);
  });

  it('shows rules only one pack has with null on the other side', () => {
    const changes = diffPackParams(CN_RULE_PACK, US_REGF_RULE_PACK);
    expect(changes).toContainEqual({
      ruleId: 'cn.messages-per-day',
      param: 'maxMessages',
      from: 3,
      to: null,
    });
    expect(changes.some((c) => c.ruleId.startsWith('us.') && c.from === null)).toBe(true);
  });

  it('finds the shipped packs by code and nothing else', () => {
    expect(basePackOf('cn')).toBe(CN_RULE_PACK);
    expect(basePackOf('us-regf')).toBe(US_REGF_RULE_PACK);
    expect(basePackOf('uk')).toBeUndefined();
  });
});
