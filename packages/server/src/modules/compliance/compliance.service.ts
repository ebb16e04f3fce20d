import { createHash } from 'node:crypto';
import {
  assertDecidableAttempt,
  BUILT_IN_PHRASES,
  basePackOf,
  CodedError,
  type CompiledScreen,
  type ContactAttempt,
  canonicalJson,
  compilePhrases,
  decide,
  diffPackParams,
  type GateDecision,
  type GateFacts,
  type PackOverrides,
  type RulePack,
  type ScreeningPhrase,
  type ScreenMatch,
  screenCompiled,
  tightenPack,
  validateInstitutionPhrase,
} from '@huikuan/domain';
import { z } from 'zod';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type {
  DecisionFilter,
  GateDecisionRow,
  GateDecisionWrite,
  RulePackRevisionRow,
  ScreeningPhraseRow,
} from './compliance.repository.js';

/** Where a contact came from: each path asks the gate (DESIGN.md §3). */
export type ContactPath = 'dispatch' | 'dial' | 'call-log' | 'third-party' | 'visit';

/** The institution's active pack: the shipped pack with its overrides applied. */
export interface ActivePack {
  code: string;
  baseVersion: string;
  revision: number;
  version: string; // e.g. "cn@2026.1+r3"
  overrides: PackOverrides;
  reason: string | null;
  createdAt: Date | null;
  createdBy: string | null;
  pack: RulePack;
}

/** Who asks and about whom, beside the attempt and facts the gate decides on. */
export interface GateRequest {
  path: ContactPath;
  customerId: string;
  caseId: string | null;
  contactId: string | null;
  actorUserId: string | null;
  agencyId: string | null;
  attempt: ContactAttempt;
  facts: GateFacts;
  /** What the facts were built from (attempt ids, hold ids, evidence), stored with the decision. */
  evidence: Record<string, unknown>;
}

export interface RecordedDecision {
  decisionId: string;
  decision: GateDecision;
  packVersion: string;
}

const OverridesShape = z.record(
  z.string(),
  z.record(z.string(), z.union([z.number(), z.object({ start: z.string(), end: z.string() }).strict()])),
);

export const DEFAULT_PACK_CODE = 'cn';

function phraseOf(row: ScreeningPhraseRow): ScreeningPhrase {
  return {
    phrase: row.phrase,
    category: row.category as ScreeningPhrase['category'],
    locale: row.locale as ScreeningPhrase['locale'],
    source: 'institution',
  };
}

function versionLabel(code: string, baseVersion: string, revision: number): string {
  return revision === 0 ? `${code}@${baseVersion}` : `${code}@${baseVersion}+r${revision}`;
}

/**
 * 合规服务 the institution's rule pack (versioned, tighten-only, audited), the gate's recorded
 * decisions, and content screening with the institution's own phrases.
 */
export class ComplianceService {
  private compiled: { signature: string; screen: CompiledScreen } | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private activeFrom(row: RulePackRevisionRow | undefined): ActivePack {
    if (!row) {
      const pack = basePackOf(DEFAULT_PACK_CODE)!;
      return {
        code: pack.code,
        baseVersion: pack.version,
        revision: 0,
        version: versionLabel(pack.code, pack.version, 0),
        overrides: {},
        reason: null,
        createdAt: null,
        createdBy: null,
        pack,
      };
    }
    const base = basePackOf(row.code);
    if (!base) throw new CodedError('RULE_PACK_UNKNOWN', { code: row.code });
    const overrides = row.overrides as PackOverrides;
    const applied = tightenPack(base, overrides);
    // A stored revision was validated when it was written; a later shipped pack that no longer
    // accepts it must not silently run without the institution's settings.
    if (!applied.ok) throw new CodedError('RULE_PACK_REJECTED', { count: applied.errors.length });
    return {
      code: row.code,
      baseVersion: row.base_version,
      revision: row.revision,
      version: versionLabel(row.code, base.version, row.revision),
      overrides,
      reason: row.reason,
      createdAt: row.created_at,
      createdBy: row.created_by_username,
      pack: { ...applied.pack, version: versionLabel(row.code, base.version, row.revision) },
    };
  }

  /** The pack every decision uses now. */
  async activePack(r: Repositories = this.uow.repositories): Promise<ActivePack> {
    return this.activeFrom(await r.compliance.latestPackRevision());
  }

