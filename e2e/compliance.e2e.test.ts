/**
 * 合规中心 the compliance console end to end: the demo compliance officer reads the cn rule pack,
 * tightens a parameter (a new revision), is refused a loosening (the message shows at the field
 * and the revision stays), registers a complaint and sees its SLA clock run, and screens a text
 * with a threatening phrase highlighted. An auditor reads the pack but cannot change it.
 */
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeInBrowser, logIn, menuTexts, saveScreenshot, useSession } from './session.js';

/** The first customer of the demo book (refs are C + 7 digits, numbered from 1). */
const CUSTOMER_REF = 'C0000001';

const decisionId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A gate decision as GET /compliance/decisions lists it; odd-numbered ones are quiet-hours denials. */
function decision(n: number, allowed: boolean) {
  return {
    id: decisionId(n),
    decidedAt: '2026-03-02T14:05:09.000Z',
    attemptAt: '2026-03-02T14:05:09.000Z',
    path: 'dial',
    channel: 'call',
    partyRole: 'self',
    customerRef: CUSTOMER_REF,
    caseId: null,
    contactId: null,
    actor: 'collector1',
    agency: null,
    allowed,
    ruleId: allowed ? null : 'cn.quiet-hours',
    ruleIds: allowed ? [] : ['cn.quiet-hours'],
    reason: allowed ? null : { 'zh-CN': '夜间静默时段不得联系', 'en-US': 'No contact in the quiet hours' },
    citation: allowed ? null : 'GB/T 45251-2025 (s)',
    nextAllowedAt: allowed ? null : '2026-03-03T00:00:00.000Z',
    packCode: 'cn',
    packVersion: 'cn@2026.1+r1',
    facts: { debtorTimeZones: ['Asia/Shanghai'], connectedToday: 0 },
    factsHash: 'a'.repeat(64),
  };
}

