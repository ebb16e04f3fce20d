/**
 * 策略模拟 a strategy version run over the open book in memory: no case is assigned, no action
 * written. Each case gets a segment from the version on the first simulated day (and a new one
 * when it changes stage, as daily planning does), then every day is planned with the domain's
 * planDay, assuming no payment and no contact outcome: DPD, bucket, stage and the day counters
 * move on by one a day; amounts, promises and contact validity stay as they are today.
 *
 * Speed: which steps planDay fires depends only on the segment, the stage, the day counts from
 * the collection and stage starts, and whether each step's condition holds. The
 * simulation caches the fired steps on exactly those, with each day count folded past the
 * plan's last one-off day onto the cycle of its repeating steps (dayFold) — exact, and it makes
 * cases opened on different days share entries. The sample why-lines are always planned afresh
 * for the case they describe.
 */
import {
  addDays,
  assignSegment,
  type BusinessDate,
  bucketOf,
  type CaseFacts,
  type Condition,
  daysBetween,
  evaluateCondition,
  type LocalizedText,
  planDay,
  STEP_CHANNELS,
  type StepChannel,
  type StrategyDefinition,
  type StrategyStep,
  stageForBucket,
} from '@huikuan/domain';
import type { PlanningCaseRow } from '../dispatch/dispatch.repository.js';
import { caseFactsOf } from '../dispatch/dispatch.service.js';

/** The stages whose cases move on with their bucket; legal, agency and write-off stay put. */
const BUCKET_STAGES = new Set(['early', 'middle', 'late']);
/** How many why-lines the result shows: one per segment and step first seen. */
const MAX_SAMPLES = 20;
/** Cached plan outcomes before the cache starts afresh (facts tested by step conditions vary). */
const MAX_CACHE_ENTRIES = 100_000;

export type ChannelCounts = Record<StepChannel, number>;

export interface SimulatedDay {
  date: BusinessDate;
  total: number;
  channels: ChannelCounts;
}

export interface SimulatedSegment {
  code: string;
  name: LocalizedText;
  /** Cases in the segment on at least one simulated day. */
  cases: number;
  actions: number;
  channels: ChannelCounts;
}

export interface SimulationSample {
  caseId: string;
  date: BusinessDate;
  segmentCode: string;
  stepId: string;
  channel: StepChannel;
  whyLine: LocalizedText;
}

export interface SimulationTotals {
  cases: number;
  /** Cases no segment took on some simulated day (a gap in the version's segments). */
  unassignedCases: number;
  days: SimulatedDay[];
  segments: SimulatedSegment[];
  samples: SimulationSample[];
}

const zeroCounts = (): ChannelCounts => Object.fromEntries(STEP_CHANNELS.map((c) => [c, 0])) as ChannelCounts;

interface CachedAction {
  stepId: string;
  channel: StepChannel;
}

/**
 * How a plan's steps on one anchor see a day count d (days since the anchor): up to `horizon`
 * each day may differ; past it only one-off steps' days are over and bounded repeats have ended,
 * so what fires depends on d modulo the repeat periods' least common multiple (`period`).
 */
interface DayFold {
  horizon: number;
  period: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
/** Past this cycle length the count is kept as it is (no folding). */
const MAX_FOLD_PERIOD = 10_000;

function dayFold(steps: readonly StrategyStep[]): DayFold {
  let horizon = 0;
  let period = 1;
  for (const s of steps) {
    if (s.repeatEveryDays === undefined) {
      horizon = Math.max(horizon, s.dayOffset);
    } else if (s.maxRepeats !== undefined) {
      horizon = Math.max(horizon, s.dayOffset + s.repeatEveryDays * s.maxRepeats);
    } else {
      horizon = Math.max(horizon, s.dayOffset);
      period = (period / gcd(period, s.repeatEveryDays)) * s.repeatEveryDays;
    }
  }
  return period > MAX_FOLD_PERIOD ? { horizon: Number.POSITIVE_INFINITY, period: 1 } : { horizon, period };
}

/** The day count with the same fired steps, folded onto [0, horizon + period]. */
function fold(days: number, f: DayFold): number {
  return days <= f.horizon ? days : f.horizon + 1 + ((days - f.horizon - 1) % f.period);
}

/** What decides which steps of one plan (segment × stage) fire. */
interface PlanShape {
  /** The conditions of the plan's conditional steps: whether each holds is part of the key. */
  conditions: Condition[];
  collection: DayFold;
  stage: DayFold;
}

/** Accumulates the simulation of one strategy version, page of cases by page. */
export class BookSimulation {
  private readonly dates: BusinessDate[];
  private readonly skipDays: number;
  private readonly days: SimulatedDay[];
  private readonly segmentIndex = new Map<string, number>();
  private readonly segments: SimulatedSegment[];
  private readonly planShapes = new Map<string, PlanShape>();
  private cache = new Map<string, CachedAction[]>();
  private readonly sampled = new Set<string>();
  private readonly samples: SimulationSample[] = [];
  private cases = 0;
  private unassignedCases = 0;

