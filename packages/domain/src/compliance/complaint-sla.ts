/**
 * 投诉/争议时限 the response deadlines of complaints and disputes (cn.request-response: the
 * institution's SLA; defaults 15 calendar days for a complaint, 30 for a dispute awaiting
 * verification) and the state of their timers.
 */

export type ComplaintKind = 'complaint' | 'dispute';

/** on-time / due-soon / overdue while open; met / missed once resolved. */
export type SlaState = 'on-time' | 'due-soon' | 'overdue' | 'met' | 'missed';

export const DEFAULT_SLA_DAYS: Readonly<Record<ComplaintKind, number>> = { complaint: 15, dispute: 30 };

/** An open item is "due soon" in its last two days. */
export const DUE_SOON_MS = 2 * 86_400_000;

/** The instant the answer is due: `days` whole days after it was received. */
export function slaDueAt(receivedAtMs: number, days: number): number {
  return receivedAtMs + days * 86_400_000;
}

/** The state of a timer now (open items) or at resolution (resolved ones). */
export function slaStateOf(dueAtMs: number, nowMs: number, resolvedAtMs: number | null): SlaState {
  if (resolvedAtMs !== null) return resolvedAtMs <= dueAtMs ? 'met' : 'missed';
  if (nowMs > dueAtMs) return 'overdue';
  return dueAtMs - nowMs <= DUE_SOON_MS ? 'due-soon' : 'on-time';
}
