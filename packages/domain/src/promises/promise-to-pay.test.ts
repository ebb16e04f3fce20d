import { describe, expect, it } from 'vitest';
import { CodedError } from '../errors/error-codes.js';
import { fen } from '../money/money.js';
import {
  assertPromisePolicy,
  checkPromise,
  DEFAULT_PROMISE_POLICY,
  promiseDeadline,
  promiseFact,
  promiseProgress,
} from './promise-to-pay.js';

const today = '2026-03-10';
const context = { businessDate: today, owedFen: fen(124_000), policy: DEFAULT_PROMISE_POLICY };

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof CodedError) return e.code;
    throw e;
  }
}

describe('checkPromise', () => {
  it('accepts an amount up to what is owed and a date from today to the limit', () => {
    expect(codeOf(() => checkPromise({ amountFen: fen(124_000), dueOn: today }, context))).toBeNull();
    expect(codeOf(() => checkPromise({ amountFen: fen(1), dueOn: '2026-03-24' }, context))).toBeNull();
  });

  it('refuses an amount above the balance, naming both in yuan', () => {
    try {
      checkPromise({ amountFen: fen(124_001), dueOn: today }, context);
      expect.unreachable();
    } catch (e) {
      expect((e as CodedError).code).toBe('PROMISE_EXCEEDS_BALANCE');
      expect((e as CodedError).params).toMatchObject({ amount: '¥1,240.01', owed: '¥1,240.00' });
    }
  });

  it.each([
    [0, today, 'PROMISE_AMOUNT_INVALID'],
    [-5, today, 'PROMISE_AMOUNT_INVALID'],
    [1.5, today, 'PROMISE_AMOUNT_INVALID'],
    [100, '2026-02-30', 'PROMISE_DATE_INVALID'],
    [100, '2026-03-09', 'PROMISE_DATE_PAST'],
    [100, '2026-03-25', 'PROMISE_DATE_TOO_FAR'],
  ])('amount %s on %s → %s', (amount, dueOn, code) => {
    expect(codeOf(() => checkPromise({ amountFen: amount as never, dueOn }, context))).toBe(code);
  });

  it('follows the policy limit', () => {
    const policy = { maxDaysAhead: 3, graceDays: 0 };
    expect(
      codeOf(() => checkPromise({ amountFen: fen(100), dueOn: '2026-03-13' }, { ...context, policy })),
    ).toBeNull();
    expect(
      codeOf(() => checkPromise({ amountFen: fen(100), dueOn: '2026-03-14' }, { ...context, policy })),
    ).toBe('PROMISE_DATE_TOO_FAR');
  });
});

describe('promiseProgress', () => {
  const promise = { state: 'pending' as const, amountFen: fen(50_000), dueOn: '2026-03-12' };
  const policy = { graceDays: 1 };

  it('is kept as soon as the payments reach the amount, even before the date', () => {
    expect(promiseProgress(promise, fen(50_000), '2026-03-10', policy)).toBe('kept');
    expect(promiseProgress(promise, fen(60_000), '2026-03-20', policy)).toBe('kept');
  });

  it('stays pending through the promised date and the grace days', () => {
    expect(promiseProgress(promise, fen(0), '2026-03-12', policy)).toBe('pending');
    expect(promiseDeadline(promise.dueOn, policy)).toBe('2026-03-13');
    expect(promiseProgress(promise, fen(49_999), '2026-03-13', policy)).toBe('pending');
  });

  it('is broken (nothing paid) or partly kept (some paid) after the deadline', () => {
    expect(promiseProgress(promise, fen(0), '2026-03-14', policy)).toBe('broken');
    expect(promiseProgress(promise, fen(1), '2026-03-14', policy)).toBe('partly_kept');
    expect(promiseProgress(promise, fen(0), '2026-03-13', { graceDays: 0 })).toBe('broken');
  });

  it('never changes a settled promise', () => {
    expect(promiseProgress({ ...promise, state: 'cancelled' }, fen(50_000), '2026-03-10', policy)).toBe(
      'cancelled',
    );
    expect(promiseProgress({ ...promise, state: 'broken' }, fen(50_000), '2026-03-20', policy)).toBe(
      'broken',
    );
  });
});

describe('promiseFact', () => {
  it('maps the stored state to what segment conditions see', () => {
    expect(promiseFact(null)).toBe('none');
    expect(promiseFact('cancelled')).toBe('none');
    expect(promiseFact('pending')).toBe('pending');
    expect(promiseFact('kept')).toBe('kept');
    expect(promiseFact('partly_kept')).toBe('broken');
    expect(promiseFact('broken')).toBe('broken');
  });
});

describe('assertPromisePolicy', () => {
  it('accepts the default and refuses settings out of bounds, naming the field', () => {
    expect(() => assertPromisePolicy(DEFAULT_PROMISE_POLICY)).not.toThrow();
    expect(codeOf(() => assertPromisePolicy({ maxDaysAhead: 0, graceDays: 1 }))).toBe(
      'PROMISE_POLICY_INVALID',
    );
    expect(codeOf(() => assertPromisePolicy({ maxDaysAhead: 14, graceDays: 8 }))).toBe(
      'PROMISE_POLICY_INVALID',
    );
    expect(codeOf(() => assertPromisePolicy({ maxDaysAhead: 2.5, graceDays: 1 }))).toBe(
      'PROMISE_POLICY_INVALID',
    );
  });
});
