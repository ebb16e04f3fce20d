import {
  MAX_TEMPLATE_BODY_CHARS,
  MAX_TEMPLATE_SUBJECT_CHARS,
  TEMPLATE_CHANNELS,
  TEMPLATE_LOCALES,
} from '@huikuan/domain';
import { z } from 'zod';
import { StrategyCodeText } from './strategy.schemas.js';

const Localized = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
const Instant = z.string().meta({ description: 'ISO 8601 instant' });

const TemplateContent = {
  channel: z.enum(TEMPLATE_CHANNELS),
  locale: z.enum(TEMPLATE_LOCALES),
  /** Email subject or letter heading; other channels have none. */
  subject: z.string().max(MAX_TEMPLATE_SUBJECT_CHARS).optional(),
  body: z.string().min(1).max(MAX_TEMPLATE_BODY_CHARS),
};

/**
 * 新建模板版本 a new draft version of a template code and locale (version 1 for a new code).
 * A draft may have problems; submitting it checks them.
 */
export const ManagerCreateTemplate = z.object({ code: StrategyCodeText, ...TemplateContent }).strict();
export type ManagerCreateTemplate = z.infer<typeof ManagerCreateTemplate>;

/**
 * 编辑模板草稿 replaces the text of a draft in place (code, channel and locale stay), checked as
 * for a new version; the revision the edit was made from must still be the draft's.
 */
export const ManagerEditTemplate = z
  .object({
    subject: TemplateContent.subject,
    body: TemplateContent.body,
    expectedRevision: z.int().min(1).meta({
      description: 'The `revision` of the draft the edit was made from (optimistic locking)',
    }),
  })
  .strict();
export type ManagerEditTemplate = z.infer<typeof ManagerEditTemplate>;

/** 模板预览 a text being written: rendered with sample values, with its problems and screening matches. */
export const ManagerPreviewTemplate = z
  .object({ ...TemplateContent, body: z.string().max(MAX_TEMPLATE_BODY_CHARS) })
  .strict();
export type ManagerPreviewTemplate = z.infer<typeof ManagerPreviewTemplate>;

export const TemplateIdParams = z.object({ id: z.uuid() }).strict();
export const TemplateCodeParams = z
  .object({ code: StrategyCodeText, locale: z.enum(TEMPLATE_LOCALES) })
  .strict();

export const RetireTemplate = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();

// ---------------------------------------------------------------------------------------
// Responses

export const TemplateIssueView = z.object({
  path: z.enum(['body', 'subject']),
  code: z.string(),
  params: z.record(z.string(), z.unknown()),
  message: Localized,
  /** UTF-16 offsets in the field (end exclusive), when the problem has a place in the text. */
  start: z.number().int().optional(),
  end: z.number().int().optional(),
});

export const TemplateScreenMatchView = z.object({
  path: z.enum(['body', 'subject']),
  phrase: z.string(),
  category: z.string(),
  locale: z.string(),
  reason: Localized,
  start: z.number().int(),
  end: z.number().int(),
});

export const RenderedPreview = z.object({ subject: z.string().nullable(), body: z.string() });

export const TemplateVersionView = z.object({
  id: z.string(),
  code: z.string(),
  channel: z.string(),
  locale: z.string(),
  version: z.number().int(),
  status: z.enum(['draft', 'in-review', 'approved', 'retired']),
  subject: z.string().nullable(),
  body: z.string(),
  author: z.string().nullable(),
  authorId: z.string().nullable(),
  approver: z.string().nullable(),
  createdAt: Instant,
  approvedAt: Instant.nullable(),
  /** Bumped by each edit of the draft; an edit names the revision it was made from. */
  revision: z.number().int(),
  /** Who edited the draft besides its author: none of them may approve it. */
  editorIds: z.array(z.string()),
  updatedAt: Instant.nullable(),
});

/** The latest version of a code and locale, and which version is approved (in use) now. */
export const TemplateListItem = TemplateVersionView.extend({ approvedVersion: z.number().int().nullable() });

/** A version with its problems, screening matches (with the institution's phrases) and sample rendering. */
export const TemplateVersionDetail = TemplateVersionView.extend({
  issues: z.array(TemplateIssueView),
  screening: z.array(TemplateScreenMatchView),
  preview: RenderedPreview,
});

export const TemplatePreviewResult = RenderedPreview.extend({
  issues: z.array(TemplateIssueView),
  screening: z.array(TemplateScreenMatchView),
});
