/**
 * 借款人模拟 how a demo borrower acts from day to day in the demo simulation (`huikuan demo
 * --days N`): whether they pay on a business day and how much, and what comes of a collector's
 * call. Each borrower's traits (the profile) follow from the demo seed, their customer reference
 * and their latent behaviour, so they need not be stored; every draw is keyed by the seed, the
 * borrower and the day (or the call), never by the order in which the simulation asks, so the same
 * seed gives the same outcomes. Pure: no IO, no clock.
 */
import { addDays, type BusinessDate, daysBetween } from '../calendar/business-date.js';
import { type Fen, fen } from '../money/money.js';
import type { PaymentChannel } from '../payments/payment.schemas.js';
import type { DelinquencyReason } from '../strategy/segment-conditions.js';
import type { Assessment } from '../workstation/action-codes.js';
import type { LatentBehaviour } from './demo-types.js';
import { createRng, type Rng, weightedTable } from './prng.js';

/** 借款人画像 a demo borrower's hidden traits, fixed for the whole simulation. */
export interface BorrowerProfile {
  behaviour: LatentBehaviour;
  /** 还款意愿 0–1. */
  willingness: number;
  /** 还款能力 0–1. */
  ability: number;
  /** Chance of answering the phone, by the borrower's local hour 0–23. */
  answerByHour: readonly number[];
  /** Chance an installment is not paid on its due date. */
  missChance: number;
  /** Days a forgetful borrower takes to pay after the first reminder or call. */
  reminderLagDays: number;
  /** Days past due by which a borrower short of money has the money again. */
  recoveryDpd: number;
  /** Chance a promise to pay is kept. */
  promiseKeepChance: number;
}

/** What the borrower knows and has been through on a business day, as the simulation reads it. */
export interface BorrowerDay {
  date: BusinessDate;
  /** Days past due of the oldest unpaid installment (0: it falls due today). */
  dpd: number;
  /** Due date of the oldest unpaid installment. */
  oldestDueOn: BusinessDate;
  /** Everything due up to today, penalty interest and fees included: paying it clears the arrears. */
  owedNowFen: Fen;
  /** What remains of the oldest unpaid installment (at most owedNowFen). */
  installmentFen: Fen;
  /** Reminders (SMS, push) sent about the current arrears, and the date of the first. */
  remindersReceived: number;
  firstReminderOn: BusinessDate | null;
  /** Calls of the current arrears in which the borrower spoke with a collector, and the first one's date. */
  rightPartyContacts: number;
  firstRightPartyOn: BusinessDate | null;
  /** The pending promise to pay, if any, and the days after its date a payment still keeps it. */
  promise: { amountFen: Fen; paidFen: Fen; dueOn: BusinessDate; takenOn: BusinessDate } | null;
  promiseGraceDays: number;
}

/** 还款决定 a payment the borrower makes today. */
export interface PaymentDecision {
  kind: 'installment' | 'overdue' | 'partial' | 'promise';
  amountFen: Fen;
  channel: PaymentChannel;
}

/** The situation of a collector's call to the borrower's own number. */
export interface CallSituation {
  date: BusinessDate;
  /** The borrower's local hour at the time of the call. */
  localHour: number;
  /** Distinguishes the calls of one day (e.g. the call's instant). */
  callKey: string;
  dpd: number;
  owedNowFen: Fen;
  promisePending: boolean;
  /** The latest date a promise may name (the institution's promise policy). */
  maxPromiseDays: number;
}

/** 通话结果 what came of a call, in the terms of the shipped action codes. */
export interface CallOutcome {
  code:
    | 'NO_ANSWER'
    | 'BUSY'
    | 'POWERED_OFF'
    | 'INVALID_NUMBER'
    | 'THIRD_PARTY'
    | 'WRONG_NUMBER'
    | 'PTP'
    | 'CALLBACK'
    | 'HARDSHIP'
    | 'NEGOTIATE'
    | 'REFUSE'
    | 'HANG_UP'
    | 'DISPUTE';
  connected: boolean;
  /** The borrower themself answered (null when nobody did). */
  rightParty: boolean | null;
  promise: { amountFen: Fen; dueOn: BusinessDate } | null;
  /** What a collector would note: the stated reason and their judgement. */
  reason: DelinquencyReason | null;
  willingness: Assessment | null;
  ability: Assessment | null;
}

