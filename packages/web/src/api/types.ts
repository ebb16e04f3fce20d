/**
 * Shapes of the Huikuan HTTP API (v1) as the web UI uses them. The server owns the
 * contract; these types mirror it. Amounts are integer fen, typed with the domain's
 * `Fen` brand so they can only be shown through `formatCny`.
 */

import type { BusinessDate, DataScopeKind, Fen, Locale } from '@huikuan/domain';

export type { Locale };

export interface TeamRef {
  id: string;
  code: string;
  name: string;
}

/** The logged-in user, as returned by login and /auth/me. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  permissions: string[];
  teams: TeamRef[];
  agencyId: string | null;
  dataScope: DataScopeKind;
}

export interface SessionResponse {
  user: SessionUser;
  csrfToken: string;
}

export interface SystemInfo {
  institutionName: string;
  /** 营业日 YYYY-MM-DD in the institution's time zone. */
  businessDate: BusinessDate;
  timeZone: string;
  version: string;
  databaseMode: 'embedded' | 'external';
}

export interface BucketSummary {
  bucket: string;
  loans: number;
  principalFen: Fen;
}

export interface PortfolioSummary {
  products: number;
  customers: number;
  loans: number;
  activeLoans: number;
  overdueLoans: number;
  outstandingPrincipalFen: Fen;
  overduePrincipalFen: Fen;
  byBucket: BucketSummary[];
}

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  teams: TeamRef[];
  agencyId: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface CreateUserRequest {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  teamCodes?: string[];
  agencyCode?: string;
}

export interface ListResponse<T> {
  items: T[];
}

export interface AuditEvent {
  seq: number;
  at: string;
  actorUsername: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  /** Null for events written by the system outside a request (seeding, jobs). */
  requestId: string | null;
}

export interface AuditEventPage {
  items: AuditEvent[];
  nextBeforeSeq: number | null;
}

export type AuditBreakReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap';

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: null | { seq: number; reason: AuditBreakReason; expected?: string; actual?: string };
}

/** One field-level problem inside a problem response. */
export interface FieldProblem {
  path: string;
  code: string;
  message: Partial<Record<Locale, string>>;
}

/** An RFC 9457 problem response with Huikuan's extensions. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  detail?: string;
  messages?: Partial<Record<Locale, string>>;
  requestId?: string;
  errors?: FieldProblem[];
}

/** 导入状态 what became of an imported file. */
export type ImportStatus = 'validated' | 'applied' | 'partially_applied' | 'rejected';

/** One problem in an import report, at the line and column a user sees in the file. */
export interface ImportIssue {
  line: number | null;
  column: string | null;
  code: string;
  message: Partial<Record<Locale, string>>;
}

/** One imported file, as the history lists it. */
export interface ImportBatch {
  id: string;
  kind: string;
  fileName: string;
  format: string;
  encoding: string | null;
  status: ImportStatus;
  applyValidRows: boolean;
  dryRun: boolean;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  rowsApplied: number;
  created: number;
  updated: number;
  unchanged: number;
  issuesTotal: number;
  createdBy: string | null;
  createdAt: string;
  appliedAt: string | null;
}

/** One imported file with its row-level report. */
export interface ImportReport extends ImportBatch {
  issues: ImportIssue[];
}

export interface ImportHistoryPage {
  items: ImportBatch[];
  nextBefore: string | null;
}

/** 日终状态 of one business date's daily run. */
export type DailyRunStatus = 'running' | 'completed' | 'failed';

/** One business date's daily run and its progress (partitions of loans done of total). */
export interface DailyRun {
  /** The business date run, YYYY-MM-DD. */
  asOf: string;
  status: DailyRunStatus;
  partitions: number;
  partitionsDone: number;
  /** Active loans in the run (fixed when the run starts). */
  loans: number;
  startedAt: string;
  finishedAt: string | null;
}

/** What `POST /daily-runs` queued: the days to run, in order (empty when already complete). */
export interface DailyRunStartResponse {
  target: string;
  days: string[];
}
