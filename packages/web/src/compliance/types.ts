/**
 * Shapes of the compliance API (v1): rule packs, gate decisions, holds, complaints and
 * content screening. The server owns the contract; these types mirror it.
 */

import type { Locale } from '../api/types';

/** A bilingual text, as every user-visible text the server sends. */
export type LocalizedText = Record<Locale, string>;

export type RulePackCode = 'cn' | 'us-regf';

/** How a rule is enforced: BLOCK refuses, WARN needs an override reason, REQUIRE needs evidence. */
export type RuleKind = 'BLOCK' | 'WARN' | 'REQUIRE' | 'LOGIC';

/** A wall-clock window HH:MM–HH:MM; it may cross midnight (22:00–08:00). */
export interface LocalWindow {
  start: string;
  end: string;
}

export type RuleParam =
  | { type: 'max'; value: number; unit: string }
  | { type: 'min'; value: number; unit: string }
  | { type: 'blocked-window'; value: LocalWindow }
  | { type: 'allowed-window'; value: LocalWindow };

export type ParamValue = number | LocalWindow;

/** ruleId → param → value the institution set. */
export type PackOverrides = Record<string, Record<string, ParamValue>>;

export interface Rule {
  id: string;
  kind: RuleKind;
  rule: string;
  defaultText: string;
  enforcement: string;
  citation: string;
  /** Params the institution may loosen; all others may only be tightened. */
  configurable: string[];
  params: Record<string, RuleParam>;
}

export interface RulePack {
  code: RulePackCode;
  version: string;
  effectiveFrom: string;
  notes: string;
  rules: Rule[];
}

/** The pack in force: a base pack plus the institution's overrides, as one revision. */
export interface ActivePack {
  code: RulePackCode;
  baseVersion: string;
  revision: number;
  version: string;
  overrides: PackOverrides;
  reason: string | null;
  createdAt: string | null;
  createdBy: string | null;
}

export interface PackRevision {
  revision: number;
  code: RulePackCode;
  version: string;
  overrides: PackOverrides;
  reason: string | null;
  createdAt: string | null;
  createdBy: string | null;
}

export interface PackResponse {
  active: ActivePack;
  pack: RulePack;
  codes: RulePackCode[];
  history: PackRevision[];
}

export interface PackUpdateRequest {
  code: RulePackCode;
  overrides: PackOverrides;
  reason: string;
}

export type DecisionPath = 'dispatch' | 'dial' | 'call-log' | 'third-party' | 'visit';
export const DECISION_PATHS: readonly DecisionPath[] = [
  'dispatch',
  'dial',
  'call-log',
  'third-party',
  'visit',
];

export type ContactChannel = 'call' | 'sms' | 'push' | 'email' | 'visit' | 'letter' | 'im';
export const CONTACT_CHANNELS: readonly ContactChannel[] = [
  'call',
  'sms',
  'push',
  'email',
  'visit',
  'letter',
  'im',
];

/** One verdict of the compliance gate on a contact attempt. */
export interface GateDecisionRecord {
  id: string;
  decidedAt: string;
  attemptAt: string;
  path: DecisionPath;
  channel: ContactChannel;
  partyRole: string;
  customerRef: string;
  caseId: string | null;
  contactId: string | null;
  actor: string | null;
  agency: string | null;
  allowed: boolean;
  ruleId: string | null;
  ruleIds: string[];
  reason: LocalizedText | null;
  citation: string | null;
  nextAllowedAt: string | null;
  packCode: RulePackCode;
  packVersion: string;
  facts: unknown;
  factsHash: string;
}

export interface DecisionPage {
  items: GateDecisionRecord[];
  nextCursor: string | null;
}

export type HoldKind = 'dispute' | 'complaint' | 'hardship' | 'deceased' | 'legal' | 'channel-stop';
export const HOLD_KINDS: readonly HoldKind[] = [
  'dispute',
  'complaint',
  'hardship',
  'deceased',
  'legal',
  'channel-stop',
];

export interface Hold {
  id: string;
  customerRef: string;
  customerName: string | null;
  caseId: string | null;
  complaintId: string | null;
  kind: HoldKind;
  /** Null: every channel. */
  channels: ContactChannel[] | null;
  reason: string;
  startsAt: string;
  endsAt: string | null;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
  createdBy: string | null;
  createdAt: string;
  active: boolean;
}

export interface PlaceHoldRequest {
  customerRef: string;
  caseId?: string;
  kind: HoldKind;
  channels?: ContactChannel[];
  reason: string;
  startsAt?: string;
  endsAt?: string;
}

export type ComplaintKind = 'complaint' | 'dispute';
export const COMPLAINT_KINDS: readonly ComplaintKind[] = ['complaint', 'dispute'];

export type ComplaintSource = 'phone' | 'sms' | 'email' | 'letter' | 'app' | 'visit' | 'regulator' | 'other';
export const COMPLAINT_SOURCES: readonly ComplaintSource[] = [
  'phone',
  'sms',
  'email',
  'letter',
  'app',
  'visit',
  'regulator',
  'other',
];

export type SlaState = 'on-time' | 'due-soon' | 'overdue' | 'met' | 'missed';

export type ComplaintOutcome = 'upheld' | 'partly-upheld' | 'rejected' | 'withdrawn';
export const COMPLAINT_OUTCOMES: readonly ComplaintOutcome[] = [
  'upheld',
  'partly-upheld',
  'rejected',
  'withdrawn',
];

export interface Complaint {
  id: string;
  ref: string;
  kind: ComplaintKind;
  customerRef: string;
  customerName: string | null;
  caseId: string | null;
  source: ComplaintSource;
  summary: string;
  receivedAt: string;
  slaDueAt: string;
  slaState: SlaState;
  status: 'open' | 'resolved';
  outcome: ComplaintOutcome | null;
  resolution: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  createdBy: string | null;
  holdId: string | null;
  attemptIds: string[];
}

export interface ComplaintIntakeRequest {
  kind: ComplaintKind;
  customerRef: string;
  caseId?: string;
  source: ComplaintSource;
  summary: string;
  receivedAt?: string;
  attemptIds?: string[];
}

export interface PhraseCategory {
  code: string;
  name: LocalizedText;
  reason: LocalizedText;
}

export interface BuiltInPhrase {
  phrase: string;
  category: string;
  locale: Locale;
  source: 'built-in';
}

export interface InstitutionPhrase {
  id: string;
  phrase: string;
  category: string;
  locale: Locale;
  source: 'institution';
  createdAt: string;
  createdBy: string | null;
}

export interface PhraseLists {
  categories: PhraseCategory[];
  builtIn: BuiltInPhrase[];
  institution: InstitutionPhrase[];
}

export interface ScreenMatch {
  phrase: string;
  category: string;
  locale: Locale;
  reason: LocalizedText;
  start: number;
  end: number;
}

export interface ScreenResult {
  matches: ScreenMatch[];
}
