/**
 * 模板版本与审批 template versions and their approval: draft → in-review → approved → retired.
 *
 *   edit     draft → draft            (whoever edits becomes one of the version's writers)
 *   submit   draft → in-review        (the template must pass validateTemplate)
 *   reject   in-review → draft        (with a reason; also how a writer takes it back)
 *   approve  in-review → approved     (four-eyes: not by any writer; validateTemplate clean and
 *                                      no content-screening match, cn.content-screen)
 *   retire   draft | in-review | approved → retired  (e.g. superseded by a newer version)
 *
 * Only an approved version may be used to send (isTemplateVersionUsable). An approved or retired
 * version never changes content: editing starts a new version (nextTemplateVersion). Pure: the
 * caller passes the actor and the instant (ISO 8601) and stores the returned state; a refused
 * transition returns a coded error and leaves the state as it was.
 */
import { BUILT_IN_PHRASES, type ScreeningPhrase } from '../compliance/content-screen.js';
import { CodedError } from '../errors/error-codes.js';
import { type MessageTemplate, screenTemplate, validateTemplate } from './message-template.js';

/** 模板版本状态 the status of a template version. */
export const TEMPLATE_VERSION_STATUSES = ['draft', 'in-review', 'approved', 'retired'] as const;
/** 模板版本状态 the status of a template version. */
export type TemplateVersionStatus = (typeof TEMPLATE_VERSION_STATUSES)[number];

/** What someone does to a template version. */
export type TemplateVersionAction =
  | { type: 'edit'; content: MessageTemplate }
  | { type: 'submit'; phrases?: readonly ScreeningPhrase[] }
  | { type: 'reject'; reason: string }
  | { type: 'approve'; phrases: readonly ScreeningPhrase[] }
  | { type: 'retire'; reason?: string };

/** One entry of a version's history (audit trail). */
export interface TemplateVersionEvent {
  action: 'create' | TemplateVersionAction['type'];
  actor: string;
  at: string; // ISO 8601 instant
  reason?: string;
}

/** 模板版本 one version of a template, with who wrote, approved and retired it. */
export interface TemplateVersion {
  templateCode: string;
  version: number;
  status: TemplateVersionStatus;
  content: MessageTemplate;
  /** Who created the version. */
  author: string;
  /** Everyone who wrote its content (the author first); none of them may approve it. */
  writers: readonly string[];
  basedOnVersion: number | null;
  approvedBy: string | null;
  approvedAt: string | null;
  retiredAt: string | null;
  history: readonly TemplateVersionEvent[];
}

/** The new state, or why the action was refused. */
export type TemplateVersionResult = { ok: true; version: TemplateVersion } | { ok: false; error: CodedError };

// An ISO 8601 instant with an offset, as the server's clock hands it over.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const refuse = (error: CodedError): TemplateVersionResult => ({ ok: false, error });

/** The error for a bad actor or instant, or null when both are usable. */
function checkActorAndTime(actor: string, now: string): CodedError | null {
  if (typeof actor !== 'string' || actor.trim() === '')
    return new CodedError('VALUE_REQUIRED', { field: 'actor' });
  if (typeof now !== 'string' || !ISO_INSTANT.test(now) || Number.isNaN(Date.parse(now))) {
    return new CodedError('DATETIME_INVALID', { value: String(now) });
  }
  return null;
}

/** 新建模板 starts version `version` (1 for a new template) of a template as a draft. */
export function createTemplateVersion(
  input: { templateCode: string; content: MessageTemplate; version?: number; basedOnVersion?: number | null },
  actor: string,
  now: string,
): TemplateVersionResult {
  const bad = checkActorAndTime(actor, now);
  if (bad) return refuse(bad);
  if (input.templateCode.trim() === '')
    return refuse(new CodedError('VALUE_REQUIRED', { field: 'templateCode' }));
  const version = input.version ?? 1;
  if (!Number.isSafeInteger(version) || version < 1) {
    return refuse(new CodedError('NUMBER_OUT_OF_RANGE', { min: 1, max: Number.MAX_SAFE_INTEGER }));
  }
  return {
    ok: true,
    version: {
      templateCode: input.templateCode,
      version,
      status: 'draft',
      content: input.content,
      author: actor,
      writers: [actor],
      basedOnVersion: input.basedOnVersion ?? null,
      approvedBy: null,
      approvedAt: null,
      retiredAt: null,
      history: [{ action: 'create', actor, at: now }],
    },
  };
}

