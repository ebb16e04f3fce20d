/**
 * Shapes of the workstation, contacts, promises, charges and arrangements APIs (v1) as the
 * collector workstation uses them. The server owns the contract; these types mirror it.
 * Amounts are integer fen (the domain's `Fen` brand), shown only through `formatCny`.
 */
import type { Fen } from '@huikuan/domain';
import type { LocalizedText } from '../compliance/types';
import type { Customer } from '../customers/types';

export interface QueueItem {
  caseId: string;
  version: number;
  loanRef: string;
  customerRef: string;
  customerName: string;
  stage: string;
  bucket: string;
  dpd: number;
  overdueFen: Fen;
  /** Today's top pending call task's priority (0: none today). */
  priority: number;
  topStep: string | null;
  whyLine: LocalizedText | null;
  promise: { dueOn: string; amountFen: Fen } | null;
  lastAttemptAt: string | null;
  lastOutcome: string | null;
  attemptedToday: boolean;
  onHold: boolean;
}

export interface QueueView {
  businessDate: string;
  items: QueueItem[];
}

export interface NextCaseView {
  caseId: string | null;
  item: QueueItem | null;
}

export interface CaseChange {
  id: number;
  caseId: string;
  kind: string;
  onDate: string;
}

export interface ChangesView {
  cursor: number;
  events: CaseChange[];
}

export type TimelineKind =
  | 'attempt'
  | 'refused'
  | 'message'
  | 'payment'
  | 'promise'
  | 'plan'
  | 'hold'
  | 'case';

export interface TimelineItem {
  kind: TimelineKind;
  at: string;
  id: string;
  detail: Record<string, unknown>;
}

export interface Installment {
  seq: number;
  dueOn: string;
  dueFen: Fen;
  paidFen: Fen;
  principalDueFen: Fen;
  interestDueFen: Fen;
  feeDueFen: Fen;
  penaltyDueFen: Fen;
  paidOffOn: string | null;
}

/** 承诺还款 a promise to pay. */
export interface PromiseRecord {
  id: string;
  caseId: string;
  amountFen: Fen;
  dueOn: string;
  deadline: string;
  takenOn: string;
  takenAt: string;
  takenBy: string | null;
  contactAttemptId: string | null;
  note: string | null;
  state: string;
  paidFen: Fen;
  resolvedOn: string | null;
  cancelReason: string | null;
}

export interface ScriptStatement {
  id: string;
  required: boolean;
  text: LocalizedText;
}

export interface TodayAction {
  id: string;
  stepId: string;
  channel: string;
  status: string;
  priority: number;
  whyLine: LocalizedText | null;
  ruleId: string | null;
  cancelReason: string | null;
}

export interface Workspace {
  businessDate: string;
  case: {
    id: string;
    version: number;
    status: string;
    stage: string;
    bucket: string;
    dpd: number;
    openedOn: string;
    closedOn: string | null;
    closeReason: string | null;
    delinquencyReason: string | null;
    holder: { username: string; name: string } | null;
    segmentCode: string | null;
    strategy: { code: string; version: number; variant: string | null } | null;
    overdue: { principalFen: Fen; interestFen: Fen; feesFen: Fen; penaltyFen: Fen; totalFen: Fen };
    outstandingPrincipalFen: Fen;
  };
  customer: Customer;
  loan: {
    ref: string;
    status: string;
    product: { code: string; name: string };
    principalFen: Fen;
    disbursedOn: string;
    annualRate: string;
    penaltyRateMultiplier: string;
    dayCountBasis: string;
    penaltyFormula: LocalizedText;
    installments: Installment[];
  };
  today: TodayAction[];
  promises: PromiseRecord[];
  script: { stage: string; goal: LocalizedText; statements: ScriptStatement[] };
  timeline: TimelineItem[];
}

/** 行动码 one outcome code of the institution's list. */
export interface ActionCode {
  code: string;
  label: LocalizedText;
  party: 'right-party' | 'third-party' | 'none' | 'any';
  promise?: boolean;
  invalidNumber?: boolean;
  retired?: boolean;
}

/** The compliance gate's answer to a dial. */
export interface GateDecision {
  decisionId: string;
  allowed: boolean;
  ruleId: string | null;
  ruleIds: string[];
  reason: LocalizedText | null;
  citation: string | null;
  nextAllowedAt: string | null;
  packVersion: string;
}

