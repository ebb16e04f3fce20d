import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/business-date.js';
import { fen } from '../money/money.js';
import {
  type BorrowerDay,
  type CallSituation,
  decideCall,
  decidePayment,
  demoBorrowerProfile,
} from './borrower-simulation.js';
import { LATENT_BEHAVIOURS, type LatentBehaviour } from './demo-types.js';

const SEED = 'sim-test';
const behaviour = fc.constantFrom(...LATENT_BEHAVIOURS);
const day = fc.record({
  offset: fc.integer({ min: 0, max: 200 }),
  dpd: fc.integer({ min: 0, max: 120 }),
  owed: fc.integer({ min: 0, max: 50_000_000 }),
  installmentShare: fc.double({ min: 0, max: 1, noNaN: true }),
  reminders: fc.integer({ min: 0, max: 5 }),
  rpc: fc.integer({ min: 0, max: 5 }),
  promise: fc.option(
    fc.record({
      amountShare: fc.double({ min: 0.01, max: 1, noNaN: true }),
      paidShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
      dueIn: fc.integer({ min: -2, max: 10 }),
    }),
  ),
});

function borrowerDay(d: {
  offset: number;
  dpd: number;
  owed: number;
  installmentShare: number;
  reminders: number;
  rpc: number;
  promise: { amountShare: number; paidShare: number; dueIn: number } | null;
}): BorrowerDay {
  const date = addDays('2026-09-01', d.offset);
  const amount = Math.max(1, Math.floor(d.owed * (d.promise?.amountShare ?? 0)));
  return {
    date,
    dpd: d.dpd,
    oldestDueOn: addDays(date, -d.dpd),
    owedNowFen: fen(d.owed),
    installmentFen: fen(Math.floor(d.owed * d.installmentShare)),
    remindersReceived: d.reminders,
    firstReminderOn: d.reminders > 0 ? addDays(date, -1) : null,
    rightPartyContacts: d.rpc,
    firstRightPartyOn: d.rpc > 0 ? addDays(date, -2) : null,
    promise: d.promise
      ? {
          amountFen: fen(amount),
          paidFen: fen(Math.floor(amount * d.promise.paidShare)),
          dueOn: addDays(date, d.promise.dueIn),
          takenOn: addDays(date, -3),
        }
      : null,
    promiseGraceDays: 1,
  };
}

describe('demo borrower simulation', () => {
  it('never pays more than is due today, and never nothing', () => {
    fc.assert(
      fc.property(behaviour, fc.string({ maxLength: 8 }), day, (b, ref, d) => {
        const profile = demoBorrowerProfile(SEED, `C${ref}`, b);
        const paid = decidePayment(SEED, `C${ref}`, profile, borrowerDay(d));
        if (paid === null) return;
        expect(Number.isInteger(paid.amountFen)).toBe(true);
        expect(paid.amountFen).toBeGreaterThan(0);
        expect(paid.amountFen).toBeLessThanOrEqual(d.owed);
      }),
      { numRuns: 2000 },
    );
  });

  it('decides the same way for the same seed, borrower and day, whatever was asked before', () => {
    fc.assert(
      fc.property(behaviour, day, fc.integer({ min: 0, max: 23 }), (b, d, hour) => {
        const input = borrowerDay(d);
        const call: CallSituation = {
          date: input.date,
          localHour: hour,
          callKey: `${hour}:00`,
          dpd: d.dpd,
          owedNowFen: input.owedNowFen,
          promisePending: input.promise !== null,
          maxPromiseDays: 14,
        };
        const first = [
          decidePayment(SEED, 'C0000001', demoBorrowerProfile(SEED, 'C0000001', b), input),
          decideCall(SEED, 'C0000001', demoBorrowerProfile(SEED, 'C0000001', b), call),
        ];
        // Interleave other borrowers' draws: nothing is shared between calls.
        decidePayment(SEED, 'C0000002', demoBorrowerProfile(SEED, 'C0000002', b), input);
        const again = [
          decidePayment(SEED, 'C0000001', demoBorrowerProfile(SEED, 'C0000001', b), input),
          decideCall(SEED, 'C0000001', demoBorrowerProfile(SEED, 'C0000001', b), call),
        ];
        expect(again).toEqual(first);
      }),
    );
  });

  it('takes promises only for what is owed, dated within the promise policy, and agreeing with the action codes', () => {
    fc.assert(
      fc.property(
        behaviour,
        fc.string({ maxLength: 6 }),
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.integer({ min: 8, max: 21 }),
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        (b, ref, owed, hour, maxDays, pending) => {
          const profile = demoBorrowerProfile(SEED, ref, b);
          const outcome = decideCall(SEED, ref, profile, {
            date: '2026-10-10',
            localHour: hour,
            callKey: ref,
            dpd: 5,
            owedNowFen: fen(owed),
            promisePending: pending,
            maxPromiseDays: maxDays,
          });
          if (outcome.code === 'PTP') {
            expect(pending).toBe(false);
            expect(outcome.promise!.amountFen).toBeGreaterThan(0);
            expect(outcome.promise!.amountFen).toBeLessThanOrEqual(owed);
            expect(outcome.promise!.dueOn >= '2026-10-10').toBe(true);
            expect(outcome.promise!.dueOn <= addDays('2026-10-10', maxDays)).toBe(true);
          } else {
            expect(outcome.promise).toBeNull();
          }
          if (!outcome.connected) expect(outcome.rightParty).toBeNull();
        },
      ),
    );
  });

  it('gives each behaviour its character over many borrowers', () => {
    const payRate = (b: LatentBehaviour, dpd: number, reminders: number) => {
      let paid = 0;
      for (let i = 0; i < 2000; i++) {
        const ref = `C${i}`;
        const d = borrowerDay({
          offset: 10,
          dpd,
          owed: 100_000,
          installmentShare: 1,
          reminders,
          rpc: 0,
          promise: null,
        });
        if (
          decidePayment(SEED, ref, demoBorrowerProfile(SEED, ref, b), {
            ...d,
            firstReminderOn: reminders ? addDays(d.date, -5) : null,
          })
        )
          paid += 1;
      }
      return paid / 2000;
    };
    // On the due date the punctual pay, defaulters do not.
    expect(payRate('on_time', 0, 0)).toBeGreaterThan(0.9);
    expect(payRate('strategic_defaulter', 0, 0)).toBeLessThan(0.1);
    // The forgetful pay after a reminder far more than without one.
    expect(payRate('forgetful', 3, 1)).toBeGreaterThan(0.5);
    expect(payRate('forgetful', 3, 0)).toBeLessThan(0.1);
    expect(payRate('unreachable', 20, 3)).toBeLessThan(0.02);
  });

  it('lets the unreachable rarely answer and the punctual usually answer in the morning', () => {
    const answered = (b: LatentBehaviour) => {
      let n = 0;
      for (let i = 0; i < 2000; i++) {
        const ref = `C${i}`;
        const o = decideCall(SEED, ref, demoBorrowerProfile(SEED, ref, b), {
          date: '2026-10-10',
          localHour: 10,
          callKey: 'k',
          dpd: 3,
          owedNowFen: fen(50_000),
          promisePending: false,
          maxPromiseDays: 14,
        });
        if (o.connected) n += 1;
      }
      return n / 2000;
    };
    expect(answered('unreachable')).toBeLessThan(0.1);
    expect(answered('on_time')).toBeGreaterThan(0.3);
    // Nobody answers at 03:00.
    const profile = demoBorrowerProfile(SEED, 'C1', 'on_time');
    expect(profile.answerByHour[3]).toBe(0);
  });
});