/** 新版本 a new draft copying a version's content, numbered one higher: the way to change an approved text. */
export function nextTemplateVersion(
  previous: TemplateVersion,
  actor: string,
  now: string,
): TemplateVersionResult {
  return createTemplateVersion(
    {
      templateCode: previous.templateCode,
      content: previous.content,
      version: previous.version + 1,
      basedOnVersion: previous.version,
    },
    actor,
    now,
  );
}

const ALLOWED_FROM: Readonly<Record<TemplateVersionAction['type'], readonly TemplateVersionStatus[]>> = {
  edit: ['draft'],
  submit: ['draft'],
  reject: ['in-review'],
  approve: ['in-review'],
  retire: ['draft', 'in-review', 'approved'],
};

/**
 * 状态流转 applies one action to a template version: the new state, or a coded error
 * (TEMPLATE_TRANSITION_INVALID, TEMPLATE_SELF_APPROVAL, TEMPLATE_INVALID with the problems as
 * details, CONTENT_BLOCKED with the screening matches as details, VALUE_REQUIRED, DATETIME_INVALID).
 */
export function transitionTemplateVersion(
  state: TemplateVersion,
  action: TemplateVersionAction,
  actor: string,
  now: string,
): TemplateVersionResult {
  const bad = checkActorAndTime(actor, now);
  if (bad) return refuse(bad);
  if (!ALLOWED_FROM[action.type].includes(state.status)) {
    return refuse(
      new CodedError('TEMPLATE_TRANSITION_INVALID', { status: state.status, action: action.type }),
    );
  }
  const event: TemplateVersionEvent = { action: action.type, actor, at: now };
  const next = (changes: Partial<TemplateVersion>): TemplateVersionResult => ({
    ok: true,
    version: { ...state, ...changes, history: [...state.history, event] },
  });

  switch (action.type) {
    case 'edit':
      return next({
        content: action.content,
        writers: state.writers.includes(actor) ? state.writers : [...state.writers, actor],
      });
    case 'submit': {
      const invalid = invalidTemplateError(state.content, action.phrases ?? BUILT_IN_PHRASES);
      return invalid ? refuse(invalid) : next({ status: 'in-review' });
    }
    case 'reject': {
      const reason = typeof action.reason === 'string' ? action.reason.trim() : '';
      if (reason === '') return refuse(new CodedError('VALUE_REQUIRED', { field: 'reason' }));
      event.reason = reason;
      return next({ status: 'draft' });
    }
    case 'approve': {
      // Four-eyes: nobody who wrote any of the text may approve it.
      if (state.writers.includes(actor)) return refuse(new CodedError('TEMPLATE_SELF_APPROVAL'));
      const invalid = invalidTemplateError(state.content, action.phrases);
      if (invalid) return refuse(invalid);
      const matches = screenTemplate(state.content, action.phrases);
      if (matches.length > 0) {
        return refuse(
          new CodedError(
            'CONTENT_BLOCKED',
            { count: matches.length },
            matches.map((m) => ({
              path: m.path,
              code: 'CONTENT_BLOCKED',
              message: {
                'zh-CN': `“${m.phrase}”:${m.reason['zh-CN']}`,
                'en-US': `"${m.phrase}": ${m.reason['en-US']}`,
              },
            })),
          ),
        );
      }
      return next({ status: 'approved', approvedBy: actor, approvedAt: now });
    }
    case 'retire': {
      const reason = action.reason?.trim();
      if (reason) event.reason = reason;
      return next({ status: 'retired', retiredAt: now });
    }
  }
}

function invalidTemplateError(
  content: MessageTemplate,
  phrases: readonly ScreeningPhrase[],
): CodedError | null {
  const issues = validateTemplate(content, phrases);
  if (issues.length === 0) return null;
  return new CodedError(
    'TEMPLATE_INVALID',
    { count: issues.length },
    issues.map((i) => ({ path: i.path, code: i.code, message: i.message })),
  );
}

/** True when messages may be sent with this version: only an approved one. */
export function isTemplateVersionUsable(version: TemplateVersion): boolean {
  return version.status === 'approved';
}
