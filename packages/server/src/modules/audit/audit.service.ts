import { createHmac } from 'node:crypto';
import { AUDIT_GENESIS_HASH, type AuditContent, auditHashInput } from '@huikuan/domain';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import type { AuditRepository, AuditRow } from './audit.repository.js';

/** Who did something, and in which request. */
export interface Actor {
  userId: string | null;
  username: string | null;
  requestId: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', requestId: null };

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
}

export type BrokenLinkReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: null | { seq: number; reason: BrokenLinkReason; expected: string; actual: string };
}

function contentOf(row: AuditRow): AuditContent {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorUsername: row.actor_username,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.request_id,
  };
}

/**
 * The hash-chained audit trail. Each event's hash is HMAC-SHA256(key, prevHash ‖ canonical
 * content): editing, deleting or inserting a row breaks the chain, and without the key a
 * forger cannot compute a matching hash for a row of their own.
 */
export class AuditService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly auditKey: Buffer,
    private readonly clock: Clock,
  ) {}

  private hash(prevHash: string, content: AuditContent): string {
    return createHmac('sha256', this.auditKey).update(auditHashInput(prevHash, content)).digest('hex');
  }

  /** Appends an event inside the caller's transaction (so it commits or rolls back with the change). */
  async append(repo: AuditRepository, actor: Actor, entry: AuditEntry): Promise<number> {
    await repo.lockChain();
    const last = await repo.lastLink();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? AUDIT_GENESIS_HASH;
    // Millisecond precision so the instant round-trips exactly through timestamptz.
    const at = new Date(Math.floor(this.clock.now().getTime()));
    const row: AuditRow = {
      seq,
      at,
      actor_id: actor.userId,
      actor_username: actor.username,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      request_id: actor.requestId,
      prev_hash: prevHash,
      hash: '',
    };
    row.hash = this.hash(prevHash, contentOf(row));
    await repo.insert(row);
    return seq;
  }

  /** Records a single event in its own transaction. */
  async record(actor: Actor, entry: AuditEntry): Promise<number> {
    return this.uow.transaction((r) => this.append(r.audit, actor, entry));
  }

  /** Walks the whole chain and reports the first broken link. */
  async verify(onProgress?: (checked: number) => void): Promise<VerifyResult> {
    const repo = this.uow.repositories.audit;
    let expectedSeq = 1;
    let prevHash = AUDIT_GENESIS_HASH;
    let checked = 0;
    for (;;) {
      const rows = await repo.pageAscending(expectedSeq - 1, 2000);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (row.seq !== expectedSeq) {
          return {
            ok: false,
            checked,
            firstBroken: {
              seq: row.seq,
              reason: 'sequence_gap',
              expected: String(expectedSeq),
              actual: String(row.seq),
            },
          };
        }
        if (row.prev_hash !== prevHash) {
          return {
            ok: false,
            checked,
            firstBroken: {
              seq: row.seq,
              reason: 'prev_hash_mismatch',
              expected: prevHash,
              actual: row.prev_hash,
            },
          };
        }
        const recomputed = this.hash(row.prev_hash, contentOf(row));
        if (recomputed !== row.hash) {
          return {
            ok: false,
            checked,
            firstBroken: { seq: row.seq, reason: 'hash_mismatch', expected: recomputed, actual: row.hash },
          };
        }
        prevHash = row.hash;
        expectedSeq += 1;
        checked += 1;
      }
      onProgress?.(checked);
    }
    return { ok: true, checked, firstBroken: null };
  }

  async list(options: { beforeSeq: number | null; limit: number; action?: string | undefined }) {
    const rows = await this.uow.repositories.audit.pageDescending(options);
    return {
      items: rows.map((r) => ({
        seq: r.seq,
        at: r.at.toISOString(),
        actorUsername: r.actor_username,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        before: r.before ?? null,
        after: r.after ?? null,
        requestId: r.request_id,
      })),
      nextBeforeSeq: rows.length === options.limit ? (rows[rows.length - 1]?.seq ?? null) : null,
    };
  }
}
