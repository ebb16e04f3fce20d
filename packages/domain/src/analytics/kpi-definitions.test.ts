import { describe, expect, it } from 'vitest';
import { CodedError } from '../errors/error-codes.js';
import { DEFAULT_ANALYTICS_SETTINGS, parseAnalyticsSettings } from './analytics-settings.js';
import {
  assertKpiDimension,
  KPI_DEFINITIONS,
  KPI_IDS,
  kpiDefinition,
  kpiSettingsUsed,
} from './kpi-definitions.js';

// GLOSSARY.md's formulas section, as it reads (bold marks removed). A definition's en-US formula
// must be a verbatim part of it, so a dashboard never shows a paraphrase.
const GLOSSARY_FORMULAS = `
- Entry rate 入催率 = amount (or count) newly entering collection in the period ÷
  amount (or count) falling due in the period. First-day entry: D+1 still unpaid ÷ due that day.
- Flow rate 迁徙率 M(n)→M(n+1) = balance in M(n+1) at this month end ÷ balance in
  M(n) at last month end. Collection multiplier = product of successive flow rates.
- Roll-rate matrix = P(worst bucket in performance window = j | worst bucket in observation window = i).
- Cure rate = cases leaving to M0 in the period ÷ cases open at period start, per bucket.
- Recovery rate 催回率 = collected in the period ÷ amount due at allocation (amount basis), or
  cases settled ÷ cases allocated (count basis).
- Vintage at MOB k = principal still outstanding with DPD ≥ N ÷ principal disbursed in the cohort.
- PTP rate = PTPs ÷ right-party contacts; kept rate = kept PTPs ÷ PTPs due; broken = PTP − kept.
- Contact rate 接通率 = connected calls ÷ dialed; coverage 覆盖率 = cases attempted ÷ cases held;
  penetration 渗透率 = attempts ÷ cases.
`.replace(/\s+/g, ' ');

describe('KPI definitions', () => {
  it('defines every KPI once', () => {
    expect(KPI_DEFINITIONS.map((k) => k.id)).toEqual([...KPI_IDS]);
  });

  it('quotes GLOSSARY.md verbatim in en-US and gives every text in both languages', () => {
    for (const kpi of KPI_DEFINITIONS) {
      if (kpi.inGlossary) expect(GLOSSARY_FORMULAS, kpi.id).toContain(kpi.formula['en-US']);
      for (const text of [
        kpi.name,
        kpi.formula,
        kpi.numerator,
        kpi.reading,
        ...(kpi.denominator ? [kpi.denominator] : []),
      ]) {
        expect(text['zh-CN'].length, kpi.id).toBeGreaterThan(0);
        expect(text['en-US'].length, kpi.id).toBeGreaterThan(0);
      }
      expect((kpi.unit === 'ratio') === (kpi.denominator !== null), kpi.id).toBe(true);
    }
    expect(KPI_DEFINITIONS.filter((k) => !k.inGlossary).map((k) => k.id)).toEqual(['amount-collected']);
  });

  it('names settings that exist, so a report can say which definition it used', () => {
    for (const kpi of KPI_DEFINITIONS) {
      for (const { path, value } of kpiSettingsUsed(kpi.id, DEFAULT_ANALYTICS_SETTINGS)) {
        expect(value, `${kpi.id} ${path}`).not.toBeUndefined();
      }
    }
    expect(kpiSettingsUsed('vintage', parseAnalyticsSettings({ vintage: { dpdThreshold: 91 } }))).toEqual([
      { path: 'vintage.dpdThreshold', value: 91 },
      { path: 'vintage.maxMob', value: 24 },
    ]);
  });

  it('refuses an unknown KPI and a breakdown it does not have', () => {
    expect(() => kpiDefinition('churn')).toThrow(CodedError);
    expect(() => assertKpiDimension('recovery-rate', 'collector')).not.toThrow();
    try {
      assertKpiDimension('vintage', 'collector');
      expect.unreachable();
    } catch (error) {
      expect((error as CodedError).code).toBe('ANALYTICS_DIMENSION_NOT_APPLICABLE');
      expect((error as CodedError).params.allowed).toBe('product, region');
    }
  });
});
