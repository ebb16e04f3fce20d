import { describe, expect, it } from 'vitest';
import { CodedError } from '../errors/error-codes.js';
import {
  assertAllocationPolicy,
  DEFAULT_ALLOCATION_POLICY,
  firstMatchingRule,
  parseAllocationRule,
  ruleMatches,
} from './allocation-rules.js';

const TEAM = '00000000-0000-4000-8000-0000000000aa';
const facts = {
  stage: 'middle' as const,
  segment: 'M2-A',
  province: '广东省',
  regionCode: '440305',
  owedFen: 500_000,
};

describe('allocation rules', () => {
  it('parses a rule with defaults', () => {
    const rule = parseAllocationRule({
      name: '广东大额',
      priority: 1,
      target: { teamIds: [TEAM] },
      method: 'capacity-weighted',
    });
    expect(rule).toEqual({
      name: '广东大额',
      priority: 1,
      enabled: true,
      conditions: {},
      target: { teamIds: [TEAM], userIds: [] },
      method: 'capacity-weighted',
    });
  });

  it.each([
    [{ name: 'x', priority: 1, target: { teamIds: [] }, method: 'round-robin' }, 'target.teamIds'],
    [
      {
        name: 'x',
        priority: 1,
        target: { teamIds: [TEAM] },
        method: 'round-robin',
        conditions: { minOwedFen: 10, maxOwedFen: 5 },
      },
      'conditions.maxOwedFen',
    ],
    [{ name: 'x', priority: 1, target: { teamIds: [TEAM] }, method: 'random' }, 'method'],
    [
      { name: 'x', priority: 1, target: { teamIds: [TEAM] }, method: 'round-robin', conditions: { dpd: 3 } },
      'conditions',
    ],
  ])('refuses %j naming %s', (input, path) => {
    try {
      parseAllocationRule(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CodedError);
      expect((e as CodedError).code).toBe('ALLOCATION_RULE_INVALID');
      expect((e as CodedError).details?.map((d) => d.path)).toContain(path);
    }
  });

  it('matches each condition, amount bounds inclusive', () => {
    expect(ruleMatches({}, facts)).toBe(true);
    expect(ruleMatches({ stages: ['middle', 'late'] }, facts)).toBe(true);
    expect(ruleMatches({ stages: ['early'] }, facts)).toBe(false);
    expect(ruleMatches({ regionCodePrefixes: ['4403'] }, facts)).toBe(true);
    expect(ruleMatches({ regionCodePrefixes: ['4401'] }, facts)).toBe(false);
    expect(ruleMatches({ minOwedFen: 500_000, maxOwedFen: 500_000 }, facts)).toBe(true);
    expect(ruleMatches({ minOwedFen: 500_001 }, facts)).toBe(false);
    expect(ruleMatches({ maxOwedFen: 499_999 }, facts)).toBe(false);
    expect(ruleMatches({ segments: ['M2-A'], provinces: ['广东省'] }, facts)).toBe(true);
    expect(ruleMatches({ provinces: ['广东省'] }, { ...facts, province: null })).toBe(false);
  });

  it('tries enabled rules by priority, then id', () => {
    const base = {
      name: 'r',
      conditions: {},
      target: { teamIds: [TEAM], userIds: [] },
      method: 'round-robin' as const,
    };
    const rules = [
      { ...base, id: 'b', priority: 1, enabled: true },
      { ...base, id: 'a', priority: 1, enabled: true },
      { ...base, id: 'z', priority: 0, enabled: false },
    ];
    expect(firstMatchingRule(rules, facts)?.id).toBe('a');
  });

  it('checks the policy bounds', () => {
    expect(() => assertAllocationPolicy(DEFAULT_ALLOCATION_POLICY)).not.toThrow();
    expect(() => assertAllocationPolicy({ ...DEFAULT_ALLOCATION_POLICY, reallocateAfterDays: 366 })).toThrow(
      /reallocateAfterDays/,
    );
  });
});