// One independent stream per (seed, purpose, borrower, key): order-free determinism.
function stream(seed: string, purpose: string, customerRef: string, key: string): Rng {
  return createRng(`${seed}\u001fsim\u001f${purpose}\u001f${customerRef}\u001f${key}`);
}

const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.next();

interface Traits {
  willingness: [number, number];
  ability: [number, number];
  answer: [number, number];
  missChance: number;
  promiseKeepChance: number;
}

const TRAITS: Record<LatentBehaviour, Traits> = {
  on_time: {
    willingness: [0.85, 1],
    ability: [0.8, 1],
    answer: [0.55, 0.8],
    missChance: 0.03,
    promiseKeepChance: 0.95,
  },
  forgetful: {
    willingness: [0.7, 0.95],
    ability: [0.6, 0.9],
    answer: [0.45, 0.75],
    missChance: 0.35,
    promiseKeepChance: 0.85,
  },
  short_of_money: {
    willingness: [0.5, 0.9],
    ability: [0.1, 0.5],
    answer: [0.4, 0.7],
    missChance: 0.6,
    promiseKeepChance: 0.55,
  },
  strategic_defaulter: {
    willingness: [0.02, 0.2],
    ability: [0.5, 0.9],
    answer: [0.25, 0.45],
    missChance: 0.95,
    promiseKeepChance: 0.15,
  },
  unreachable: {
    willingness: [0.1, 0.4],
    ability: [0.1, 0.4],
    answer: [0.02, 0.08],
    missChance: 0.9,
    promiseKeepChance: 0.25,
  },
};

// How likely someone picks up by local hour, relative to their best hour: asleep at night, busy
// at lunch; a day worker answers best in the evening, someone at home during the day.
const DAY_SHAPE = [
  0, 0, 0, 0, 0, 0, 0.05, 0.2, 0.6, 0.9, 1, 1, 0.7, 0.6, 0.9, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.35, 0.1, 0.02,
];
const EVENING_SHAPE = [
  0, 0, 0, 0, 0, 0, 0.05, 0.3, 0.5, 0.4, 0.35, 0.35, 0.8, 0.6, 0.35, 0.35, 0.4, 0.6, 0.9, 1, 1, 0.7, 0.2,
  0.05,
];

/** 借款人画像 the borrower's traits from the demo seed, their customer reference and latent behaviour. */
export function demoBorrowerProfile(
  seed: string,
  customerRef: string,
  behaviour: LatentBehaviour,
): BorrowerProfile {
  const rng = stream(seed, 'profile', customerRef, behaviour);
  const t = TRAITS[behaviour];
  const best = between(rng, t.answer[0], t.answer[1]);
  const shape = rng.chance(0.55) ? EVENING_SHAPE : DAY_SHAPE;
  return {
    behaviour,
    willingness: between(rng, t.willingness[0], t.willingness[1]),
    ability: between(rng, t.ability[0], t.ability[1]),
    answerByHour: shape.map((f) => Math.min(0.95, best * f)),
    missChance: t.missChance,
    reminderLagDays: rng.int(0, 3),
    recoveryDpd: rng.int(8, 45),
    promiseKeepChance: t.promiseKeepChance,
  };
}

const ARREARS_CHANNELS = weightedTable<PaymentChannel>([
  ['alipay', 0.3],
  ['wechat_pay', 0.3],
  ['bank_transfer', 0.3],
  ['counter', 0.1],
]);

// A part of what is owed, in whole yuan, at least one yuan and never more than owed.
function partOf(owed: Fen, share: number): Fen {
  const part = Math.round((owed * share) / 100) * 100;
  return fen(Math.min(owed, Math.max(100, part)));
}