describeInBrowser('compliance console in Chromium', () => {
  const session = useSession({ loans: 50 });
  let page: Page;
  let revision = 0;

  beforeAll(() => {
    page = session.page;
  });

  const rulesRow = (ruleId: string) =>
    page.getByTestId('rules-table').locator(`tr[data-row-key="${ruleId}"]`);
  const openTab = async (name: string) => {
    await page.getByTestId('compliance-tabs').getByRole('tab', { name, exact: true }).click();
  };

  it('shows the cn pack with its rules and citations to the compliance officer', async () => {
    await page.goto(session.harness.baseUrl);
    await logIn(page, 'compliance');
    expect(await menuTexts(page)).toContain('合规中心');
    await page.getByTestId('side-menu').getByRole('link', { name: '合规中心' }).click();
    await page.waitForURL(/\/compliance$/);
    await page.getByRole('heading', { name: '合规中心' }).waitFor();

    await page.getByTestId('pack-code').waitFor();
    expect(await page.getByTestId('pack-code').textContent()).toBe('cn');
    revision = Number(await page.getByTestId('pack-revision').textContent());
    expect(Number.isInteger(revision)).toBe(true);

    const quietHours = rulesRow('cn.quiet-hours');
    await quietHours.waitFor();
    expect(await quietHours.textContent()).toContain('GB/T 45251-2025');
    expect(await quietHours.textContent()).toContain('BLOCK');
    expect(await quietHours.getByTestId('param-value').textContent()).toBe('22:00–08:00');
    expect(await rulesRow('cn.messages-per-day').getByTestId('param-value').textContent()).toBe('3');
    await saveScreenshot(page, 'compliance-pack.png');
  });

  it('tightens cn.messages-per-day to 2 with a reason, as a new revision', async () => {
    await page.getByTestId('edit-rule-cn.messages-per-day').click();
    const form = page.getByTestId('rule-edit-form');
    await form.waitFor();
    await form.getByLabel('maxMessages', { exact: true }).fill('2');
    await form.getByLabel('修改原因').fill('e2e:短信每日上限收紧为 2 条');
    await page.getByTestId('rule-edit-save').click();

    await page.getByText(`已生效,修订号 ${revision + 1}`).waitFor();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('pack-revision').textContent()).toBe(String(revision + 1));
    revision += 1;
    expect(await page.getByTestId('pack-version').textContent()).toContain(`+r${revision}`);
    expect(await page.getByTestId('pack-reason').textContent()).toBe('e2e:短信每日上限收紧为 2 条');
    const messages = rulesRow('cn.messages-per-day');
    expect(await messages.getByTestId('param-value').textContent()).toBe('2');
    expect(await messages.textContent()).toContain('已调整,规则包值 3');

    const history = page.getByTestId('pack-history').locator(`tr[data-row-key="${revision}"]`);
    await history.waitFor();
    expect(await history.textContent()).toContain('cn.messages-per-day.maxMessages = 2');
    expect(await history.textContent()).toContain('compliance');
  });

  it('refuses loosening the quiet hours to 23:00–08:00 and keeps the pack', async () => {
    await page.getByTestId('edit-rule-cn.quiet-hours').click();
    const form = page.getByTestId('rule-edit-form');
    await form.waitFor();
    const start = form.getByLabel('quietWindow 开始');
    expect(await start.inputValue()).toBe('22:00');
    expect(await form.getByLabel('quietWindow 结束').inputValue()).toBe('08:00');
    await start.fill('23:00');
    await form.getByLabel('修改原因').fill('e2e:试图放宽夜间静默时段');
    await page.getByTestId('rule-edit-save').click();

    const fieldError = page.getByTestId('param-error-quietWindow');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('只能收紧');
    expect(await page.getByTestId('rule-edit-error').textContent()).toContain('原规则包继续生效');
    await page.waitForTimeout(400); // let the field's error fade in for the screenshot
    await saveScreenshot(page, 'compliance-pack-refused.png');

    await page.getByTestId('rule-edit-cancel').click();
    await form.waitFor({ state: 'detached' });
    expect(await page.getByTestId('pack-revision').textContent()).toBe(String(revision));
    expect(await rulesRow('cn.quiet-hours').getByTestId('param-value').textContent()).toBe('22:00–08:00');
  });

  it('registers a complaint for a customer and shows it with a running SLA clock', async () => {
    await openTab('投诉与争议');
    await page.getByTestId('complaint-intake-button').click();
    const form = page.getByTestId('complaint-intake-form');
    await form.waitFor();
    await form.getByLabel('客户编号').fill(CUSTOMER_REF);
    await form.getByLabel('内容摘要').fill('e2e:客户来电投诉催收员语气不当');
    // antd spaces out two-character Chinese button labels: 登 记.
    await form.getByRole('button', { name: /^登\s?记$/ }).click();
    await form.waitFor({ state: 'detached' });

    const row = page
      .getByTestId('complaints-table')
      .locator('tr', { hasText: 'e2e:客户来电投诉催收员语气不当' });
    await row.waitFor();
    expect(await row.textContent()).toContain(CUSTOMER_REF);
    const timer = row.getByTestId('sla-timer');
    expect(await timer.textContent()).toMatch(/^剩余 (\d+ 天 )?\d{2}:\d{2}:\d{2}$/);
    expect(await timer.getAttribute('data-sla-state')).toBe('on-time');
    // The clock ticks every second.
    const first = await timer.textContent();
    await expect.poll(() => timer.textContent(), { timeout: 5_000 }).not.toBe(first);
    await saveScreenshot(page, 'compliance-complaints.png');

    // Intake holds contact with the customer until the complaint is resolved.
    await openTab('暂停');
    const hold = page.getByTestId('holds-table').locator('tr', { hasText: CUSTOMER_REF });
    await hold.first().waitFor();
    expect(await hold.first().textContent()).toContain('全部渠道');
  });

  it('screens a text and highlights 坐牢 with its reason', async () => {
    await openTab('内容筛查');
    await page.getByLabel('待筛查文本').fill('再不还钱就让你坐牢');
    await page.getByTestId('screen-submit').click();
    const result = page.getByTestId('screen-result');
    await result.waitFor();
    const marks = page.getByTestId('screen-highlighted').getByTestId('screen-mark');
    expect(await marks.allTextContents()).toEqual(['坐牢']);
    expect(await marks.first().getAttribute('title')).toBeTruthy();
    expect(await page.getByTestId('screen-highlighted').textContent()).toBe('再不还钱就让你坐牢');
    expect(await page.getByTestId('screen-matches').getByRole('row').count()).toBe(2);
    await saveScreenshot(page, 'compliance-screening.png', { fullPage: true });
  });

  it('pages the decision log with "load more" and opens a decision to its facts (stubbed decisions)', async () => {
    // The real log of a fresh book is empty: the page asks the server and says so.
    await openTab('决策日志');
    const log = page.getByTestId('decision-log');
    await log.getByText('没有符合条件的决策记录').waitFor();

    // Two pages of decisions, stubbed: the first names a cursor, the second ends the list.
    const urls: URL[] = [];
    await page.route('**/api/v1/compliance/decisions?**', async (route) => {
      const url = new URL(route.request().url());
      urls.push(url);
      const more = url.searchParams.get('cursor') === 'page-2';
      await route.fulfill({
        json: more
          ? { items: [decision(3, true)], nextCursor: null }
          : { items: [decision(1, false), decision(2, true)], nextCursor: 'page-2' },
      });
    });
    await log.getByRole('button', { name: '刷新' }).click();
    const table = page.getByTestId('decision-log-table');
    const denied = table.locator(`tr[data-row-key="${decisionId(1)}"]`);
    await denied.waitFor();
    expect(await denied.getByTestId('decision-denied').textContent()).toBe('拦截 · cn.quiet-hours');
    expect(await denied.textContent()).toContain('2026-03-02 22:05:09'); // Asia/Shanghai
    expect(await denied.textContent()).toContain('夜间静默时段不得联系');
    expect(await denied.textContent()).toContain('2026-03-03 08:00:00');
    expect(await denied.textContent()).toContain('cn@2026.1+r1');
    expect(await table.locator(`tr[data-row-key="${decisionId(2)}"]`).textContent()).toContain('允许');

    await denied.getByRole('button', { name: /展开/ }).click();
    const detail = page.getByTestId('decision-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('a'.repeat(64));
    expect(await detail.textContent()).toContain('GB/T 45251-2025');
    expect(await detail.textContent()).toContain('"debtorTimeZones"');
    await saveScreenshot(page, 'compliance-decisions.png');

    await page.getByTestId('decision-log-more').click();
    await table.locator(`tr[data-row-key="${decisionId(3)}"]`).waitFor();
    expect(urls.at(-1)?.searchParams.get('cursor')).toBe('page-2');
    expect(await page.getByTestId('decision-log-more').isDisabled()).toBe(true);

    // 拦截记录 is the same list fixed to denied decisions.
    await openTab('拦截记录');
    await page
      .getByTestId('blocked-attempts-table')
      .locator(`tr[data-row-key="${decisionId(1)}"]`)
      .waitFor();
    expect(urls.at(-1)?.searchParams.get('allowed')).toBe('false');
    await page.unroute('**/api/v1/compliance/decisions?**');
  });

  it('lets an auditor read the pack but not change it', async () => {
    await session.context.clearCookies();
    await page.goto(session.harness.baseUrl);
    await logIn(page, 'auditor');
    await page.getByTestId('side-menu').getByRole('link', { name: '合规中心' }).click();
    await page.waitForURL(/\/compliance$/);
    await rulesRow('cn.messages-per-day').waitFor();
    expect(await page.getByTestId('pack-revision').textContent()).toBe(String(revision));
    expect(await page.getByTestId('edit-rule-cn.messages-per-day').count()).toBe(0);
    await openTab('暂停');
    await page.getByTestId('holds-table').waitFor();
    expect(await page.getByTestId('place-hold-button').count()).toBe(0);
  });

  it('raised no uncaught errors in the page', () => {
    expect(session.pageErrors.map((e) => e.message)).toEqual([]);
  });
});
