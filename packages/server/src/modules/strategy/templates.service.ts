import {
  CodedError,
  type Locale,
  type MessageTemplate,
  previewTemplate,
  type ScreeningPhrase,
  type StrategyDefinition,
  screenTemplate,
  type TemplateVersion,
  type TemplateVersionAction,
  type TemplateVersionStatus,
  transitionTemplateVersion,
  validateTemplate,
} from '@huikuan/domain';
import type { z } from 'zod';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { ComplianceService } from '../compliance/compliance.service.js';
import type { TemplateVersionRow } from './strategy.repository.js';
import type { StrategySettings } from './strategy.service.js';
import type {
  ManagerCreateTemplate,
  ManagerEditTemplate,
  ManagerPreviewTemplate,
  TemplateListItem,
  TemplatePreviewResult,
  TemplateVersionDetail,
  TemplateVersionView,
} from './templates.schemas.js';

type ViewT = z.infer<typeof TemplateVersionView>;
type ListItemT = z.infer<typeof TemplateListItem>;
type DetailT = z.infer<typeof TemplateVersionDetail>;
type PreviewT = z.infer<typeof TemplatePreviewResult>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function contentOf(
  row: Pick<TemplateVersionRow, 'channel' | 'locale' | 'subject' | 'body'>,
): MessageTemplate {
  return {
    channel: row.channel as MessageTemplate['channel'],
    locale: row.locale as MessageTemplate['locale'],
    ...(row.subject === null ? {} : { subject: row.subject }),
    body: row.body,
  };
}

function viewOf(row: TemplateVersionRow): ViewT {
  return {
    id: row.id,
    code: row.code,
    channel: row.channel,
    locale: row.locale,
    version: row.version,
    status: row.status as ViewT['status'],
    subject: row.subject,
    body: row.body,
    author: row.author,
    authorId: row.author_id,
    approver: row.approver,
    createdAt: row.created_at.toISOString(),
    approvedAt: iso(row.approved_at),
    revision: row.revision,
    editorIds: row.editor_ids,
    updatedAt: iso(row.updated_at),
  };
}

/** Problems, screening matches and a sample rendering of a text. */
function checkOf(template: MessageTemplate, phrases: readonly ScreeningPhrase[]) {
  const rendered = previewTemplate(template);
  return {
    issues: validateTemplate(template, phrases).map((i) => ({
      path: i.path,
      code: i.code,
      params: i.params,
      message: i.message,
      ...(i.start === undefined ? {} : { start: i.start }),
      ...(i.end === undefined ? {} : { end: i.end }),
    })),
    screening: screenTemplate(template, phrases).map((m) => ({
      path: m.path,
      phrase: m.phrase,
      category: m.category,
      locale: m.locale,
      reason: m.reason,
      start: m.start,
      end: m.end,
    })),
    preview: { subject: rendered.subject, body: rendered.body },
  };
}

/** A stored version as the domain's state machine sees it: its writers are its author and editors. */
function versionStateOf(row: TemplateVersionRow): TemplateVersion {
  return {
    templateCode: row.code,
    version: row.version,
    status: row.status as TemplateVersionStatus,
    content: contentOf(row),
    author: row.author_id ?? 'system',
    writers: [...(row.author_id ? [row.author_id] : []), ...row.editor_ids],
    basedOnVersion: null,
    approvedBy: null,
    approvedAt: null,
    retiredAt: null,
    history: [],
  };
}

/**
 * 消息模板 message templates per code, channel and locale, versioned: drafts, submission
 * (validateTemplate with the institution's phrases), four-eyes approval with content screening
 * that retires the previously approved version of the code and locale in the same transaction,
 * retirement, and previews with sample values. The transitions are the domain's
 * (template-version.ts); this service stores them and audits each in its transaction.
 */
