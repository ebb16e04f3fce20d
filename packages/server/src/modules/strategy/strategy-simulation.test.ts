/**
 * The in-memory simulation: a case moves on a day at a time (bucket, stage, new segment on a
 * stage change), and the cache of fired steps — keyed on folded day counts and step-condition
 * outcomes — gives exactly what planning every case-day afresh gives.
 */
import { addDays, DEFAULT_STRATEGY, type StrategyDefinition } from '@huikuan/domain';
import { describe, expect, it } from 'vitest';
import type { PlanningCaseRow } from '../dispatch/dispatch.repository.js';
import { BookSimulation } from './strategy-simulation.js';

const TODAY = '2026-11-28';

/** An open case `dpd` days late today, opened on its day 1, in the stage its bucket gives. */
function makeCase(n: number, over: Partial<PlanningCaseRow> & { dpd: number }): PlanningCaseRow {
  const stage = over.dpd <= 30 ? 'early' : over.dpd <= 60 ? 'middle' : 'late';
  const stageStartDpd = stage === 'early' ? 1 : stage === 'middle' ? 31 : 61;
  return {
    case_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    customer_id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    stage,
    opened_on: addDays(TODAY, -(over.dpd - 1)),
    stage_started_on: addDays(TODAY, -(over.dpd - stageStartDpd)),
    bucket: over.dpd <= 30 ? 'M1' : over.dpd <= 60 ? 'M2' : 'M3',
    overdue_fen: 100_000,
    principal_fen: 500_000,
    outstanding_fen: 500_000,
    episodes: 1,
    worst_dpd: over.dpd,
    last_outcome: null,
    product_code: 'XJD1',
    region_code: null,
    province: null,
    has_collateral: false,
    self_contact_valid: true,
    valid_contacts: 1,
    assigned_version_id: null,
    assigned_segment: null,
    assigned_stage: null,
    ...over,
  };
}

/** A varied book: every DPD from 1 to 220, repeat payers, secured loans, amounts, unreachable debtors. */
function book(): PlanningCaseRow[] {
  const rows: PlanningCaseRow[] = [];
  for (let n = 0; n < 1500; n += 1) {
    const dpd = 1 + ((n * 37) % 220);
    rows.push(
      makeCase(n, {
        dpd,
        episodes: 1 + (n % 3),
        has_collateral: n % 5 === 0,
        overdue_fen: 20_000 + ((n * 7919) % 3_000_000),
        outstanding_fen: 50_000 + ((n * 104_729) % 5_000_000),
        self_contact_valid: n % 4 !== 0,
        valid_contacts: n % 3,
      }),
    );
  }
  return rows;
}

/** The default with bounded and unbounded repeats of several periods and an amount condition. */
function variedStrategy(): StrategyDefinition {
  const s = structuredClone(DEFAULT_STRATEGY) as StrategyDefinition;
  s.plans[0]!.steps.push(
    {
      id: 'x.bounded',
      anchor: 'collection-start',
      dayOffset: 4,
      repeatEveryDays: 5,
      maxRepeats: 2,
      channel: 'email',
      templateCode: 'email.x',
      priority: 10,
    },
    {
      id: 'x.weekly-big',
      anchor: 'collection-start',
      dayOffset: 1,
      repeatEveryDays: 7,
      channel: 'visit',
      condition: { field: 'overdueFen', op: 'gte', value: 1_500_000 },
      priority: 10,
    },
  );
  return s;
}

function run(strategy: StrategyDefinition, cache: boolean, asOf = TODAY, days = 30) {
  const simulation = new BookSimulation(strategy, TODAY, asOf, days, { cache });
  const rows = book();
  for (let i = 0; i < rows.length; i += 200) simulation.addCases(rows.slice(i, i + 200));
  const { samples: _samples, ...totals } = simulation.result();
  return totals;
}

describe('book simulation', () => {
  it('gives a day-1 first-time case SMS and push on days 1–2, a call from day 3 every other day, then M2 daily calls', () => {
    const simulation = new BookSimulation(DEFAULT_STRATEGY, TODAY, TODAY, 32);
    simulation.addCases([makeCase(1, { dpd: 1 })]);
    const { days, segments, samples } = simulation.result();
    const callDays = days.filter((d) => d.channels['call-task'] > 0).map((d) => d.date);
    expect(days[0]!.channels).toMatchObject({ sms: 1, push: 1, 'call-task': 0 });
    expect(days[1]!.channels).toMatchObject({ sms: 1, push: 1, 'call-task': 0 });
    expect(callDays.slice(0, 3)).toEqual(['2026-11-30', '2026-12-02', '2026-12-04']);
    // Day 31 (2026-12-28) is the first M2 day: a new segment, called daily.
    expect(callDays.slice(-3)).toEqual(['2026-12-26', '2026-12-28', '2026-12-29']);
    expect(segments.filter((s) => s.cases > 0).map((s) => s.code)).toEqual(['m1-first', 'm2']);
    expect(samples[0]!.whyLine['en-US']).toMatch(/^M1 · First-time new customer · day 1 SMS · DPD 1, /);
  });

  it('counts exactly what planning each case-day afresh counts (default strategy)', () => {
    const cached = run(DEFAULT_STRATEGY, true);
    expect(cached.days.reduce((n, d) => n + d.total, 0)).toBeGreaterThan(10_000);
    expect(cached).toEqual(run(DEFAULT_STRATEGY, false));
  });

  it('counts exactly what planning afresh counts with bounded and weekly repeats, a conditional step and a later start', () => {
    const strategy = variedStrategy();
    const cached = run(strategy, true, addDays(TODAY, 10), 20);
    expect(cached.days.some((d) => d.channels.visit > 0 && d.channels.email > 0)).toBe(true);
    expect(cached).toEqual(run(strategy, false, addDays(TODAY, 10), 20));
  });

  it('counts cases no segment takes', () => {
    const gap = structuredClone(DEFAULT_STRATEGY) as StrategyDefinition;
    (gap.segments as { condition: unknown }[])[2]!.condition = {
      field: 'dpd',
      op: 'between',
      value: [31, 50],
    };
    const simulation = new BookSimulation(gap, TODAY, TODAY, 1);
    simulation.addCases([makeCase(1, { dpd: 55 }), makeCase(2, { dpd: 40 })]);
    expect(simulation.result()).toMatchObject({ cases: 2, unassignedCases: 1 });
  });
});
