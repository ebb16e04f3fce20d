import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../calendar/working-days.js';
import type { CodedError } from '../errors/error-codes.js';
import {
  arrangementSlaDueOn,
  arrangementSlaState,
  assertAuthorityMatrix,
  DEFAULT_AUTHORITY_MATRIX,
  decideAuthority,
  isFourEyesViolation,
} from './authority.js';

describe('authority matrix', () => {
  it('lets a team lead approve up to 30 % and ¥5,000, both at once', () => {
    expect(decideAuthority(['team_lead'], { waiverFen: 500_000, waiverShare: '0.3' })).toMatchObject({
      allowed: true,
      rule: { role: 'team_lead' },
    });
    expect(decideAuthority(['team_lead'], { waiverFen: 500_001, waiverShare: '0.1' })).toMatchObject({
      allowed: false,
      reason: 'beyond_authority',
      best: { role: 'team_lead', maxWaiverFen: 500_000 },
    });
    expect(decideAuthority(['team_lead'], { waiverFen: 100, waiverShare: '0.3001' }).allowed).toBe(false);
  });

  it('gives a collector no waiver at all, and a role outside the matrix no authority', () => {
    expect(decideAuthority(['collector'], { waiverFen: 1, waiverShare: '0.0001' }).allowed).toBe(false);
    expect(decideAuthority(['collector'], { waiverFen: 0, waiverShare: '0' }).allowed).toBe(true);
    expect(decideAuthority(['auditor'], { waiverFen: 0, waiverShare: '0' })).toMatchObject({
      allowed: false,
      reason: 'no_authority',
    });
  });

  it('never combines the limits of two roles', () => {
    const matrix = assertAuthorityMatrix([
      { role: 'team_lead', maxWaiverShare: '0.5', maxWaiverFen: 1_000 },
      { role: 'legal_officer', maxWaiverShare: '0.1', maxWaiverFen: 100_000 },
    ]);
    // 40 % of ¥500: only team_lead allows the share, only legal_officer the amount
    expect(
      decideAuthority(['team_lead', 'legal_officer'], { waiverFen: 20_000, waiverShare: '0.4' }, matrix)
        .allowed,
    ).toBe(false);
    expect(
      decideAuthority(['team_lead', 'legal_officer'], { waiverFen: 900, waiverShare: '0.4' }, matrix),
    ).toMatchObject({
      allowed: true,
      rule: { role: 'team_lead' },
    });
  });

  it('is validated data', () => {
    const bad = (m: unknown) => {
      try {
        assertAuthorityMatrix(m);
      } catch (err) {
        return `${(err as CodedError).code} ${(err as CodedError).message}`;
      }
      return 'ok';
    };
    expect(bad(DEFAULT_AUTHORITY_MATRIX)).toBe('ok');
    expect(bad([{ role: 'team_lead', maxWaiverShare: '1.5', maxWaiverFen: 0 }])).toMatch(
      /ARRANGEMENT_AUTHORITY_INVALID/,
    );
    expect(bad([{ role: 'boss', maxWaiverShare: '0.1', maxWaiverFen: 0 }])).toMatch(/role/);
    expect(bad([{ role: 'team_lead', maxWaiverShare: '0.1', maxWaiverFen: 1.5 }])).toMatch(/maxWaiverFen/);
    expect(
      bad([
        { role: 'team_lead', maxWaiverShare: '0.1', maxWaiverFen: 1 },
        { role: 'team_lead', maxWaiverShare: '0.2', maxWaiverFen: 1 },
      ]),
    ).toMatch(/listed twice/);
  });

  it('is monotone: whatever a team lead may approve, a smaller waiver is approvable too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (amount, bps) => {
          const share = (bps / 10_000).toString();
          const big = decideAuthority(['team_lead'], { waiverFen: amount, waiverShare: share });
          const small = decideAuthority(['team_lead'], {
            waiverFen: Math.floor(amount / 2),
            waiverShare: (Math.floor(bps / 2) / 10_000).toString(),
          });
          if (big.allowed) expect(small.allowed).toBe(true);
        },
      ),
    );
  });
});

describe('four eyes', () => {
  it('refuses the proposer and the submitter', () => {
    expect(isFourEyesViolation('u1', { proposedBy: 'u1', submittedBy: 'u2' })).toBe(true);
    expect(isFourEyesViolation('u2', { proposedBy: 'u1', submittedBy: 'u2' })).toBe(true);
    expect(isFourEyesViolation('u3', { proposedBy: 'u1', submittedBy: 'u2' })).toBe(false);
  });
});

describe('answer deadline (cn.request-response: 7 working days)', () => {
  it('counts weekdays after the submission day', () => {
    expect(arrangementSlaDueOn('2026-11-27', 7)).toBe('2026-12-08'); // Friday → Tuesday week after
    expect(arrangementSlaDueOn('2026-11-28', 7)).toBe('2026-12-08'); // Saturday counts from Monday
    expect(arrangementSlaDueOn('2026-11-30', 7)).toBe('2026-12-09');
  });

  it('skips the holidays and works the make-up weekend days of the calendar', () => {
    const calendar = { holidays: ['2026-12-01', '2026-12-02'], workingWeekends: ['2026-12-05'] };
    expect(isWorkingDay('2026-12-05', calendar)).toBe(true);
    expect(arrangementSlaDueOn('2026-11-30', 7, calendar)).toBe('2026-12-10');
  });

  it('is due soon in its last two working days, overdue after, met or missed once decided', () => {
    expect(arrangementSlaState('2026-12-08', '2026-12-03', null)).toBe('on-time'); // Thu: Fri, Mon, Tue left
    expect(arrangementSlaState('2026-12-08', '2026-12-04', null)).toBe('due-soon'); // Fri: Mon, Tue left
    expect(arrangementSlaState('2026-12-08', '2026-12-08', null)).toBe('due-soon');
    expect(arrangementSlaState('2026-12-08', '2026-12-09', null)).toBe('overdue');
    expect(arrangementSlaState('2026-12-08', '2026-12-20', '2026-12-08')).toBe('met');
    expect(arrangementSlaState('2026-12-08', '2026-12-20', '2026-12-09')).toBe('missed');
  });

  it('adding n working days lands on a working day n working days later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 30 }), (offset, n) => {
        const start = new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);
        const due = addWorkingDays(start, n);
        expect(workingDaysBetween(start, due)).toBe(n);
        if (n > 0) expect(isWorkingDay(due)).toBe(true);
      }),
    );
  });
});