/**
 * 还款决定 whether the borrower pays today and how much: on the due date unless they miss it;
 * in arrears by their behaviour (the forgetful after a reminder or call, the short of money once
 * their money is back or in part, defaulters and the unreachable rarely); on a promised date when
 * they keep the promise. The amount is never more than what is due today (`owedNowFen`).
 */
export function decidePayment(
  seed: string,
  customerRef: string,
  profile: BorrowerProfile,
  day: BorrowerDay,
): PaymentDecision | null {
  if (day.owedNowFen <= 0) return null;
  const owed = day.owedNowFen;
  // Never nothing: an installment already paid down to 0 leaves the arrears to pay.
  const installment = fen(day.installmentFen > 0 ? Math.min(day.installmentFen, owed) : owed);
  const rng = stream(seed, 'pay', customerRef, day.date);
  const channel = rng.weighted(ARREARS_CHANNELS);

  if (day.promise) {
    const { promise } = day;
    const deadline = addDays(promise.dueOn, day.promiseGraceDays);
    if (day.date < promise.dueOn) return null; // waits for the date they named
    if (day.date <= deadline) {
      const keep = stream(seed, 'promise', customerRef, `${promise.takenOn}/${promise.dueOn}`);
      const keeps = keep.chance(profile.promiseKeepChance);
      const partly = keep.chance(0.2);
      // Kept on the date named, or (sometimes) a day later within the grace.
      const payOn = keep.chance(0.8) ? promise.dueOn : deadline;
      if (keeps && day.date === payOn) {
        const left = Math.max(1, promise.amountFen - promise.paidFen);
        const amount = partly ? partOf(fen(left), 0.5) : fen(left);
        return { kind: 'promise', amountFen: fen(Math.min(amount, owed)), channel };
      }
      return null;
    }
  }

  if (day.dpd <= 0) {
    // The due date: most pay by withholding or by hand; a missed one is decided once per installment.
    const missed = stream(seed, 'miss', customerRef, day.oldestDueOn).chance(profile.missChance);
    if (missed) return null;
    return {
      kind: 'installment',
      amountFen: installment,
      channel: rng.chance(0.5) ? 'withholding' : channel,
    };
  }

  const reached = day.remindersReceived + day.rightPartyContacts > 0;
  const firstNudge = [day.firstReminderOn, day.firstRightPartyOn]
    .filter((d): d is BusinessDate => d !== null)
    .sort()[0];
  switch (profile.behaviour) {
    case 'on_time':
      return rng.chance(0.6) ? { kind: 'overdue', amountFen: owed, channel } : null;
    case 'forgetful': {
      const sinceNudge = firstNudge === undefined ? -1 : daysBetween(firstNudge, day.date);
      if (reached && sinceNudge >= profile.reminderLagDays) {
        return rng.chance(0.7) ? { kind: 'overdue', amountFen: owed, channel } : null;
      }
      return rng.chance(0.04) ? { kind: 'overdue', amountFen: owed, channel } : null;
    }
    case 'short_of_money': {
      if (day.dpd >= profile.recoveryDpd) {
        const roll = rng.next();
        if (roll < 0.2) return { kind: 'overdue', amountFen: owed, channel };
        if (roll < 0.35) return { kind: 'installment', amountFen: installment, channel };
        return null;
      }
      const chance = 0.02 + 0.03 * Math.min(day.rightPartyContacts, 3);
      return rng.chance(chance)
        ? { kind: 'partial', amountFen: partOf(owed, between(rng, 0.2, 0.6)), channel }
        : null;
    }
    case 'strategic_defaulter': {
      const chance = 0.002 + 0.004 * Math.min(day.rightPartyContacts, 5) + (day.dpd > 60 ? 0.005 : 0);
      if (!rng.chance(chance)) return null;
      return rng.chance(0.5)
        ? { kind: 'installment', amountFen: installment, channel }
        : { kind: 'overdue', amountFen: owed, channel };
    }
    case 'unreachable':
      return rng.chance(0.003)
        ? { kind: 'partial', amountFen: partOf(owed, between(rng, 0.1, 0.5)), channel }
        : null;
  }
}

