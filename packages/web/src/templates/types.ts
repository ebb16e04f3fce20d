import type { LocalizedText } from '../strategies/types';

export type TemplateStatus = 'draft' | 'in-review' | 'approved' | 'retired';

export interface TemplateIssueView {
  path: 'body' | 'subject';
  code: string;
  params: Record<string, unknown>;
  message: LocalizedText;
  start?: number;
  end?: number;
}

export interface TemplateScreenMatchView {
  path: 'body' | 'subject';
  phrase: string;
  category: string;
  locale: string;
  reason: LocalizedText;
  start: number;
  end: number;
}

export interface TemplateVersionView {
  id: string;
  code: string;
  channel: string;
  locale: string;
  version: number;
  status: TemplateStatus;
  subject: string | null;
  body: string;
  author: string | null;
  authorId: string | null;
  approver: string | null;
  createdAt: string;
  approvedAt: string | null;
  /** Bumped by each edit of the draft; an edit sends the revision it was made from. */
  revision: number;
}

/** GET /templates: the latest version of a code and locale. */
export interface TemplateListItem extends TemplateVersionView {
  approvedVersion: number | null;
}

export interface RenderedPreview {
  subject: string | null;
  body: string;
}

/** A version with its problems, screening matches and sample rendering. */
export interface TemplateVersionDetail extends TemplateVersionView {
  issues: TemplateIssueView[];
  screening: TemplateScreenMatchView[];
  preview: RenderedPreview;
}

/** POST /templates/preview */
export interface TemplatePreviewResult extends RenderedPreview {
  issues: TemplateIssueView[];
  screening: TemplateScreenMatchView[];
}