export class TemplatesService {
  private defaultsReady = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly compliance: ComplianceService,
    private readonly clock: Clock,
    private readonly settings: Pick<StrategySettings, 'dispatchLocale' | 'ensureDefaults'>,
  ) {}

  /** The shipped templates must exist before anyone numbers versions (they take version 1). */
  private async ready(): Promise<void> {
    if (this.defaultsReady) return;
    await this.uow.transaction((r) => this.settings.ensureDefaults(r));
    this.defaultsReady = true;
  }

  private async detailsOf(rows: readonly TemplateVersionRow[], r?: Repositories): Promise<DetailT[]> {
    if (rows.length === 0) return [];
    const phrases = await this.compliance.screeningPhrases(r ?? this.uow.repositories);
    return rows.map((row) => ({ ...viewOf(row), ...checkOf(contentOf(row), phrases) }));
  }

  async list(): Promise<ListItemT[]> {
    await this.ready();
    const rows = await this.uow.repositories.strategies.latestTemplates();
    return rows.map((row) => ({ ...viewOf(row), approvedVersion: row.approved_version }));
  }

  async versions(code: string, locale: Locale): Promise<DetailT[]> {
    await this.ready();
    return this.detailsOf(await this.uow.repositories.strategies.templateVersions(code, locale, 200));
  }

  /** 待审模板 what waits for a compliance officer's approval, oldest first. */
  async reviewQueue(): Promise<DetailT[]> {
    await this.ready();
    return this.detailsOf(await this.uow.repositories.strategies.templatesInReview(200));
  }

  async detail(id: string): Promise<DetailT> {
    const row = await this.uow.repositories.strategies.templateVersion(id);
    if (!row) throw new CodedError('TEMPLATE_NOT_FOUND', { ref: id });
    return (await this.detailsOf([row]))[0]!;
  }

  /** 新版本 a draft numbered after the code and locale's latest; a code keeps its channel. */
  async create(input: ManagerCreateTemplate, actor: Actor): Promise<DetailT> {
    await this.ready();
    const id = newId();
    await this.uow.transaction(async (r) => {
      await r.strategies.lockTemplate(input.code, input.locale);
      const channels = await r.strategies.templateChannels(input.code);
      const existing = channels.find((c) => c !== input.channel);
      if (existing !== undefined) {
        throw new CodedError('TEMPLATE_CHANNEL_MISMATCH', {
          code: input.code,
          existing,
          channel: input.channel,
        });
      }
      const version = await r.strategies.nextTemplateVersion(input.code, input.locale);
      await r.strategies.insertTemplateVersion({
        id,
        code: input.code,
        channel: input.channel,
        locale: input.locale,
        version,
        subject: input.subject ?? null,
        body: input.body,
        authorId: actor.userId,
        at: this.clock.now(),
      });
      await this.audit.append(r.audit, actor, {
        action: 'template.created',
        targetType: 'message_template',
        targetId: id,
        after: { code: input.code, channel: input.channel, locale: input.locale, version },
      });
    });
    return this.detail(id);
  }

  /**
   * 编辑草稿 replaces the text of a draft in place (the domain's edit: draft only, and the editor
   * becomes a writer who may not approve it). The edit names the revision it was made from: if
   * someone saved since, 409 TEMPLATE_DRAFT_STALE and nothing is saved.
   */
  async edit(id: string, input: ManagerEditTemplate, actor: Actor): Promise<DetailT> {
    await this.uow.transaction(async (r) => {
      const { row } = await this.transition(
        r,
        id,
        (_phrases, current) => ({
          type: 'edit',
          content: contentOf({ ...current, subject: input.subject ?? null, body: input.body }),
        }),
        actor,
      );
      if (row.revision !== input.expectedRevision) {
        throw new CodedError('TEMPLATE_DRAFT_STALE', {
          expected: input.expectedRevision,
          current: row.revision,
        });
      }
      const updated = await r.strategies.updateTemplateDraft({
        id,
        revision: row.revision,
        subject: input.subject ?? null,
        body: input.body,
        editorId: actor.userId,
        at: this.clock.now(),
      });
      // The row is locked: it cannot have moved on since it was read.
      if (!updated) throw new Error(`template version ${id} changed under its row lock`);
      await this.audit.append(r.audit, actor, {
        action: 'template.edited',
        targetType: 'message_template',
        targetId: id,
        before: { revision: row.revision, subject: row.subject, body: row.body },
        after: { revision: row.revision + 1, code: row.code, locale: row.locale, version: row.version },
      });
    });
    return this.detail(id);
  }

  /** Runs one transition of the domain's state machine on a locked version; throws its coded refusal. */
  private async transition(
    r: Repositories,
    id: string,
    action: (phrases: readonly ScreeningPhrase[], row: TemplateVersionRow) => TemplateVersionAction,
    actor: Actor,
  ): Promise<{ row: TemplateVersionRow; next: TemplateVersion }> {
    const row = await r.strategies.templateVersion(id, true);
    if (!row) throw new CodedError('TEMPLATE_NOT_FOUND', { ref: id });
    const phrases = await this.compliance.screeningPhrases(r);
    const result = transitionTemplateVersion(
      versionStateOf(row),
      action(phrases, row),
      actor.userId ?? actor.username ?? 'system',
      this.clock.now().toISOString(),
    );
    if (!result.ok) throw result.error;
    return { row, next: result.version };
  }

  /** 提交审批 draft → in review, when validateTemplate finds nothing (else 422 TEMPLATE_INVALID). */
  async submit(id: string, actor: Actor): Promise<DetailT> {
    await this.uow.transaction(async (r) => {
      const { row } = await this.transition(r, id, (phrases) => ({ type: 'submit', phrases }), actor);
      await r.strategies.setTemplateStatus(id, 'in-review');
      await this.audit.append(r.audit, actor, {
        action: 'template.submitted',
        targetType: 'message_template',
        targetId: id,
        before: { status: row.status },
        after: { status: 'in-review', code: row.code, locale: row.locale, version: row.version },
      });
    });
    return this.detail(id);
  }

  /**
   * 审批 four-eyes (not by the author), valid and clean of every screened phrase (422
   * CONTENT_BLOCKED with the matches); the previously approved version of the code and locale
   * is retired in the same transaction, so exactly one version is in use at any time.
   */
  async approve(id: string, actor: Actor): Promise<DetailT> {
    await this.uow.transaction(async (r) => {
      const { row } = await this.transition(r, id, (phrases) => ({ type: 'approve', phrases }), actor);
      await r.strategies.lockTemplate(row.code, row.locale);
      const previous = await r.strategies.retireApprovedTemplate(row.code, row.locale);
      await r.strategies.markTemplateApproved(id, actor.userId, this.clock.now());
      await this.audit.append(r.audit, actor, {
        action: 'template.approved',
        targetType: 'message_template',
        targetId: id,
        before: { approved: previous ?? null },
        after: {
          approved: { id, version: row.version },
          code: row.code,
          locale: row.locale,
          author: row.author,
        },
      });
    });
    return this.detail(id);
  }

  /**
   * 停用 retires a version. The approved version in the dispatch locale of a code an active
   * strategy names is replaced by approving another, never retired (dispatch would have no text).
   */
  async retire(id: string, reason: string | undefined, actor: Actor): Promise<DetailT> {
    await this.uow.transaction(async (r) => {
      const { row } = await this.transition(
        r,
        id,
        () => ({ type: 'retire', ...(reason ? { reason } : {}) }),
        actor,
      );
      if (row.status === 'approved' && row.locale === this.settings.dispatchLocale) {
        const users = (await r.strategies.activeStrategies()).filter((s) =>
          (s.definition as StrategyDefinition).plans.some((p) =>
            p.steps.some((step) => step.templateCode === row.code),
          ),
        );
        if (users.length > 0) {
          throw new CodedError('TEMPLATE_IN_USE', {
            code: row.code,
            locale: row.locale,
            strategies: users.map((s) => `${s.code} v${s.version}`).join(', '),
          });
        }
      }
      await r.strategies.setTemplateStatus(id, 'retired');
      await this.audit.append(r.audit, actor, {
        action: 'template.retired',
        targetType: 'message_template',
        targetId: id,
        before: { status: row.status },
        after: {
          status: 'retired',
          code: row.code,
          locale: row.locale,
          version: row.version,
          reason: reason ?? null,
        },
      });
    });
    return this.detail(id);
  }

  /** 预览 a text being written, rendered with sample values, with its problems and screening matches. */
  async preview(input: ManagerPreviewTemplate): Promise<PreviewT> {
    const template: MessageTemplate = {
      channel: input.channel,
      locale: input.locale,
      ...(input.subject === undefined ? {} : { subject: input.subject }),
      body: input.body,
    };
    const check = checkOf(template, await this.compliance.screeningPhrases());
    return { ...check.preview, issues: check.issues, screening: check.screening };
  }
}
