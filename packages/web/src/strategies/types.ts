import type { StepChannel } from '@huikuan/domain';

/** Text in both UI languages, as the server sends it. */
export interface LocalizedText {
  'zh-CN': string;
  'en-US': string;
}

export type StrategyStatus = 'draft' | 'in-review' | 'active' | 'retired';
export const STRATEGY_STATUSES: readonly StrategyStatus[] = ['draft', 'in-review', 'active', 'retired'];

/** GET /strategies: one version of a strategy code. */
export interface StrategyVersionSummary {
  id: string;
  code: string;
  version: number;
  status: StrategyStatus;
  name: LocalizedText | null;
  segmentCount: number;
  author: string | null;
  authorId: string | null;
  approver: string | null;
  createdAt: string;
  submittedAt: string | null;
  activatedAt: string | null;
  retiredAt: string | null;
  /** Bumped by each edit of the draft; an edit sends the revision it was made from. */
  revision: number;
  editorIds: string[];
  updatedAt: string | null;
  usedByDailyPlanning: boolean;
}

/** A validation problem of a strategy, with its place in the definition. */
export interface StrategyIssueView {
  path: string;
  code: string;
  params: Record<string, unknown>;
  message: LocalizedText;
  facts?: Record<string, unknown>;
}

/** One step of a plan, as stored in the definition. */
export interface StepView {
  id: string;
  dayOffset: number;
  anchor: string;
  channel: StepChannel;
  templateCode?: string;
  repeatEveryDays?: number;
  maxRepeats?: number;
  condition?: unknown;
  priority: number;
}

export interface PlanView {
  segmentCode: string;
  stage: string;
  steps: StepView[];
}

export interface DefinitionView {
  code: string;
  version?: number;
  name: LocalizedText;
  segments: { code: string; name: LocalizedText; condition: unknown }[];
  plans: PlanView[];
}

/** GET /strategies/:id */
export interface StrategyVersionDetail extends StrategyVersionSummary {
  definition: DefinitionView;
  validation: { ok: boolean; issues: StrategyIssueView[] };
  segments: { code: string; name: LocalizedText; condition: unknown; description: LocalizedText }[];
}

export type ChannelCounts = Record<StepChannel, number>;

/** POST /strategies/:id/simulate */
export interface SimulationResult {
  strategy: { id: string; code: string; version: number; status: string };
  businessDate: string;
  /** The business date whose book was simulated (模拟基准日). */
  asOf: string;
  book: 'current' | 'snapshot';
  /** The first simulated day. */
  startOn: string;
  days: number;
  cases: number;
  maxCases: number;
  truncated: boolean;
  unassignedCases: number;
  callCapacity: { collectors: number; callsPerCollector: number; callsPerDay: number };
  byDay: {
    date: string;
    total: number;
    channels: ChannelCounts;
    callTasks: number;
    callCapacity: number;
    callLoad: number | null;
    overCapacity: boolean;
  }[];
  bySegment: { code: string; name: LocalizedText; cases: number; actions: number; channels: ChannelCounts }[];
  samples: {
    caseId: string;
    date: string;
    segmentCode: string;
    stepId: string;
    channel: string;
    whyLine: LocalizedText;
  }[];
  assumptions: LocalizedText[];
  elapsedMs: number;
}
