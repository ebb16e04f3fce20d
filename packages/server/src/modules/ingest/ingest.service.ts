/**
 * 数据接入 ingest of the loan book from the core banking system: products, customers,
 * contacts, loans (with their schedules), installments and collateral, upserted by the
 * source system's reference. Sending a record again changes nothing and reports
 * `unchanged`. A batch is checked whole (references, duplicates, schedule totals) before
 * anything is written, and written in one transaction with one audit event of counts.
 * Personal data (ID number, mobile, address, phones) is encrypted, with keyed lookup hashes.
 */
import {
  bilingualMessage,
  CodedError,
  type CollateralRecord,
  type ContactRecord,
  type CustomerRecord,
  type ErrorCode,
  type InstallmentRecord,
  idBirthDate,
  idGender,
  type LoanRecord,
  type ProductRecord,
  type ScheduleRow,
} from '@huikuan/domain';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import type { PiiCipher } from '../../platform/secrets.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { ExistingInstallment, InstallmentUpsert, UpsertedRow } from './ingest.repository.js';

/** What an ingest can carry. */
export interface IngestRecordOf {
  products: ProductRecord;
  customers: CustomerRecord;
  contacts: ContactRecord;
  loans: LoanRecord;
  schedules: InstallmentRecord;
  collateral: CollateralRecord;
}
export type IngestKind = keyof IngestRecordOf;

export type IngestOutcome = 'created' | 'updated' | 'unchanged';

/** One record's fate: its reference (a product's code; "loanRef#seq" for an installment), id and outcome. */
export interface IngestItem {
  sourceRef: string;
  id: string;
  outcome: IngestOutcome;
}

export interface IngestResult {
  created: number;
  updated: number;
  unchanged: number;
  items: IngestItem[];
}

/** A problem with one record of a batch: its position, the field (a dot path) and a coded reason. */
export interface RecordIssue {
  index: number;
  field: string | null;
  code: ErrorCode;
  params: Record<string, unknown>;
}

/** The audit target type of each kind. */
const TARGET_TYPE: Record<IngestKind, string> = {
  products: 'product',
  customers: 'customer',
  contacts: 'contact',
  loans: 'loan',
  schedules: 'installment',
  collateral: 'collateral',
};

const DEFAULT_WATERFALL = ['penalty', 'fees', 'interest', 'principal'];

/** The key a record is unique by within a batch. */
export function recordKey<K extends IngestKind>(kind: K, record: IngestRecordOf[K]): string {
  switch (kind) {
    case 'products':
      return (record as ProductRecord).code;
    case 'schedules': {
      const r = record as InstallmentRecord;
      return `${r.loanRef}#${r.seq}`;
    }
    default:
      return (record as { sourceRef: string }).sourceRef;
  }
}

function summarise(items: IngestItem[]): IngestResult {
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const item of items) {
    if (item.outcome === 'created') created += 1;
    else if (item.outcome === 'updated') updated += 1;
    else unchanged += 1;
  }
  return { created, updated, unchanged, items };
}

function outcomeOf(row: UpsertedRow | undefined): IngestOutcome {
  if (!row) return 'unchanged';
  return row.inserted ? 'created' : 'updated';
}

/** True when an installment's contract amounts and charges are all paid. */
function settled(i: InstallmentUpsert, charges: { penaltyOwedFen: number }): boolean {
  return (
    i.principal_paid_fen === i.principal_due_fen &&
    i.interest_paid_fen === i.interest_due_fen &&
    i.fee_paid_fen === i.fee_due_fen &&
    charges.penaltyOwedFen === 0
  );
}

/** Stored installments by "loanId#seq", and the same rows grouped by loan. */
interface StoredInstallments {
  bySeq: Map<string, ExistingInstallment>;
  byLoan: Map<string, ExistingInstallment[]>;
}

/** One installment to write: a schedule row merged with what is stored (paid amounts left out are kept). */
interface MergedInstallment {
  index: number; // the record (or loan record) it comes from
  field: string; // path prefix of the row within its record ("" or "schedule.3.")
  loanRef: string;
  paidOffOnSent: boolean;
  row: InstallmentUpsert;
}