export interface ContactAttempt {
  id: string;
  contactId: string;
  channel: string;
  partyRole: string;
  at: string;
  status: string;
  noteFindings: { phrase: string; category: string; reason: LocalizedText }[];
}

export interface StartContactResponse {
  attempt: ContactAttempt;
  decision: GateDecision;
}

export interface PromisePolicy {
  maxDaysAhead: number;
  graceDays: number;
}

export interface ChargeGroup {
  formula: 'penalty_daily' | 'compound_daily';
  from: string;
  to: string;
  days: number;
  baseFen: Fen;
  annualRate: string;
  multiplier: string;
  basisDays: 360 | 365;
  rounding: string;
  dailyFen: Fen;
  subtotalFen: Fen;
  chargedFen: Fen;
  capApplied: boolean;
}

interface ComponentBalance {
  dueFen: Fen;
  paidFen: Fen;
  outstandingFen: Fen;
  overdueFen: Fen;
}

/** How the loan's penalty, compound interest and fees were computed (GET /loans/:ref/charges). */
export interface LoanCharges {
  loanRef: string;
  businessDate: string;
  terms: { annualRate: string; penaltyRateMultiplier: string; capRate: string; graceDays: number };
  explanation: {
    penalty: ChargeGroup[];
    compound: ChargeGroup[];
    cap: { applied: boolean; cutFen: Fen; capRate: string };
    totals: { penaltyFen: Fen; compoundFen: Fen; feesFen: Fen; chargedFen: Fen; cutFen: Fen };
    /** The computation in sentences, one list per language. */
    text: Record<'zh-CN' | 'en-US', string[]>;
  };
  lateFees: { items: { date: string; chargedFen: Fen; installmentSeqs: number[] }[]; totalFen: Fen };
  balances: {
    asOf: string;
    principal: ComponentBalance;
    interest: ComponentBalance;
    fees: ComponentBalance;
    penalty: ComponentBalance;
    compound: ComponentBalance;
    totalOutstandingFen: Fen;
    totalOverdueFen: Fen;
  };
}

export type ArrangementKind = 'extension' | 'installment_plan' | 'partial_payment' | 'settlement';
export type WaivableComponent = 'penalty' | 'fees' | 'interest' | 'principal';

export type ArrangementTerms =
  | { kind: 'extension'; unit: 'days' | 'months'; count: number; feeFen?: number }
  | { kind: 'installment_plan'; count: number; firstDueOn: string; feeFen?: number }
  | { kind: 'partial_payment'; amountFen: number; dueOn: string }
  | { kind: 'settlement'; amountFen: number; dueOn: string; waive?: WaivableComponent[] };

interface Components {
  principalFen: Fen;
  interestFen: Fen;
  feesFen: Fen;
  penaltyFen: Fen;
  compoundFen: Fen;
}

/** 协商还款方案 an arrangement with its computed plan. */
export interface Arrangement {
  id: string;
  caseId: string;
  kind: ArrangementKind;
  terms: Record<string, unknown>;
  plan: {
    replacedSeqs: number[];
    installments: (Components & { dueOn: string; totalFen: Fen })[];
    lines: { n: number; dueOn: string; amountFen: Fen; cumulativeFen: Fen }[];
    feeFen: Fen;
    waiver: Components;
    cost: { chargesAfterFen: Fen; capFen: Fen; addedFen: Fen };
  };
  owedFen: Fen;
  planTotalFen: Fen;
  waiverFen: Fen;
  waiverShare: string;
  status: string;
  note: string | null;
  proposedBy: string | null;
  proposedOn: string;
  commitment: { kind: 'sms' | 'document'; reference: string; on: string | null } | null;
  submittedBy: string | null;
  submittedOn: string | null;
  slaDueOn: string | null;
  slaState: string | null;
  decidedBy: string | null;
  decidedOn: string | null;
  reason: string | null;
  activatedOn: string | null;
  paidFen: Fen;
  version: number;
}

export interface InboxItem extends Arrangement {
  mayApprove: boolean;
  refusal: 'four_eyes' | 'beyond_authority' | 'no_authority' | null;
}