  /**
   * @param businessDate the date the book's facts are as of (the current business date)
   * @param asOf the first day reported (≥ businessDate; the days between are simulated unreported)
   * @param options.cache false plans every case-day afresh (the reference the cache is tested against)
   */
  constructor(
    private readonly strategy: StrategyDefinition,
    private readonly businessDate: BusinessDate,
    asOf: BusinessDate,
    days: number,
    private readonly options: { cache: boolean } = { cache: true },
  ) {
    this.skipDays = daysBetween(businessDate, asOf);
    if (this.skipDays < 0) throw new RangeError('asOf is before the business date');
    this.dates = Array.from({ length: this.skipDays + days }, (_, k) => addDays(businessDate, k));
    this.days = this.dates.slice(this.skipDays).map((date) => ({ date, total: 0, channels: zeroCounts() }));
    this.segments = strategy.segments.map((s, i) => {
      this.segmentIndex.set(s.code, i);
      return { code: s.code, name: s.name, cases: 0, actions: 0, channels: zeroCounts() };
    });
  }

  /** What decides a plan's fired steps: its step conditions and its day folds. */
  private shapeOf(segmentCode: string, stage: string): PlanShape {
    const key = `${segmentCode}\u0000${stage}`;
    let shape = this.planShapes.get(key);
    if (!shape) {
      const plan = this.strategy.plans.find((p) => p.segmentCode === segmentCode && p.stage === stage);
      const steps = plan?.steps ?? [];
      shape = {
        conditions: steps.flatMap((step) => (step.condition ? [step.condition] : [])),
        collection: dayFold(steps.filter((s) => s.anchor === 'collection-start')),
        stage: dayFold(steps.filter((s) => s.anchor === 'stage-start')),
      };
      this.planShapes.set(key, shape);
    }
    return shape;
  }

  private plan(facts: CaseFacts, row: PlanningCaseRow, k: number, daysInStage: number, segment: string) {
    const date = this.dates[k]!;
    return planDay(this.strategy, facts, {
      businessDate: date,
      collectionStartDate: row.opened_on,
      stageStartDate: addDays(date, -daysInStage),
      segmentCode: segment,
    });
  }

  /** Simulates one page of open cases (planning rows as of the business date). */
  addCases(rows: readonly PlanningCaseRow[]): void {
    for (const row of rows) this.addCase(row);
  }

  private addCase(row: PlanningCaseRow): void {
    this.cases += 1;
    const facts = caseFactsOf(row, this.businessDate);
    const sinceStart = daysBetween(row.opened_on, this.businessDate);
    let daysInStage = daysBetween(row.stage_started_on, this.businessDate);
    let segment: string | null = null;
    let unassigned = false;
    const visited: number[] = [];
    for (let k = 0; k < this.dates.length; k += 1) {
      if (k > 0) {
        // One more day unpaid: DPD, bucket and (for collection stages) stage move on.
        facts.dpd += 1;
        facts.bucket = bucketOf(facts.dpd);
        facts.worstDpdEver = Math.max(facts.worstDpdEver, facts.dpd);
        facts.daysSinceCollectionStart = Math.max(sinceStart + k, 0);
        const stage = BUCKET_STAGES.has(facts.stage) ? stageForBucket(facts.bucket) : facts.stage;
        if (stage !== facts.stage) {
          facts.stage = stage;
          daysInStage = 0;
          segment = null; // planning assigns a new segment on a stage change
        } else {
          daysInStage += 1;
        }
        facts.daysInStage = Math.max(daysInStage, 0);
      }
      if (segment === null) segment = assignSegment(this.strategy, facts);
      if (k < this.skipDays) continue;
      if (segment === null) {
        unassigned = true;
        continue;
      }
      const segmentNo = this.segmentIndex.get(segment)!;
      if (!visited.includes(segmentNo)) visited.push(segmentNo);
      const shape = this.shapeOf(segment, facts.stage);
      let key = `${segmentNo}\u0000${facts.stage}\u0000${fold(sinceStart + k, shape.collection)}\u0000${fold(daysInStage, shape.stage)}`;
      for (const c of shape.conditions) key += evaluateCondition(c, facts) ? '1' : '0';
      let actions = this.options.cache ? this.cache.get(key) : undefined;
      if (!actions) {
        actions = this.plan(facts, row, k, daysInStage, segment).map((a) => ({
          stepId: a.stepId,
          channel: a.channel,
        }));
        if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache = new Map();
        this.cache.set(key, actions);
      }
      if (actions.length === 0) continue;
      const day = this.days[k - this.skipDays]!;
      const seg = this.segments[segmentNo]!;
      for (const a of actions) {
        day.total += 1;
        day.channels[a.channel] += 1;
        seg.actions += 1;
        seg.channels[a.channel] += 1;
        const sampleKey = `${segment}\u0000${a.stepId}`;
        if (this.samples.length < MAX_SAMPLES && !this.sampled.has(sampleKey)) {
          this.sampled.add(sampleKey);
          const fresh = this.plan(facts, row, k, daysInStage, segment).find((p) => p.stepId === a.stepId);
          if (fresh) {
            this.samples.push({
              caseId: row.case_id,
              date: day.date,
              segmentCode: segment,
              stepId: a.stepId,
              channel: a.channel,
              whyLine: fresh.whyLine,
            });
          }
        }
      }
    }
    if (unassigned) this.unassignedCases += 1;
    for (const i of visited) this.segments[i]!.cases += 1;
  }

  result(): SimulationTotals {
    return {
      cases: this.cases,
      unassignedCases: this.unassignedCases,
      days: this.days,
      segments: this.segments,
      samples: this.samples,
    };
  }
}