export class IngestService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly pii: PiiCipher,
    private readonly defaultTimeZone: string,
  ) {}

  /**
   * Upserts a batch from the API in one transaction. Any record with a problem refuses the
   * whole batch (INGEST_REJECTED, with a path per problem) and nothing is written.
   */
  async upsert<K extends IngestKind>(
    kind: K,
    records: readonly IngestRecordOf[K][],
    actor: Actor,
    options: { single?: boolean } = {},
  ): Promise<IngestResult> {
    return this.uow.transaction(async (t) => {
      const issues = await this.check(t, kind, records);
      if (issues.length) {
        const path = (i: RecordIssue) =>
          ['body', options.single ? null : String(i.index), i.field].filter((p) => p !== null).join('.');
        throw new CodedError(
          'INGEST_REJECTED',
          { count: new Set(issues.map((i) => i.index)).size },
          issues.map((i) => ({ path: path(i), code: i.code, message: bilingualMessage(i.code, i.params) })),
        );
      }
      const result = await this.apply(t, kind, records);
      await this.recordAudit(t, actor, kind, records.length, result);
      return result;
    });
  }

  /** Appends the one audit event of a batch: counts only, never personal data. */
  private async recordAudit(
    t: Repositories,
    actor: Actor,
    kind: IngestKind,
    records: number,
    result: IngestResult,
  ): Promise<void> {
    await this.audit.append(t.audit, actor, {
      action: `ingest.${kind}`,
      targetType: TARGET_TYPE[kind],
      targetId: null,
      after: { records, created: result.created, updated: result.updated, unchanged: result.unchanged },
    });
  }

  /**
   * Checks a batch against itself and the book: duplicate references, unknown customers,
   * products and loans, paid amounts within what is due, and schedules whose principal
   * adds up to the loan's. Returns every problem; an empty list means `apply` will succeed.
   */
  async check<K extends IngestKind>(
    t: Repositories,
    kind: K,
    records: readonly IngestRecordOf[K][],
  ): Promise<RecordIssue[]> {
    const issues: RecordIssue[] = [];
    const first = new Map<string, number>();
    records.forEach((record, index) => {
      const key = recordKey(kind, record);
      const seen = first.get(key);
      if (seen === undefined) first.set(key, index);
      else {
        const field = kind === 'products' ? 'code' : kind === 'schedules' ? 'seq' : 'sourceRef';
        issues.push({ index, field, code: 'DUPLICATE_REFERENCE', params: { ref: key, firstIndex: seen } });
      }
    });
    const bad = () => new Set(issues.map((i) => i.index));
    switch (kind) {
      case 'contacts': {
        const contacts = records as readonly ContactRecord[];
        const known = await t.ingest.customerIds(unique(contacts.map((c) => c.customerRef)));
        contacts.forEach((c, index) => {
          if (!known.has(c.customerRef)) {
            issues.push({
              index,
              field: 'customerRef',
              code: 'UNKNOWN_CUSTOMER_REF',
              params: { ref: c.customerRef },
            });
          }
        });
        break;
      }
      case 'loans': {
        const loans = records as readonly LoanRecord[];
        const customers = await t.ingest.customerIds(unique(loans.map((l) => l.customerRef)));
        const products = await t.ingest.productIds(unique(loans.map((l) => l.productCode)));
        loans.forEach((l, index) => {
          if (!customers.has(l.customerRef)) {
            issues.push({
              index,
              field: 'customerRef',
              code: 'UNKNOWN_CUSTOMER_REF',
              params: { ref: l.customerRef },
            });
          }
          if (!products.has(l.productCode)) {
            issues.push({
              index,
              field: 'productCode',
              code: 'UNKNOWN_PRODUCT_CODE',
              params: { ref: l.productCode },
            });
          }
          const seqs = new Set<number>();
          (l.schedule ?? []).forEach((row, j) => {
            if (seqs.has(row.seq)) {
              issues.push({
                index,
                field: `schedule.${j}.seq`,
                code: 'DUPLICATE_REFERENCE',
                params: { ref: `${l.sourceRef}#${row.seq}` },
              });
            }
            seqs.add(row.seq);
          });
        });
        const refused = bad();
        const withSchedule = loans.flatMap((l, index) =>
          l.schedule && !refused.has(index) ? [{ index, loan: l, schedule: l.schedule }] : [],
        );
        const existingLoans = await t.ingest.loansByRef(withSchedule.map((x) => x.loan.sourceRef));
        const stored = await this.storedInstallments(
          t,
          [...existingLoans.values()].map((l) => l.id),
        );
        for (const { index, loan, schedule } of withSchedule) {
          const loanId = existingLoans.get(loan.sourceRef)?.id ?? null;
          const merged = schedule.map((row, j) =>
            this.mergeInstallment(
              row,
              loanId ?? '',
              loanId ? stored.bySeq.get(`${loanId}#${row.seq}`) : undefined,
              {
                index,
                field: `schedule.${j}.`,
                loanRef: loan.sourceRef,
              },
            ),
          );
          issues.push(...this.paymentIssues(merged));
          const scheduled = this.scheduledPrincipal(merged, loanId, stored);
          if (scheduled !== loan.principalFen) {
            issues.push({
              index,
              field: 'schedule',
              code: 'SCHEDULE_PRINCIPAL_MISMATCH',
              params: { ref: loan.sourceRef, scheduledFen: scheduled, principalFen: loan.principalFen },
            });
          }
        }
        break;
      }
      case 'schedules': {
        const rows = records as readonly InstallmentRecord[];
        const loans = await t.ingest.loansByRef(unique(rows.map((r) => r.loanRef)));
        rows.forEach((r, index) => {
          if (!loans.has(r.loanRef)) {
            issues.push({ index, field: 'loanRef', code: 'UNKNOWN_LOAN_REF', params: { ref: r.loanRef } });
          }
        });
        const stored = await this.storedInstallments(
          t,
          [...loans.values()].map((l) => l.id),
        );
        const excluded = bad();
        const merged = rows.flatMap((r, index) => {
          const loan = loans.get(r.loanRef);
          if (!loan || excluded.has(index)) return [];
          return [
            this.mergeInstallment(r, loan.id, stored.bySeq.get(`${loan.id}#${r.seq}`), {
              index,
              field: '',
              loanRef: r.loanRef,
            }),
          ];
        });
        const paidIssues = this.paymentIssues(merged);
        issues.push(...paidIssues);
        const paidBad = new Set(paidIssues.map((i) => i.index));
        // The principal check is per loan, over the rows still valid plus the stored installments they leave alone.
        const byLoan = new Map<string, MergedInstallment[]>();
        for (const m of merged) {
          if (paidBad.has(m.index)) continue;
          const group = byLoan.get(m.loanRef);
          if (group) group.push(m);
          else byLoan.set(m.loanRef, [m]);
        }
        for (const [loanRef, group] of byLoan) {
          const loan = loans.get(loanRef)!;
          const scheduled = this.scheduledPrincipal(group, loan.id, stored);
          if (scheduled === loan.principalFen) continue;
          for (const m of group) {
            issues.push({
              index: m.index,
              field: 'principalDueFen',
              code: 'SCHEDULE_PRINCIPAL_MISMATCH',
              params: { ref: loanRef, scheduledFen: scheduled, principalFen: loan.principalFen },
            });
          }
        }
        break;
      }
      case 'collateral': {
        const items = records as readonly CollateralRecord[];
        const loans = await t.ingest.loansByRef(unique(items.map((c) => c.loanRef)));
        items.forEach((c, index) => {
          if (!loans.has(c.loanRef)) {
            issues.push({ index, field: 'loanRef', code: 'UNKNOWN_LOAN_REF', params: { ref: c.loanRef } });
          }
        });
        break;
      }
      default:
        break; // products and customers refer to nothing else
    }
    return issues.sort((a, b) => a.index - b.index);
  }

  /**
   * Writes a checked batch (see `check`) and reports each record's outcome, in order.
   * Runs inside the caller's transaction.
   */
  async apply<K extends IngestKind>(
    t: Repositories,
    kind: K,
    records: readonly IngestRecordOf[K][],
  ): Promise<IngestResult> {
    switch (kind) {
      case 'products':
        return this.applyProducts(t, records as readonly ProductRecord[]);
      case 'customers':
        return this.applyCustomers(t, records as readonly CustomerRecord[]);
      case 'contacts':
        return this.applyContacts(t, records as readonly ContactRecord[]);
      case 'loans':
        return this.applyLoans(t, records as readonly LoanRecord[]);
      case 'schedules':
        return this.applySchedules(t, records as readonly InstallmentRecord[]);
      case 'collateral':
        return this.applyCollateral(t, records as readonly CollateralRecord[]);
      default:
        throw new Error(`Unknown ingest kind ${String(kind)}`);
    }
  }

  private async applyProducts(t: Repositories, products: readonly ProductRecord[]): Promise<IngestResult> {
    const written = await t.ingest.upsertProducts(
      products.map((p) => {
        const lateFee = p.lateFee ?? { kind: 'none' as const };
        const costCap = p.costCap ?? { kind: 'fixed' as const, annualRate: '0.24' };
        return {
          code: p.code,
          name: p.name,
          name_en: p.nameEn ?? p.name,
          annual_rate: p.annualRate,
          term_months: p.termMonths,
          repayment_method: p.repaymentMethod,
          grace_days: p.graceDays ?? 0,
          penalty_rate_multiplier: p.penaltyRateMultiplier ?? '1.5',
          day_count_basis: p.dayCountBasis ?? 'act/360',
          rounding: p.rounding ?? 'half-up',
          compound_overdue_interest: p.compoundOverdueInterest ?? false,
          late_fee_kind: lateFee.kind,
          late_fee_fen: lateFee.kind === 'flat_per_installment' ? lateFee.amountFen : 0,
          late_fee_rate: lateFee.kind === 'percent_of_overdue_installment' ? lateFee.rate : null,
          late_fee_min_fen:
            lateFee.kind === 'percent_of_overdue_installment' ? (lateFee.minFen ?? null) : null,
          late_fee_max_fen:
            lateFee.kind === 'percent_of_overdue_installment' ? (lateFee.maxFen ?? null) : null,
          cost_cap_kind: costCap.kind,
          // The fixed cap stays the fallback when the LPR multiple cannot be applied.
          cost_cap_annual: costCap.kind === 'fixed' ? costCap.annualRate : '0.24',
          cost_cap_lpr_multiple: costCap.kind === 'lpr_multiple' ? costCap.multiple : null,
          waterfall: p.waterfall ?? DEFAULT_WATERFALL,
        };
      }),
    );
    const ids = await t.ingest.productIds(products.map((p) => p.code));
    return this.itemsOf(
      products.map((p) => p.code),
      written,
      ids,
    );
  }

  private async applyCustomers(t: Repositories, customers: readonly CustomerRecord[]): Promise<IngestResult> {
    const existing = await t.ingest.existingCustomers(customers.map((c) => c.sourceRef));
    // Encryption is randomised: keep the stored ciphertext when the value is the same, so
    // an unchanged record stays byte-for-byte unchanged.
    const seal = (plain: string | undefined, stored: Buffer | null | undefined): Buffer | null => {
      if (plain === undefined) return null;
      if (stored && this.pii.decrypt(stored) === plain) return stored;
      return this.pii.encrypt(plain);
    };
    const rows = customers.map((c) => {
      const before = existing.get(c.sourceRef);
      return {
        // Time-ordered ids, as the demo book's: a new row keeps them, an existing row keeps its own.
        id: before?.id ?? newId(),
        source_ref: c.sourceRef,
        name: c.name,
        gender: c.gender ?? idGender(c.idNumber),
        birth_date: c.birthDate ?? idBirthDate(c.idNumber),
        id_number_enc: seal(c.idNumber, before?.id_number_enc)!,
        id_number_hash: this.pii.lookupHash(c.idNumber),
        mobile_enc: seal(c.mobile, before?.mobile_enc),
        mobile_hash: this.pii.lookupHash(c.mobile),
        address_enc: seal(c.address, before?.address_enc),
        province: c.province ?? null,
        city: c.city ?? null,
        region_code: c.regionCode ?? null,
        time_zone: c.timeZone ?? this.defaultTimeZone,
        other_time_zones: [...new Set(c.otherTimeZones ?? [])],
        employer: c.employer ?? null,
        monthly_income_fen: c.monthlyIncomeFen ?? null,
      };
    });
    const written = await t.ingest.upsertCustomers(rows);
    const ids = new Map([...existing].map(([ref, c]) => [ref, c.id]));
    return this.itemsOf(
      customers.map((c) => c.sourceRef),
      written,
      ids,
    );
  }

  private async applyContacts(t: Repositories, contacts: readonly ContactRecord[]): Promise<IngestResult> {
    const customers = await t.ingest.customerIds(unique(contacts.map((c) => c.customerRef)));
    const existing = await t.ingest.existingContacts(contacts.map((c) => c.sourceRef));
    const rows = contacts.map((c) => {
      const before = existing.get(c.sourceRef);
      const samePhone = before !== undefined && this.pii.decrypt(before.phone_enc) === c.phone;
      return {
        source_ref: c.sourceRef,
        customer_id: customers.get(c.customerRef)!,
        role: c.role,
        name: c.name,
        relation: c.relation ?? null,
        phone_enc: samePhone ? before.phone_enc : this.pii.encrypt(c.phone),
        phone_hash: this.pii.lookupHash(c.phone),
        // What collectors learned about a number stays unless the source says otherwise.
        validity: c.validity ?? before?.validity ?? 'unverified',
        last_verified_at: c.lastVerifiedAt ? new Date(c.lastVerifiedAt) : (before?.last_verified_at ?? null),
      };
    });
    const written = await t.ingest.upsertContacts(rows);
    const ids = new Map([...existing].map(([ref, c]) => [ref, c.id]));
    return this.itemsOf(
      contacts.map((c) => c.sourceRef),
      written,
      ids,
    );
  }

  private async applyLoans(t: Repositories, loans: readonly LoanRecord[]): Promise<IngestResult> {
    const customers = await t.ingest.customerIds(unique(loans.map((l) => l.customerRef)));
    const products = await t.ingest.productIds(unique(loans.map((l) => l.productCode)));
    const before = await t.ingest.loansByRef(loans.map((l) => l.sourceRef));
    const written = await t.ingest.upsertLoans(
      loans.map((l) => ({
        // Loan-id ranges are the daily run's partitions: time-ordered ids keep a range together on disk.
        id: before.get(l.sourceRef)?.id ?? newId(),
        source_ref: l.sourceRef,
        customer_id: customers.get(l.customerRef)!,
        product_id: products.get(l.productCode)!,
        principal_fen: l.principalFen,
        annual_rate: l.annualRate,
        term_months: l.termMonths,
        disbursed_on: l.disbursedOn,
        maturity_on: l.maturityOn,
      })),
    );
    const ids = new Map([...before].map(([ref, l]) => [ref, l.id]));
    for (const w of written) ids.set(w.key, w.id);
    const result = this.itemsOf(
      loans.map((l) => l.sourceRef),
      written,
      ids,
    );
    const withSchedule = loans.filter((l) => l.schedule?.length);
    if (withSchedule.length) {
      const loanIds = withSchedule.map((l) => ids.get(l.sourceRef)!);
      const stored = await this.storedInstallments(t, loanIds);
      const rows = withSchedule.flatMap((l) =>
        (l.schedule ?? []).map(
          (row) =>
            this.mergeInstallment(
              row,
              ids.get(l.sourceRef)!,
              stored.bySeq.get(`${ids.get(l.sourceRef)}#${row.seq}`),
              {
                index: 0,
                field: '',
                loanRef: l.sourceRef,
              },
            ).row,
        ),
      );
      const changedLoans = new Set((await t.ingest.upsertInstallments(rows)).map((r) => r.id));
      // A loan whose own row is unchanged but whose schedule changed was updated.
      for (const item of result.items) {
        if (item.outcome === 'unchanged' && changedLoans.has(item.id)) item.outcome = 'updated';
      }
    }
    return summarise(result.items);
  }

  private async applySchedules(t: Repositories, rows: readonly InstallmentRecord[]): Promise<IngestResult> {
    const loans = await t.ingest.loansByRef(unique(rows.map((r) => r.loanRef)));
    const stored = await this.storedInstallments(
      t,
      [...loans.values()].map((l) => l.id),
    );
    const upserts = rows.map((r) => {
      const loanId = loans.get(r.loanRef)!.id;
      return this.mergeInstallment(r, loanId, stored.bySeq.get(`${loanId}#${r.seq}`), {
        index: 0,
        field: '',
        loanRef: r.loanRef,
      }).row;
    });
    const written = new Map((await t.ingest.upsertInstallments(upserts)).map((w) => [w.key, w]));
    return summarise(
      rows.map((r) => {
        const loanId = loans.get(r.loanRef)!.id;
        return {
          sourceRef: `${r.loanRef}#${r.seq}`,
          id: loanId,
          outcome: outcomeOf(written.get(`${loanId}#${r.seq}`)),
        };
      }),
    );
  }

  private async applyCollateral(t: Repositories, items: readonly CollateralRecord[]): Promise<IngestResult> {
    const loans = await t.ingest.loansByRef(unique(items.map((c) => c.loanRef)));
    const written = await t.ingest.upsertCollateral(
      items.map((c) => ({
        source_ref: c.sourceRef,
        loan_id: loans.get(c.loanRef)!.id,
        kind: c.kind,
        description: c.description,
        appraised_value_fen: c.appraisedValueFen ?? null,
        appraised_on: c.appraisedOn ?? null,
      })),
    );
    const ids = await t.ingest.collateralIds(items.map((c) => c.sourceRef));
    return this.itemsOf(
      items.map((c) => c.sourceRef),
      written,
      ids,
    );
  }

  /** Items in record order: outcome from what the upsert returned, id from it or from the lookup. */
  private itemsOf(
    keys: readonly string[],
    written: readonly UpsertedRow[],
    ids: Map<string, string>,
  ): IngestResult {
    const byKey = new Map(written.map((w) => [w.key, w]));
    return summarise(
      keys.map((key) => {
        const w = byKey.get(key);
        return { sourceRef: key, id: w?.id ?? ids.get(key) ?? '', outcome: outcomeOf(w) };
      }),
    );
  }

  /** The stored installments of loans, by "loanId#seq" and by loan. */
  private async storedInstallments(t: Repositories, loanIds: readonly string[]): Promise<StoredInstallments> {
    const rows = await t.ingest.installmentsOf(loanIds);
    const stored: StoredInstallments = { bySeq: new Map(), byLoan: new Map() };
    for (const r of rows) {
      stored.bySeq.set(`${r.loan_id}#${r.seq}`, r);
      const list = stored.byLoan.get(r.loan_id);
      if (list) list.push(r);
      else stored.byLoan.set(r.loan_id, [r]);
    }
    return stored;
  }

  /**
   * An installment row to write: the amounts sent, with paid amounts left out taken from
   * the stored installment (0 when new). It is settled (paid_off_on set: the date sent, the
   * stored date, else the due date) only when contract amounts and accrued charges are all paid.
   */
  private mergeInstallment(
    row: ScheduleRow | InstallmentRecord,
    loanId: string,
    stored: ExistingInstallment | undefined,
    origin: { index: number; field: string; loanRef: string },
  ): MergedInstallment {
    const merged: InstallmentUpsert = {
      loan_id: loanId,
      seq: row.seq,
      due_on: row.dueOn,
      principal_due_fen: row.principalDueFen,
      interest_due_fen: row.interestDueFen,
      fee_due_fen: row.feeDueFen ?? 0,
      principal_paid_fen: row.principalPaidFen ?? stored?.principal_paid_fen ?? 0,
      interest_paid_fen: row.interestPaidFen ?? stored?.interest_paid_fen ?? 0,
      fee_paid_fen: row.feePaidFen ?? stored?.fee_paid_fen ?? 0,
      paid_off_on: null,
    };
    const penaltyOwedFen = stored
      ? stored.penalty_due_fen - stored.penalty_paid_fen + stored.compound_due_fen - stored.compound_paid_fen
      : 0;
    if (settled(merged, { penaltyOwedFen })) {
      merged.paid_off_on = row.paidOffOn ?? stored?.paid_off_on ?? row.dueOn;
    }
    return { ...origin, paidOffOnSent: row.paidOffOn !== undefined, row: merged };
  }

  /** Paid amounts (sent or kept) above what is due, and a settlement date on an unsettled installment. */
  private paymentIssues(merged: readonly MergedInstallment[]): RecordIssue[] {
    const issues: RecordIssue[] = [];
    for (const m of merged) {
      const r = m.row;
      const field = (name: string) => `${m.field}${name}`;
      if (r.principal_paid_fen > r.principal_due_fen) {
        issues.push({
          index: m.index,
          field: field('principalPaidFen'),
          code: 'PAID_EXCEEDS_DUE',
          params: {},
        });
      } else if (r.interest_paid_fen > r.interest_due_fen) {
        issues.push({
          index: m.index,
          field: field('interestPaidFen'),
          code: 'PAID_EXCEEDS_DUE',
          params: {},
        });
      } else if (r.fee_paid_fen > r.fee_due_fen) {
        issues.push({ index: m.index, field: field('feePaidFen'), code: 'PAID_EXCEEDS_DUE', params: {} });
      } else if (r.paid_off_on === null && m.paidOffOnSent) {
        issues.push({ index: m.index, field: field('paidOffOn'), code: 'PAID_OFF_NOT_SETTLED', params: {} });
      }
    }
    return issues;
  }

  /** Principal of a loan's schedule once written: the rows sent plus the stored ones they leave alone. */
  private scheduledPrincipal(
    rows: readonly MergedInstallment[],
    loanId: string | null,
    stored: StoredInstallments,
  ): number {
    const sentSeqs = new Set(rows.map((m) => m.row.seq));
    let total = rows.reduce((sum, m) => sum + m.row.principal_due_fen, 0);
    for (const s of loanId ? (stored.byLoan.get(loanId) ?? []) : []) {
      if (!sentSeqs.has(s.seq)) total += s.principal_due_fen;
    }
    return total;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
