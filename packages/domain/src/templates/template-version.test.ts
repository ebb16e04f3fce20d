import { describe, expect, it } from 'vitest';
import { BUILT_IN_PHRASES, type ScreeningPhrase } from '../compliance/content-screen.js';
import { bilingualMessage } from '../errors/error-codes.js';
import type { MessageTemplate } from './message-template.js';
import {
  createTemplateVersion,
  isTemplateVersionUsable,
  nextTemplateVersion,
  type TemplateVersion,
  type TemplateVersionAction,
  type TemplateVersionResult,
  transitionTemplateVersion,
} from './template-version.js';

const T0 = '2026-11-28T09:00:00+08:00';
const T1 = '2026-11-28T10:00:00+08:00';
const T2 = '2026-11-28T11:00:00+08:00';
const T3 = '2026-11-29T09:00:00Z';

const content: MessageTemplate = {
  channel: 'sms',
  locale: 'zh-CN',
  body: '【{{institutionName}}】{{debtorName}}您好,您的借款逾期金额{{overdueAmount}},请于今日还款。',
};

const ok = (r: TemplateVersionResult): TemplateVersion => {
  if (!r.ok) throw new Error(`refused: ${r.error.code}`);
  return r.version;
};
const errorCode = (r: TemplateVersionResult) => (r.ok ? null : r.error.code);

const draft = () => ok(createTemplateVersion({ templateCode: 'm1.day1.sms', content }, 'alice', T0));
const inReview = () => ok(transitionTemplateVersion(draft(), { type: 'submit' }, 'alice', T1));
const approve: TemplateVersionAction = { type: 'approve', phrases: BUILT_IN_PHRASES };

describe('the template approval path', () => {
  it('goes draft → in-review → approved → retired, recording who and when', () => {
    const v1 = draft();
    expect(v1).toMatchObject({
      version: 1,
      status: 'draft',
      author: 'alice',
      writers: ['alice'],
      basedOnVersion: null,
    });
    const reviewed = inReview();
    expect(reviewed.status).toBe('in-review');
    const approved = ok(transitionTemplateVersion(reviewed, approve, 'bob', T2));
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'bob', approvedAt: T2 });
    const retired = ok(
      transitionTemplateVersion(approved, { type: 'retire', reason: 'superseded by v2' }, 'bob', T3),
    );
    expect(retired).toMatchObject({ status: 'retired', retiredAt: T3 });
    expect(retired.history).toEqual([
      { action: 'create', actor: 'alice', at: T0 },
      { action: 'submit', actor: 'alice', at: T1 },
      { action: 'approve', actor: 'bob', at: T2 },
      { action: 'retire', actor: 'bob', at: T3, reason: 'superseded by v2' },
    ]);
  });

  it('only an approved version may be used to send', () => {
    const approved = ok(transitionTemplateVersion(inReview(), approve, 'bob', T2));
    expect(isTemplateVersionUsable(draft())).toBe(false);
    expect(isTemplateVersionUsable(inReview())).toBe(false);
    expect(isTemplateVersionUsable(approved)).toBe(true);
    expect(
      isTemplateVersionUsable(ok(transitionTemplateVersion(approved, { type: 'retire' }, 'bob', T3))),
    ).toBe(false);
  });

  it('never changes the state it was given', () => {
    const before = inReview();
    const copy = structuredClone(before);
    transitionTemplateVersion(before, approve, 'bob', T2);
    transitionTemplateVersion(before, { type: 'reject', reason: '金额口径不清' }, 'bob', T2);
    expect(before).toEqual(copy);
  });
});

describe('four-eyes approval', () => {
  it('refuses approval by the author', () => {
    expect(errorCode(transitionTemplateVersion(inReview(), approve, 'alice', T2))).toBe(
      'TEMPLATE_SELF_APPROVAL',
    );
  });

  it('refuses approval by anyone who edited the text', () => {
    const edited = ok(transitionTemplateVersion(draft(), { type: 'edit', content }, 'carol', T1));
    expect(edited.writers).toEqual(['alice', 'carol']);
    const submitted = ok(transitionTemplateVersion(edited, { type: 'submit' }, 'alice', T1));
    expect(errorCode(transitionTemplateVersion(submitted, approve, 'carol', T2))).toBe(
      'TEMPLATE_SELF_APPROVAL',
    );
    expect(ok(transitionTemplateVersion(submitted, approve, 'bob', T2)).status).toBe('approved');
  });

  it('gives the refusal a message in both languages', () => {
    const r = transitionTemplateVersion(inReview(), approve, 'alice', T2);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const message = bilingualMessage(r.error.code, r.error.params);
    expect(message['zh-CN']).toContain('不能审批');
    expect(message['en-US']).toContain('four-eyes');
  });
});