  async packHistory(): Promise<ActivePack[]> {
    const rows = await this.uow.repositories.compliance.packRevisions();
    return rows.map((row) => this.activeFrom(row));
  }

  /**
   * Replaces the institution's pack settings: a known pack code and overrides that only tighten
   * (or loosen where a rule allows). Refused settings leave the previous pack active; an accepted
   * change is a new revision, audited with the parameter-by-parameter diff.
   */
  async setPack(
    input: { code: string; overrides: unknown; reason: string },
    actor: Actor,
  ): Promise<ActivePack> {
    const base = basePackOf(input.code);
    if (!base) throw new CodedError('RULE_PACK_UNKNOWN', { code: input.code });
    const shape = OverridesShape.safeParse(input.overrides);
    if (!shape.success) {
      throw new CodedError(
        'RULE_PACK_MALFORMED',
        {},
        shape.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          code: 'VALUE_INVALID',
          message: {
            'zh-CN': '须为 规则 → 参数 → 数值或 {start, end} 时间窗',
            'en-US': 'Expected rule → parameter → a number or a {start, end} window',
          },
        })),
      );
    }
    const applied = tightenPack(base, shape.data);
    if (!applied.ok) {
      throw new CodedError(
        'RULE_PACK_REJECTED',
        { count: applied.errors.length },
        applied.errors.map((e) => ({
          path: e.param ? `${e.ruleId}.${e.param}` : e.ruleId,
          code: 'RULE_PACK_REJECTED',
          message: e.reason,
        })),
      );
    }
    await this.uow.transaction(async (r) => {
      await r.compliance.lockPack();
      const before = this.activeFrom(await r.compliance.latestPackRevision());
      const revision = before.revision + 1;
      await r.compliance.insertPackRevision({
        revision,
        code: base.code,
        baseVersion: base.version,
        overrides: shape.data,
        reason: input.reason,
        createdBy: actor.userId,
      });
      await this.audit.append(r.audit, actor, {
        action: 'compliance.pack.changed',
        targetType: 'rule_pack',
        targetId: String(revision),
        before: { code: before.code, version: before.version, overrides: before.overrides },
        after: {
          code: base.code,
          version: versionLabel(base.code, base.version, revision),
          overrides: shape.data,
          reason: input.reason,
          diff: diffPackParams(before.pack, applied.pack),
        },
      });
    });
    return this.activePack();
  }

  /**
   * Asks the gate and records its answer (allowed or denied) with the rule, the pack version and
   * the facts, in the caller's transaction: a contact and the decision that let it out commit together.
   */
  async decideAndRecord(r: Repositories, request: GateRequest, pack?: ActivePack): Promise<RecordedDecision> {
    const active = pack ?? (await this.activePack(r));
    const { recorded, write } = this.prepareDecision(active, request);
    await r.compliance.insertDecision(write);
    return recorded;
  }

  /**
   * Asks the gate without storing: the decision and the row that records it (with its facts and
   * their hash). A caller deciding many contacts in one transaction stores the rows together
   * (`Repositories.compliance.insertDecisions`) before anything refers to them.
   */
  prepareDecision(
    active: ActivePack,
    request: GateRequest,
  ): { recorded: RecordedDecision; write: GateDecisionWrite } {
    assertDecidableAttempt(request.attempt);
    const decision = decide(request.attempt, request.facts, active.pack);
    const facts = {
      attempt: request.attempt,
      priorAttempts: request.facts.priorAttempts,
      activeHolds: request.facts.activeHolds,
      contactRefused: request.facts.contactRefused,
      debtorUnreachable: request.facts.debtorUnreachable,
      consentCoversQuietHours: request.facts.consentCoversQuietHours ?? false,
      debtSettled: request.facts.debtSettled ?? false,
      evidence: request.evidence,
    };
    const id = newId();
    const factsJson = canonicalJson(facts);
    const write: GateDecisionWrite = {
      id,
      decidedAt: this.clock.now(),
      attemptAt: new Date(request.attempt.atMs),
      path: request.path,
      customerId: request.customerId,
      caseId: request.caseId,
      contactId: request.contactId,
      channel: request.attempt.channel,
      partyRole: request.attempt.partyRole,
      actorUserId: request.actorUserId,
      agencyId: request.agencyId,
      allowed: decision.allowed,
      ruleId: decision.allowed ? null : decision.ruleId,
      ruleIds: decision.allowed ? decision.ruleIds : [decision.ruleId],
      packCode: active.code,
      packVersion: active.version,
      reason: decision.allowed ? null : decision.reason,
      citation: decision.allowed ? null : decision.citation,
      nextAllowedAt:
        !decision.allowed && decision.nextAllowedAt !== null ? new Date(decision.nextAllowedAt) : null,
      facts,
      factsJson,
      factsHash: createHash('sha256').update(factsJson).digest('hex'),
    };
    return { recorded: { decisionId: id, decision, packVersion: active.version }, write };
  }

  async decisions(filter: DecisionFilter): Promise<GateDecisionRow[]> {
    return this.uow.repositories.compliance.listDecisions(filter);
  }

  /** The built-in phrase lists and the institution's additions. */
  async phrases(): Promise<{
    builtIn: readonly ScreeningPhrase[];
    institution: { id: string; phrase: ScreeningPhrase; createdAt: Date; createdBy: string | null }[];
  }> {
    const rows = await this.uow.repositories.compliance.institutionPhrases();
    return {
      builtIn: BUILT_IN_PHRASES,
      institution: rows.map((row) => ({
        id: row.id,
        phrase: {
          phrase: row.phrase,
          category: row.category as ScreeningPhrase['category'],
          locale: row.locale as ScreeningPhrase['locale'],
          source: 'institution',
        },
        createdAt: row.created_at,
        createdBy: row.created_by,
      })),
    };
  }

  /** Every phrase screening uses now: the built-in lists plus the institution's. */
  async screeningPhrases(r: Repositories = this.uow.repositories): Promise<ScreeningPhrase[]> {
    const rows = await r.compliance.institutionPhrases();
    return [...BUILT_IN_PHRASES, ...rows.map(phraseOf)];
  }

  /** Screens a text against every phrase list (templates, outgoing text, notes). */
  async screen(text: string, r: Repositories = this.uow.repositories): Promise<ScreenMatch[]> {
    return screenCompiled(text, await this.compiledScreen(r));
  }

  /**
   * The phrase lists compiled for screening, as they stand now (one read of the institution's
   * phrases); a batch screens all its texts with one.
   */
  async compiledScreen(r: Repositories = this.uow.repositories): Promise<CompiledScreen> {
    const rows = await r.compliance.institutionPhrases();
    // The compiled lists are reused until the institution's phrases change.
    const signature = rows.map((row) => row.id).join(',');
    if (this.compiled?.signature !== signature) {
      this.compiled = { signature, screen: compilePhrases([...BUILT_IN_PHRASES, ...rows.map(phraseOf)]) };
    }
    return this.compiled.screen;
  }

  async addPhrase(input: unknown, actor: Actor): Promise<{ id: string; phrase: ScreeningPhrase }> {
    const checked = validateInstitutionPhrase(input);
    if (!checked.ok) {
      throw new CodedError('PHRASE_INVALID', {}, [
        { path: 'phrase', code: 'PHRASE_INVALID', message: checked.reason },
      ]);
    }
    const id = newId();
    await this.uow.transaction(async (r) => {
      const inserted = await r.compliance.insertPhrase({
        id,
        phrase: checked.phrase.phrase,
        category: checked.phrase.category,
        locale: checked.phrase.locale,
        createdBy: actor.userId,
      });
      if (!inserted) {
        throw new CodedError('PHRASE_INVALID', {}, [
          {
            path: 'phrase',
            code: 'DUPLICATE_REFERENCE',
            message: { 'zh-CN': '该表述已在列表中', 'en-US': 'The phrase is already listed' },
          },
        ]);
      }
      await this.audit.append(r.audit, actor, {
        action: 'compliance.phrase.added',
        targetType: 'screening_phrase',
        targetId: id,
        after: checked.phrase,
      });
    });
    return { id, phrase: checked.phrase };
  }

  async removePhrase(id: string, actor: Actor): Promise<void> {
    await this.uow.transaction(async (r) => {
      const row = await r.compliance.deletePhrase(id);
      if (!row) throw new CodedError('NOT_FOUND');
      await this.audit.append(r.audit, actor, {
        action: 'compliance.phrase.removed',
        targetType: 'screening_phrase',
        targetId: id,
        before: { phrase: row.phrase, category: row.category, locale: row.locale },
      });
    });
  }
}
