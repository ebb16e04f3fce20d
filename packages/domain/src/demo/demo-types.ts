/**
 * The shape of a generated demo portfolio. The generator is pure and deterministic by
 * seed; the server's demo command writes its output to the database.
 */
import type { BusinessDate } from '../calendar/business-date.js';
import type { Fen, Rate, RoundingMode } from '../money/money.js';

/** 还款方式 repayment method. */
export type RepaymentMethod = 'equal_installment' | 'equal_principal' | 'interest_first' | 'bullet';

/** 计息基础 day-count basis for daily rates. */
export type DayCountBasis = 'act/360' | 'act/365';

/**
 * 潜在还款行为 a borrower's latent repayment behaviour, hidden from collectors, stored so
 * later features (strategy, scoring, simulation) can be graded against the truth.
 */
export type LatentBehaviour =
  | 'on_time'
  | 'forgetful'
  | 'short_of_money'
  | 'strategic_defaulter'
  | 'unreachable';

export const LATENT_BEHAVIOURS: readonly LatentBehaviour[] = [
  'on_time',
  'forgetful',
  'short_of_money',
  'strategic_defaulter',
  'unreachable',
];

/** 联系人角色 contact role. */
export type ContactRole = 'self' | 'guarantor' | 'spouse' | 'emergency' | 'employer' | 'other';

export interface DemoProduct {
  code: string;
  name: string; // zh-CN display name
  nameEn: string;
  annualRate: Rate; // contract annual interest rate, e.g. "0.18"
  termMonths: number;
  repaymentMethod: RepaymentMethod;
  graceDays: number;
  penaltyRateMultiplier: Rate; // penalty rate = annualRate × this ("1.5")
  dayCountBasis: DayCountBasis;
  rounding: RoundingMode;
  costCapAnnual: Rate; // all-in annual cost cap, e.g. "0.24"
  lateFeeFen: Fen; // flat fee per overdue installment (0 = none)
  minPrincipalFen: Fen;
  maxPrincipalFen: Fen;
}

export interface DemoCustomer {
  sourceRef: string; // e.g. "C000001"
  name: string; // Chinese full name
  gender: 'M' | 'F';
  birthDate: BusinessDate;
  idNumber: string; // 18-digit resident ID with a valid GB 11643 check digit; fictitious
  mobile: string; // 11-digit mobile number; fictitious
  province: string; // zh-CN name
  city: string; // zh-CN name
  regionCode: string; // 6-digit administrative division code
  address: string;
  timeZone: string; // IANA, e.g. "Asia/Shanghai" or "Asia/Urumqi"
  employer: string | null;
  monthlyIncomeFen: Fen;
  behaviour: LatentBehaviour;
}

export interface DemoContact {
  customerRef: string;
  role: ContactRole;
  name: string;
  relation: string; // zh-CN, e.g. "配偶", "朋友", "同事", "本人"
  phone: string;
}

export interface DemoInstallment {
  seq: number; // 1-based
  dueOn: BusinessDate;
  principalDueFen: Fen;
  interestDueFen: Fen;
  feeDueFen: Fen;
  principalPaidFen: Fen;
  interestPaidFen: Fen;
  feePaidFen: Fen;
  paidOffOn: BusinessDate | null; // date it was fully paid, null if not
}

export interface DemoPayment {
  sourceRef: string; // e.g. "P00000001"
  loanRef: string;
  amountFen: Fen;
  receivedOn: BusinessDate;
  channel: 'bank_transfer' | 'alipay' | 'wechat_pay' | 'withholding' | 'counter';
}

export interface DemoLoan {
  sourceRef: string; // e.g. "L00000001"
  customerRef: string;
  productCode: string;
  principalFen: Fen;
  annualRate: Rate;
  termMonths: number;
  disbursedOn: BusinessDate;
  maturityOn: BusinessDate;
  installments: DemoInstallment[];
}

export interface DemoPortfolio {
  products: DemoProduct[];
  customers: DemoCustomer[];
  contacts: DemoContact[];
  loans: DemoLoan[];
  payments: DemoPayment[];
}

export interface DemoOptions {
  loans: number; // number of loans (≥ 1)
  seed: string; // any text; same seed + options ⇒ same portfolio
  businessDate: BusinessDate; // the "today" of the generated book; nothing is dated after it
}
