import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_DAYS, slaDueAt, slaStateOf } from './complaint-sla.js';

const received = Date.parse('2026-11-01T02:00:00Z');
const due = slaDueAt(received, DEFAULT_SLA_DAYS.complaint);

describe('complaint and dispute timers', () => {
  it('a complaint is due 15 days after it was received, a dispute 30', () => {
    expect(new Date(due).toISOString()).toBe('2026-11-16T02:00:00.000Z');
    expect(new Date(slaDueAt(received, DEFAULT_SLA_DAYS.dispute)).toISOString()).toBe(
      '2026-12-01T02:00:00.000Z',
    );
  });

  it('an open item is on time until its last two days, then due soon, then overdue after the deadline', () => {
    expect(slaStateOf(due, Date.parse('2026-11-14T01:59:59Z'), null)).toBe('on-time');
    expect(slaStateOf(due, Date.parse('2026-11-14T02:00:00Z'), null)).toBe('due-soon');
    expect(slaStateOf(due, due, null)).toBe('due-soon');
    expect(slaStateOf(due, due + 1, null)).toBe('overdue');
  });

  it('a resolved item met its deadline when resolved by it, whatever the time now', () => {
    expect(slaStateOf(due, due + 10 * 86_400_000, due)).toBe('met');
    expect(slaStateOf(due, due + 10 * 86_400_000, due + 1)).toBe('missed');
  });
});
