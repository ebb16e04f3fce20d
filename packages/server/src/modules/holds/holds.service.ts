import { CodedError, DEFAULT_SLA_DAYS, slaDueAt, slaStateOf } from '@huikuan/domain';
import type { z } from 'zod';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { ComplaintRow, HoldRow } from './holds.repository.js';
import type {
  ComplaintView,
  HoldView,
  OperatorPlaceHold,
  OperatorRegisterComplaint,
  OperatorResolveComplaint,
} from './holds.schemas.js';

type HoldViewT = z.infer<typeof HoldView>;
type ComplaintViewT = z.infer<typeof ComplaintView>;

function holdView(row: HoldRow, nowMs: number): HoldViewT {
  const active =
    row.released_at === null &&
    row.starts_at.getTime() <= nowMs &&
    (row.ends_at === null || row.ends_at.getTime() > nowMs);
  return {
    id: row.id,
    customerRef: row.customer_ref,
    customerName: row.customer_name,
    caseId: row.case_id,
    complaintId: row.complaint_id,
    kind: row.kind,
    channels: row.channels,
    reason: row.reason,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    releasedAt: row.released_at?.toISOString() ?? null,
    releasedBy: row.released_by,
    releaseReason: row.release_reason,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    active,
  };
}

function complaintView(row: ComplaintRow, nowMs: number): ComplaintViewT {
  return {
    id: row.id,
    ref: row.ref,
    kind: row.kind,
    customerRef: row.customer_ref,
    customerName: row.customer_name,
    caseId: row.case_id,
    source: row.source,
    summary: row.summary,
    receivedAt: row.received_at.toISOString(),
    slaDueAt: row.sla_due_at.toISOString(),
    slaState: slaStateOf(row.sla_due_at.getTime(), nowMs, row.resolved_at?.getTime() ?? null),
    status: row.status,
    outcome: row.outcome,
    resolution: row.resolution,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by,
    createdBy: row.created_by,
    holdId: row.hold_id,
    attemptIds: row.attempt_ids,
  };
}

/**
 * 暂停与投诉 holds (dispute, complaint, hardship, deceased, legal, channel stop) and the intake,
 * timers and resolution of complaints and disputes. A complaint or dispute opens a hold on all
 * contact that only its resolution releases. Every change is audited in its transaction.
 */