describe('approval checks the content', () => {
  it('refuses a template that no longer validates, with each problem as a detail', () => {
    // e.g. stored before a rule was added: in review but without the institution name.
    const stale: TemplateVersion = {
      ...inReview(),
      content: { ...content, body: '{{debtorName}}您好,请还款{{nope}}' },
    };
    const r = transitionTemplateVersion(stale, approve, 'bob', T2);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('TEMPLATE_INVALID');
    expect(r.error.params).toEqual({ count: 2 });
    expect(r.error.details?.map((d) => [d.path, d.code])).toEqual([
      ['body', 'TEMPLATE_VARIABLE_UNKNOWN'],
      ['body', 'TEMPLATE_INSTITUTION_NAME_MISSING'],
    ]);
    expect(r.error.details?.[0]?.message['zh-CN']).toContain('nope');
  });

  it('refuses a template with a screened phrase, naming the phrase and why', () => {
    const threatening: TemplateVersion = {
      ...inReview(),
      content: { ...content, body: `${content.body}再不还就坐牢。` },
    };
    const r = transitionTemplateVersion(threatening, approve, 'bob', T2);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONTENT_BLOCKED');
    expect(r.error.details).toHaveLength(1);
    expect(r.error.details?.[0]?.message['zh-CN']).toContain('坐牢');
    expect(r.error.details?.[0]?.path).toBe('body');
  });

  it('applies the institution’s own phrases at approval', () => {
    const own: ScreeningPhrase = {
      phrase: '今日还款',
      category: 'threat',
      locale: 'zh-CN',
      source: 'institution',
    };
    const r = transitionTemplateVersion(
      inReview(),
      { type: 'approve', phrases: [...BUILT_IN_PHRASES, own] },
      'bob',
      T2,
    );
    expect(errorCode(r)).toBe('CONTENT_BLOCKED');
  });

  it('refuses to submit a template that does not validate', () => {
    const bad = ok(
      transitionTemplateVersion(
        draft(),
        { type: 'edit', content: { ...content, body: '{{debtorName' } },
        'alice',
        T1,
      ),
    );
    expect(errorCode(transitionTemplateVersion(bad, { type: 'submit' }, 'alice', T1))).toBe(
      'TEMPLATE_INVALID',
    );
  });
});

describe('transitions', () => {
  it('returns a rejected version to draft with the reason recorded', () => {
    const r = ok(
      transitionTemplateVersion(inReview(), { type: 'reject', reason: ' 金额口径不清 ' }, 'bob', T2),
    );
    expect(r.status).toBe('draft');
    expect(r.history.at(-1)).toEqual({ action: 'reject', actor: 'bob', at: T2, reason: '金额口径不清' });
  });

  it('requires a reason to reject', () => {
    expect(
      errorCode(transitionTemplateVersion(inReview(), { type: 'reject', reason: '  ' }, 'bob', T2)),
    ).toBe('VALUE_REQUIRED');
  });

  it.each<[string, () => TemplateVersion, TemplateVersionAction]>([
    ['edit a version in review', inReview, { type: 'edit', content }],
    ['approve a draft', draft, approve],
    ['submit a version in review again', inReview, { type: 'submit' }],
    ['reject a draft', draft, { type: 'reject', reason: 'x' }],
    [
      'edit an approved version',
      () => ok(transitionTemplateVersion(inReview(), approve, 'bob', T2)),
      { type: 'edit', content },
    ],
    [
      'approve a retired version',
      () => ok(transitionTemplateVersion(inReview(), { type: 'retire' }, 'bob', T2)),
      approve,
    ],
  ])('refuses to %s', (_label, state, action) => {
    const r = transitionTemplateVersion(state(), action, 'dave', T3);
    expect(errorCode(r)).toBe('TEMPLATE_TRANSITION_INVALID');
    if (!r.ok) expect(r.error.params).toEqual({ status: state().status, action: action.type });
  });

  it('refuses an instant that is not ISO 8601 with an offset, and an empty actor', () => {
    expect(errorCode(transitionTemplateVersion(inReview(), approve, 'bob', '2026-11-28 10:00'))).toBe(
      'DATETIME_INVALID',
    );
    expect(errorCode(transitionTemplateVersion(inReview(), approve, 'bob', '2026-13-01T00:00:00Z'))).toBe(
      'DATETIME_INVALID',
    );
    expect(errorCode(transitionTemplateVersion(inReview(), approve, ' ', T2))).toBe('VALUE_REQUIRED');
    expect(errorCode(createTemplateVersion({ templateCode: 'x', content }, 'alice', 'yesterday'))).toBe(
      'DATETIME_INVALID',
    );
  });
});

describe('versions', () => {
  it('changes an approved text only through a new version based on it', () => {
    const approved = ok(transitionTemplateVersion(inReview(), approve, 'bob', T2));
    const v2 = ok(nextTemplateVersion(approved, 'carol', T3));
    expect(v2).toMatchObject({
      templateCode: 'm1.day1.sms',
      version: 2,
      status: 'draft',
      content,
      author: 'carol',
      writers: ['carol'],
      basedOnVersion: 1,
      approvedBy: null,
    });
    expect(approved.status).toBe('approved');
  });

  it('refuses an empty template code and a version number below 1', () => {
    expect(errorCode(createTemplateVersion({ templateCode: ' ', content }, 'alice', T0))).toBe(
      'VALUE_REQUIRED',
    );
    expect(errorCode(createTemplateVersion({ templateCode: 'x', content, version: 0 }, 'alice', T0))).toBe(
      'NUMBER_OUT_OF_RANGE',
    );
  });
});
