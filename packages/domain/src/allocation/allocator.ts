/**
 * 分案 the allocator: given cases with their facts, the collectors with their capacity and
 * load, and the rules, decide who gets each case. Pure and deterministic: the same input in
 * any order gives the same assignments (cases are taken largest overdue amount first, then by
 * id; collectors are ordered by id).
 *
 * - A kept case (留案: an active promise or plan) stays with its holder while the holder is active.
 * - A case that has a holder and is not kept is being reallocated: it never goes back to its
 *   holder, nor to anyone in its excluded list (its previous holders).
 * - Nobody disabled (inactive) ever receives a case, and nobody receives more than their free
 *   capacity (capacity − open cases held).
 */
import { type AllocationFacts, type AllocationRule, orderRules, ruleMatches } from './allocation-rules.js';

/** 催收员 a collector as the allocator sees them. */
export interface AllocationCollector {
  id: string;
  teamIds: readonly string[];
  /** The most open cases they may hold. */
  capacity: number;
  /** Open cases they hold now. */
  load: number;
  /** Enabled and allowed to work cases; an inactive collector never receives a case. */
  active: boolean;
}

/** A case to allocate (nobody holds it) or to reallocate (it has a holder and is not kept). */
export interface AllocationCase extends AllocationFacts {
  id: string;
  holderUserId: string | null;
  /** 留案 kept with its holder (an active promise to pay or plan). */
  kept: boolean;
  /** Collectors who may not receive it (e.g. everyone who held it before). */
  excludedUserIds: readonly string[];
}

export type AllocationOutcome =
  | { caseId: string; kind: 'assigned'; userId: string; teamId: string | null; ruleId: string }
  | { caseId: string; kind: 'kept'; userId: string }
  /** No enabled rule matches the case: it stays where it is. */
  | { caseId: string; kind: 'unmatched' }
  /** A rule matched but none of its collectors may take the case now. */
  | { caseId: string; kind: 'no-collector'; ruleId: string };

export interface AllocationInput {
  cases: readonly AllocationCase[];
  collectors: readonly AllocationCollector[];
  rules: readonly AllocationRule[];
  /** Round robin: the last collector each rule gave a case to (rule id → user id). */
  roundRobinCursors?: Readonly<Record<string, string>>;
}

export interface AllocationResult {
  /** One outcome per case, in the order the cases were decided. */
  outcomes: AllocationOutcome[];
  /** The round-robin cursors after this allocation, to pass to the next one. */
  roundRobinCursors: Record<string, string>;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The order cases are decided in: largest overdue amount first, then by id. */
function caseOrder(a: AllocationCase, b: AllocationCase): number {
  return b.owedFen - a.owedFen || byId(a, b);
}

/** 分案 decides who gets each case (see the module comment for the guarantees). */
export function allocate(input: AllocationInput): AllocationResult {
  const collectors = [...input.collectors].sort(byId);
  const byUser = new Map(collectors.map((c) => [c.id, c]));
  const rules = orderRules(input.rules);
  const cursors: Record<string, string> = { ...(input.roundRobinCursors ?? {}) };
  // Free capacity at the start (the weights of capacity-weighted) and what this run added.
  const free0 = new Map(collectors.map((c) => [c.id, Math.max(0, c.capacity - c.load)]));
  const added = new Map(collectors.map((c) => [c.id, 0]));
  const pools = new Map(
    rules.map((rule) => [
      rule.id,
      collectors.filter(
        (c) => rule.target.userIds.includes(c.id) || c.teamIds.some((t) => rule.target.teamIds.includes(t)),
      ),
    ]),
  );

  const outcomes: AllocationOutcome[] = [];
  for (const item of [...input.cases].sort(caseOrder)) {
    const holder = item.holderUserId === null ? undefined : byUser.get(item.holderUserId);
    if (item.kept && holder?.active) {
      outcomes.push({ caseId: item.id, kind: 'kept', userId: holder.id });
      continue;
    }
    const rule = rules.find((r) => ruleMatches(r.conditions, item));
    if (!rule) {
      outcomes.push({ caseId: item.id, kind: 'unmatched' });
      continue;
    }
    const eligible = (c: AllocationCollector) =>
      c.active &&
      c.id !== item.holderUserId &&
      !item.excludedUserIds.includes(c.id) &&
      (added.get(c.id) ?? 0) < (free0.get(c.id) ?? 0);
    const pool = pools.get(rule.id) ?? [];
    const chosen =
      rule.method === 'round-robin'
        ? nextInTurn(pool, cursors[rule.id], eligible)
        : mostFreeShare(pool, eligible, free0, added);
    if (!chosen) {
      outcomes.push({ caseId: item.id, kind: 'no-collector', ruleId: rule.id });
      continue;
    }
    added.set(chosen.id, (added.get(chosen.id) ?? 0) + 1);
    if (rule.method === 'round-robin') cursors[rule.id] = chosen.id;
    const teamId = chosen.teamIds.find((t) => rule.target.teamIds.includes(t)) ?? chosen.teamIds[0] ?? null;
    outcomes.push({ caseId: item.id, kind: 'assigned', userId: chosen.id, teamId, ruleId: rule.id });
  }
  return { outcomes, roundRobinCursors: cursors };
}

/** 轮询 the first eligible collector after the cursor, in id order, wrapping around. */
function nextInTurn(
  pool: readonly AllocationCollector[],
  cursor: string | undefined,
  eligible: (c: AllocationCollector) => boolean,
): AllocationCollector | undefined {
  if (pool.length === 0) return undefined;
  // By id rather than by position, so a collector joining or leaving the pool keeps the turn.
  const start = cursor === undefined ? 0 : pool.findIndex((c) => c.id > cursor);
  const from = Math.max(start, 0);
  for (let i = 0; i < pool.length; i += 1) {
    const c = pool[(from + i) % pool.length]!;
    if (eligible(c)) return c;
  }
  return undefined;
}

/**
 * 按产能 the eligible collector with the largest free capacity per case already given
 * (free₀ ÷ (given + 1), the D'Hondt divisor): after n cases each collector has at least
 * ⌊n × free₀ ÷ Σfree₀⌋ of them and never more than their free capacity. Ties by id.
 */
function mostFreeShare(
  pool: readonly AllocationCollector[],
  eligible: (c: AllocationCollector) => boolean,
  free0: ReadonlyMap<string, number>,
  added: ReadonlyMap<string, number>,
): AllocationCollector | undefined {
  let best: AllocationCollector | undefined;
  for (const c of pool) {
    if (!eligible(c)) continue;
    if (!best) {
      best = c;
      continue;
    }
    // free_c / (added_c + 1) > free_best / (added_best + 1), in integers.
    const lhs = (free0.get(c.id) ?? 0) * ((added.get(best.id) ?? 0) + 1);
    const rhs = (free0.get(best.id) ?? 0) * ((added.get(c.id) ?? 0) + 1);
    if (lhs > rhs) best = c;
  }
  return best;
}