const assessment = (x: number): Assessment => (x >= 0.66 ? 'high' : x >= 0.33 ? 'medium' : 'low');

const REASONS: Record<LatentBehaviour, DelinquencyReason> = {
  on_time: 'payment-channel',
  forgetful: 'forgot',
  short_of_money: 'temporary-hardship',
  strategic_defaulter: 'unwilling',
  unreachable: 'unknown',
};

const NOT_CONNECTED = weightedTable<CallOutcome['code']>([
  ['NO_ANSWER', 0.6],
  ['BUSY', 0.15],
  ['POWERED_OFF', 0.25],
]);

/**
 * 通话结果 what comes of a collector's call to the borrower's own number: whether anyone answers
 * (by the borrower's local hour), whether it is the borrower, and what they say — a promise to pay
 * (amount at most what is owed, date within the promise policy), a call-back, hardship, a refusal.
 */
export function decideCall(
  seed: string,
  customerRef: string,
  profile: BorrowerProfile,
  call: CallSituation,
): CallOutcome {
  const rng = stream(seed, 'call', customerRef, `${call.date}/${call.callKey}`);
  const none = { promise: null, reason: null, willingness: null, ability: null };
  const hour = Math.min(23, Math.max(0, Math.floor(call.localHour)));
  if (!rng.chance(profile.answerByHour[hour] ?? 0)) {
    if (profile.behaviour === 'unreachable' && rng.chance(0.08)) {
      return { code: 'INVALID_NUMBER', connected: false, rightParty: null, ...none };
    }
    const code =
      profile.behaviour === 'unreachable' && rng.chance(0.5) ? 'POWERED_OFF' : rng.weighted(NOT_CONNECTED);
    return { code, connected: false, rightParty: null, ...none };
  }
  const other = rng.next();
  if (other < 0.01) return { code: 'WRONG_NUMBER', connected: true, rightParty: false, ...none };
  if (other < 0.08) return { code: 'THIRD_PARTY', connected: true, rightParty: false, ...none };

  const judged = {
    reason: REASONS[profile.behaviour],
    willingness: assessment(profile.willingness),
    ability: assessment(profile.ability),
  };
  const said = (code: CallOutcome['code']): CallOutcome => ({
    code,
    connected: true,
    rightParty: true,
    promise: null,
    ...judged,
  });
  const promise = (share: number, fromDays: number, toDays: number): CallOutcome => {
    const latest = Math.max(0, Math.min(toDays, call.maxPromiseDays));
    const days = rng.int(Math.min(fromDays, latest), latest);
    const amountFen = share >= 1 ? call.owedNowFen : partOf(call.owedNowFen, share);
    return { ...said('PTP'), promise: { amountFen, dueOn: addDays(call.date, days) } };
  };
  // A pending promise is reaffirmed, not taken twice; nothing owed leaves nothing to promise.
  if (call.promisePending || call.owedNowFen < 100) return said('CALLBACK');

  const roll = rng.next();
  switch (profile.behaviour) {
    case 'on_time':
    case 'forgetful':
      return roll < profile.willingness ? promise(1, 0, 3) : said('CALLBACK');
    case 'short_of_money':
      if (roll < 0.5) return promise(rng.chance(0.5) ? 1 : between(rng, 0.4, 0.9), 3, 14);
      if (roll < 0.75) return said('HARDSHIP');
      if (roll < 0.85) return said('NEGOTIATE');
      return said('CALLBACK');
    case 'strategic_defaulter':
      if (roll < 0.15) return promise(1, 1, 7);
      if (roll < 0.6) return said('REFUSE');
      if (roll < 0.8) return said('HANG_UP');
      if (roll < 0.85) return said('DISPUTE');
      return said('CALLBACK');
    case 'unreachable':
      if (roll < 0.2) return promise(between(rng, 0.3, 1), 1, 10);
      if (roll < 0.7) return said('HANG_UP');
      return said('REFUSE');
  }
}
