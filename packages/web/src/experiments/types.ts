/**
 * Shapes of the champion/challenger API (v1). Shares are basis points (10000 = 100%); amounts
 * are integer fen, typed with the domain's `Fen` brand so they can only be shown through
 * `formatCny`.
 */
import type { Fen } from '@huikuan/domain';

export type ExperimentStatus = 'running' | 'stopped';

export interface ExperimentVariant {
  id: string;
  shareBps: number;
  strategyVersionId: string | null;
}

/** One experiment: the segment whose new cases it splits, and how. */
export interface Experiment {
  code: string;
  segmentCode: string;
  status: ExperimentStatus | string;
  /** Business dates, YYYY-MM-DD. */
  startedOn: string;
  stoppedOn: string | null;
  /** The username of who started it. */
  createdBy: string | null;
  holdoutShareBps: number;
  /** The first variant is the champion. */
  variants: ExperimentVariant[];
}

export interface StartExperimentRequest {
  code: string;
  segmentCode: string;
  variants: ExperimentVariant[];
  holdoutShareBps?: number;
}

/** A challenger's cure rate against the champion's: difference (challenger − champion), z, p. */
export interface ProportionTest {
  difference: number;
  z: number;
  pValue: number;
}

/** One arm's outcome; variantId null is the holdout. */
export interface VariantResult {
  variantId: string | null;
  cases: number;
  cured: number;
  cureRate: number | null;
  /** The 95% Wilson interval of the cure rate. */
  cureRateInterval: { lower: number; upper: number } | null;
  recoveredFen: Fen;
  meanRecoveredFen: Fen | null;
  contacts: number;
  contactsPerCase: number | null;
  versusChampion: ProportionTest | null;
}

export interface ExperimentResults {
  experiment: Experiment;
  variants: VariantResult[];
}

/** The A/A check of the splitter on the open cases: each arm's count against its share. */
export interface AaCheck {
  statistic: number;
  degreesOfFreedom: number;
  criticalValue: number;
  pValue: number;
  fits: boolean;
  ids: number;
  arms: { variantId: string | null; expected: number; observed: number }[];
}