export class HoldsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** Cancels pending messages a new hold covers (dispatch plugs in here). */
    private readonly onHoldPlaced: (
      t: Repositories,
      customerId: string,
      channels: readonly string[] | null,
    ) => Promise<number> = async () => 0,
  ) {}

  private async customer(r: Repositories, ref: string, caseId: string | undefined): Promise<string> {
    const customer = await r.holds.customerByRef(ref);
    if (!customer) throw new CodedError('CUSTOMER_NOT_FOUND', { ref });
    if (caseId && !(await r.holds.caseOfCustomer(caseId, customer.id))) {
      throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
    }
    return customer.id;
  }

  async place(input: OperatorPlaceHold, actor: Actor): Promise<HoldViewT> {
    const now = this.clock.now();
    const startsAt = input.startsAt ? new Date(input.startsAt) : now;
    const endsAt = input.endsAt ? new Date(input.endsAt) : null;
    if (endsAt && endsAt <= startsAt) throw new CodedError('HOLD_PERIOD_INVALID');
    const id = newId();
    await this.uow.transaction(async (r) => {
      const customerId = await this.customer(r, input.customerRef, input.caseId);
      const channels = input.kind === 'channel-stop' && input.channels ? [...new Set(input.channels)] : null;
      await r.holds.insertHold({
        id,
        customerId,
        caseId: input.caseId ?? null,
        complaintId: null,
        kind: input.kind,
        channels,
        reason: input.reason,
        startsAt,
        endsAt,
        createdBy: actor.userId,
      });
      const cancelled = await this.onHoldPlaced(r, customerId, channels);
      await this.audit.append(r.audit, actor, {
        action: 'hold.placed',
        targetType: 'collection_hold',
        targetId: id,
        after: {
          customerRef: input.customerRef,
          kind: input.kind,
          channels,
          reason: input.reason,
          startsAt,
          endsAt,
          cancelledActions: cancelled,
        },
      });
    });
    return this.hold(id);
  }

  async release(id: string, reason: string, actor: Actor): Promise<HoldViewT> {
    await this.uow.transaction(async (r) => {
      const row = await r.holds.hold(id, true);
      if (!row) throw new CodedError('HOLD_NOT_FOUND', { ref: id });
      if (row.released_at) throw new CodedError('HOLD_ALREADY_RELEASED', { ref: id });
      if (row.complaint_id) throw new CodedError('HOLD_FROM_COMPLAINT');
      await r.holds.releaseHold(id, this.clock.now(), actor.userId, reason);
      await this.audit.append(r.audit, actor, {
        action: 'hold.released',
        targetType: 'collection_hold',
        targetId: id,
        before: { kind: row.kind, customerRef: row.customer_ref },
        after: { reason },
      });
    });
    return this.hold(id);
  }

  async hold(id: string): Promise<HoldViewT> {
    const row = await this.uow.repositories.holds.hold(id);
    if (!row) throw new CodedError('HOLD_NOT_FOUND', { ref: id });
    return holdView(row, this.clock.now().getTime());
  }

  async holds(filter: {
    status: 'active' | 'all';
    kind?: string;
    customerRef?: string;
  }): Promise<HoldViewT[]> {
    const now = this.clock.now();
    const rows = await this.uow.repositories.holds.listHolds({
      ...(filter.status === 'active' ? { activeAt: now } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.customerRef ? { customerRef: filter.customerRef } : {}),
      limit: 500,
    });
    return rows.map((row) => holdView(row, now.getTime()));
  }

  /** Intake: the complaint or dispute, its SLA timer, the attempts it concerns and its hold, together. */
  async register(input: OperatorRegisterComplaint, actor: Actor): Promise<ComplaintViewT> {
    const now = this.clock.now();
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
    if (receivedAt > now) throw new CodedError('DATETIME_INVALID', { value: input.receivedAt });
    const id = newId();
    await this.uow.transaction(async (r) => {
      const customerId = await this.customer(r, input.customerRef, input.caseId);
      const attemptIds = await this.attemptsOf(r, customerId, input.attemptIds ?? []);
      const n = await r.holds.nextComplaintRef();
      const ref = `${input.kind === 'complaint' ? 'TS' : 'ZY'}-${String(n).padStart(6, '0')}`;
      const due = new Date(slaDueAt(receivedAt.getTime(), DEFAULT_SLA_DAYS[input.kind]));
      await r.holds.insertComplaint({
        id,
        ref,
        kind: input.kind,
        customerId,
        caseId: input.caseId ?? null,
        source: input.source,
        summary: input.summary,
        receivedAt,
        slaDueAt: due,
        createdBy: actor.userId,
      });
      await r.holds.linkAttempts(id, attemptIds);
      const holdId = newId();
      await r.holds.insertHold({
        id: holdId,
        customerId,
        caseId: input.caseId ?? null,
        complaintId: id,
        kind: input.kind,
        channels: null,
        reason: `${ref}: ${input.summary.slice(0, 200)}`,
        startsAt: now,
        endsAt: null,
        createdBy: actor.userId,
      });
      await this.onHoldPlaced(r, customerId, null);
      await this.audit.append(r.audit, actor, {
        action: `${input.kind}.registered`,
        targetType: 'complaint',
        targetId: id,
        after: {
          ref,
          customerRef: input.customerRef,
          source: input.source,
          slaDueAt: due,
          holdId,
          attemptIds,
        },
      });
    });
    return this.complaint(id);
  }

  private async attemptsOf(r: Repositories, customerId: string, ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = await r.contacts.attemptIdsOfCustomer(customerId, unique);
    const missing = unique.find((id) => !found.includes(id));
    if (missing) throw new CodedError('CONTACT_ATTEMPT_NOT_FOUND', { ref: missing });
    return found;
  }

  async linkAttempts(id: string, attemptIds: readonly string[], actor: Actor): Promise<ComplaintViewT> {
    await this.uow.transaction(async (r) => {
      const row = await r.holds.complaint(id, true);
      if (!row) throw new CodedError('COMPLAINT_NOT_FOUND', { ref: id });
      const found = await this.attemptsOf(r, row.customer_id, attemptIds);
      await r.holds.linkAttempts(id, found);
      await this.audit.append(r.audit, actor, {
        action: `${row.kind}.attempts-linked`,
        targetType: 'complaint',
        targetId: id,
        after: { attemptIds: found },
      });
    });
    return this.complaint(id);
  }

  /** Resolution: the outcome and answer are recorded and the complaint's hold is released. */
  async resolve(id: string, input: OperatorResolveComplaint, actor: Actor): Promise<ComplaintViewT> {
    await this.uow.transaction(async (r) => {
      const row = await r.holds.complaint(id, true);
      if (!row) throw new CodedError('COMPLAINT_NOT_FOUND', { ref: id });
      if (row.status === 'resolved') throw new CodedError('COMPLAINT_ALREADY_RESOLVED', { ref: row.ref });
      const now = this.clock.now();
      await r.holds.resolveComplaint(id, { ...input, at: now, by: actor.userId });
      const holdIds = await r.holds.openHoldIdsOfComplaint(id);
      for (const holdId of holdIds) {
        await r.holds.releaseHold(holdId, now, actor.userId, `${row.ref} ${input.outcome}`);
      }
      await this.audit.append(r.audit, actor, {
        action: `${row.kind}.resolved`,
        targetType: 'complaint',
        targetId: id,
        before: { status: row.status },
        after: { outcome: input.outcome, resolution: input.resolution, releasedHoldIds: holdIds },
      });
    });
    return this.complaint(id);
  }

  async complaint(id: string): Promise<ComplaintViewT> {
    const row = await this.uow.repositories.holds.complaint(id);
    if (!row) throw new CodedError('COMPLAINT_NOT_FOUND', { ref: id });
    return complaintView(row, this.clock.now().getTime());
  }

  async complaints(filter: {
    status: 'open' | 'resolved' | 'all';
    kind?: string;
  }): Promise<ComplaintViewT[]> {
    const rows = await this.uow.repositories.holds.listComplaints({
      ...(filter.status !== 'all' ? { status: filter.status } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      limit: 500,
    });
    const now = this.clock.now().getTime();
    return rows.map((row) => complaintView(row, now));
  }
}
