/**
 * 审批权限 the authority matrix of arrangements and waivers: for each role, the largest
 * waiver share (waived ÷ owed) and the largest waiver amount it may approve. A user may
 * approve when one of their roles has a row allowing both the share and the amount (a row is
 * one grant; limits of different roles are never combined). An arrangement without a waiver
 * needs a row too: a role absent from the matrix approves nothing. Four eyes (the approver is
 * not the proposer or the submitter) and the answer deadline are here as well.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { BusinessDate } from '../calendar/business-date.js';
import { addWorkingDays, type WorkingCalendar, workingDaysBetween } from '../calendar/working-days.js';
import { CodedError } from '../errors/error-codes.js';
import { ROLES, type Role } from '../identity/roles.js';
import { isRate } from '../money/money.js';

/** One row of the matrix. */
export interface AuthorityRule {
  role: Role;
  /** The largest waived ÷ owed this role approves, a decimal string in [0, 1]: "0.3". */
  maxWaiverShare: string;
  /** The largest waiver, in fen, this role approves. */
  maxWaiverFen: number;
}

export type AuthorityMatrix = readonly AuthorityRule[];

/**
 * The default matrix: a collector waives nothing (and may not approve: four eyes needs a
 * second person with authority); a team lead (组长/主管) up to 30 % and ¥5,000; the
 * administrator, standing in for the head of collections, up to 50 % and ¥50,000.
 */
export const DEFAULT_AUTHORITY_MATRIX: AuthorityMatrix = [
  { role: 'collector', maxWaiverShare: '0', maxWaiverFen: 0 },
  { role: 'team_lead', maxWaiverShare: '0.3', maxWaiverFen: 500_000 },
  { role: 'admin', maxWaiverShare: '0.5', maxWaiverFen: 5_000_000 },
];

const ShareText = z
  .string()
  .refine((s) => isRate(s) && new Decimal(s).lte(1), 'a decimal share between 0 and 1, such as "0.3"');

/** The matrix as validated data: known roles, each at most once, shares in [0, 1], whole fen. */
export const AuthorityMatrixSchema = z
  .array(
    z
      .object({
        role: z.enum(ROLES),
        maxWaiverShare: ShareText,
        maxWaiverFen: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
      })
      .strict(),
  )
  .min(1)
  .max(ROLES.length)
  .superRefine((rows, ctx) => {
    const seen = new Set<string>();
    for (const [i, row] of rows.entries()) {
      if (seen.has(row.role))
        ctx.addIssue({ code: 'custom', path: [i, 'role'], message: `${row.role} is listed twice` });
      seen.add(row.role);
    }
  });

/** Refuses an invalid matrix with ARRANGEMENT_AUTHORITY_INVALID naming the first problem. */
export function assertAuthorityMatrix(matrix: unknown): AuthorityMatrix {
  const parsed = AuthorityMatrixSchema.safeParse(matrix);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CodedError('ARRANGEMENT_AUTHORITY_INVALID', {
      reason: `${issue.path.join('.') || 'matrix'}: ${issue.message}`,
    });
  }
  return parsed.data as AuthorityMatrix;
}

export type AuthorityDecision =
  | { allowed: true; rule: AuthorityRule }
  | { allowed: false; reason: 'no_authority' | 'beyond_authority'; best: AuthorityRule | null };

/**
 * 权限判定 whether a user with `roles` may approve a waiver of `waiverFen` at `waiverShare`
 * (a decimal string). The most generous single row that allows it is named; when none does,
 * the row closest to it (largest amount) is returned so the refusal can say the limit.
 */
export function decideAuthority(
  roles: readonly Role[],
  waiver: { waiverFen: number; waiverShare: string },
  matrix: AuthorityMatrix = DEFAULT_AUTHORITY_MATRIX,
): AuthorityDecision {
  const rows = matrix.filter((r) => roles.includes(r.role));
  const allowing = rows.filter(
    (r) => waiver.waiverFen <= r.maxWaiverFen && new Decimal(waiver.waiverShare).lte(r.maxWaiverShare),
  );
  const byAmount = (a: AuthorityRule, b: AuthorityRule) => b.maxWaiverFen - a.maxWaiverFen;
  if (allowing.length > 0) return { allowed: true, rule: [...allowing].sort(byAmount)[0]! };
  if (rows.length === 0) return { allowed: false, reason: 'no_authority', best: null };
  return { allowed: false, reason: 'beyond_authority', best: [...rows].sort(byAmount)[0]! };
}

/** 双人复核 four eyes: whoever proposed or submitted an arrangement may not approve it. */
export function isFourEyesViolation(
  approverId: string,
  arrangement: { proposedBy: string | null; submittedBy: string | null },
): boolean {
  return approverId === arrangement.proposedBy || approverId === arrangement.submittedBy;
}

/** on-time / due-soon / overdue while waiting for a decision; met / missed once decided. */
export type ArrangementSlaState = 'on-time' | 'due-soon' | 'overdue' | 'met' | 'missed';

/** Due soon: two working days or fewer left. */
export const SLA_DUE_SOON_WORKING_DAYS = 2;

/** 答复时限 the day a submitted arrangement must be answered by: submission + N working days. */
export function arrangementSlaDueOn(
  submittedOn: BusinessDate,
  workingDays: number,
  calendar?: WorkingCalendar,
): BusinessDate {
  return addWorkingDays(submittedOn, workingDays, calendar);
}

/** The SLA state on the business date (pending) or on the day it was decided. */
export function arrangementSlaState(
  dueOn: BusinessDate,
  businessDate: BusinessDate,
  decidedOn: BusinessDate | null,
  calendar?: WorkingCalendar,
): ArrangementSlaState {
  if (decidedOn !== null) return decidedOn <= dueOn ? 'met' : 'missed';
  if (businessDate > dueOn) return 'overdue';
  return workingDaysBetween(businessDate, dueOn, calendar) <= SLA_DUE_SOON_WORKING_DAYS
    ? 'due-soon'
    : 'on-time';
}
