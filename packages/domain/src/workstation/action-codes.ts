/**
 * 行动码 action (outcome) codes: what came of a call or visit, from a configurable list. Each
 * code says whether it needs a connected call and who answered (the debtor, a third party,
 * or no one), so the recorded outcome cannot contradict itself; institutions add their own
 * codes or retire shipped ones (a setting), but the shipped codes' meaning is fixed.
 */
import { z } from 'zod';
import { CodedError } from '../errors/error-codes.js';

/** Who the code says answered: the debtor, someone else, or no one (not connected). */
export type ActionCodeParty = 'right-party' | 'third-party' | 'none' | 'any';

export interface ActionCode {
  code: string;
  label: { 'zh-CN': string; 'en-US': string };
  /** Who answered; 'none' codes are for calls that did not connect. */
  party: ActionCodeParty;
  /** A promise to pay is recorded with it (the workstation opens the promise form). */
  promise?: boolean;
  /** The contact's number should be marked invalid (空号、停机、错号). */
  invalidNumber?: boolean;
  /** Shown but no longer offered for new outcomes. */
  retired?: boolean;
}

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/** The shipped list (GLOSSARY.md: PTP, paid, refused, no answer, powered off, invalid number, …). */
export const DEFAULT_ACTION_CODES: readonly ActionCode[] = Object.freeze(
  [
    { code: 'PTP', label: t('承诺还款', 'promise to pay'), party: 'right-party', promise: true },
    { code: 'PAID', label: t('称已还款', 'says already paid'), party: 'right-party' },
    { code: 'NEGOTIATE', label: t('协商还款方案', 'asks for a plan'), party: 'right-party' },
    { code: 'REFUSE', label: t('拒绝还款', 'refuses to pay'), party: 'right-party' },
    { code: 'DISPUTE', label: t('对债务有异议', 'disputes the debt'), party: 'right-party' },
    { code: 'COMPLAINT', label: t('投诉', 'complaint'), party: 'any' },
    { code: 'HARDSHIP', label: t('经济困难', 'hardship'), party: 'right-party' },
    { code: 'CALLBACK', label: t('约定回电', 'call back later'), party: 'right-party' },
    {
      code: 'THIRD_PARTY',
      label: t('第三方接听,已请转告', 'third party answered, asked to pass on'),
      party: 'third-party',
    },
    { code: 'DECEASED', label: t('告知本人已故', 'reported deceased'), party: 'third-party' },
    {
      code: 'WRONG_NUMBER',
      label: t('非本人号码', 'wrong number'),
      party: 'third-party',
      invalidNumber: true,
    },
    { code: 'HANG_UP', label: t('接通后挂断', 'hung up'), party: 'any' },
    { code: 'NO_ANSWER', label: t('无人接听', 'no answer'), party: 'none' },
    { code: 'BUSY', label: t('占线', 'busy'), party: 'none' },
    { code: 'POWERED_OFF', label: t('关机', 'powered off'), party: 'none' },
    {
      code: 'INVALID_NUMBER',
      label: t('空号/停机', 'number not in service'),
      party: 'none',
      invalidNumber: true,
    },
    { code: 'NOT_HOME', label: t('上门未见本人', 'visit: not at home'), party: 'none' },
  ].map((c) => Object.freeze(c as ActionCode)),
);

const CODE_RE = /^[A-Z][A-Z0-9_]{1,39}$/;

export const ActionCodeSchema = z
  .object({
    code: z.string().regex(CODE_RE),
    label: z
      .object({ 'zh-CN': z.string().trim().min(1).max(40), 'en-US': z.string().trim().min(1).max(80) })
      .strict(),
    party: z.enum(['right-party', 'third-party', 'none', 'any']),
    promise: z.boolean().optional(),
    invalidNumber: z.boolean().optional(),
    retired: z.boolean().optional(),
  })
  .strict();

export const ActionCodeListSchema = z.array(ActionCodeSchema).min(1).max(200);

/**
 * Checks an institution's list: codes unique, and every shipped code still present with its
 * meaning (party, promise, invalid number) unchanged — it may only be relabelled or retired,
 * since recorded outcomes and strategy conditions name it. Throws ACTION_CODES_INVALID.
 */
export function assertActionCodes(list: readonly ActionCode[]): void {
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.code)) throw new CodedError('ACTION_CODES_INVALID', { code: c.code, reason: 'duplicate' });
    seen.add(c.code);
  }
  for (const shipped of DEFAULT_ACTION_CODES) {
    const c = list.find((x) => x.code === shipped.code);
    if (!c)
      throw new CodedError('ACTION_CODES_INVALID', { code: shipped.code, reason: 'shipped code removed' });
    if (
      c.party !== shipped.party ||
      Boolean(c.promise) !== Boolean(shipped.promise) ||
      Boolean(c.invalidNumber) !== Boolean(shipped.invalidNumber)
    ) {
      throw new CodedError('ACTION_CODES_INVALID', { code: c.code, reason: 'shipped meaning changed' });
    }
  }
}

/**
 * Checks a recorded outcome against its code: the code exists and is not retired, a code for
 * an unconnected call is not recorded as connected and the other way round, and the right-party
 * flag agrees with who the code says answered. Returns the code; throws the coded error.
 */
export function checkOutcome(
  list: readonly ActionCode[],
  outcome: { outcomeCode: string; connected: boolean; rightParty?: boolean | undefined },
): ActionCode {
  const code = list.find((c) => c.code === outcome.outcomeCode);
  if (!code || code.retired) throw new CodedError('ACTION_CODE_UNKNOWN', { code: outcome.outcomeCode });
  if (code.party === 'none' && outcome.connected) {
    throw new CodedError('ACTION_CODE_MISMATCH', { code: code.code, reason: 'connected' });
  }
  if (code.party !== 'none' && code.party !== 'any' && !outcome.connected) {
    throw new CodedError('ACTION_CODE_MISMATCH', { code: code.code, reason: 'not connected' });
  }
  if (outcome.rightParty !== undefined) {
    if (code.party === 'right-party' && !outcome.rightParty) {
      throw new CodedError('ACTION_CODE_MISMATCH', { code: code.code, reason: 'not the debtor' });
    }
    if (code.party === 'third-party' && outcome.rightParty) {
      throw new CodedError('ACTION_CODE_MISMATCH', { code: code.code, reason: 'the debtor' });
    }
  }
  return code;
}

/** 还款意愿 / 还款能力 a collector's judgement of the debtor's willingness and ability to pay. */
export type Assessment = 'high' | 'medium' | 'low' | 'unknown';
export const ASSESSMENTS = Object.freeze(['high', 'medium', 'low', 'unknown'] as const);
