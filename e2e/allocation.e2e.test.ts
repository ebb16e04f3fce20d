/**
 * 分案 allocation in the team console, end to end, as issue 6 tells it: the team lead writes a
 * rule (the server's refusal of a bad amount range shows under the field), the daily step
 * allocates the pool by it, the lead reassigns a case to another collector (who then finds it in
 * their queue), is told when a case changed under them (409, the list reloads), moves several
 * cases at once (all or nothing: a stale case is named next to its row and nothing moves), returns
 * a case to the pool with a reason; a collector asks for a 停催 suspension on their case page and
 * the lead approves it (four eyes: the lead's own request is refused with the server's message),
 * then releases it; the settings refuse an out-of-range value under the field; English.
 *
 * The rule targets the EARLY team only, so collector3 (MIDDLE) holds nothing until the lead gives
 * them a case: their queue then holds exactly what the lead gave.
 */
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertBrowserAvailable, launchBrowser } from './browser.js';
import { startHuikuan } from './harness.js';
import { DEMO_PASSWORD, describeInBrowser, logIn, saveScreenshot } from './session.js';

type BusinessDate = Parameters<
  Awaited<ReturnType<typeof startHuikuan>>['services']['dailyRun']['runUpTo']
>[0];

describeInBrowser('allocation (分案) in the team console in Chromium', () => {
  let huikuan: Awaited<ReturnType<typeof startHuikuan>> | undefined;
  let browser: Browser | undefined;
  let leadContext: BrowserContext;
  let lead: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: Error[] = [];
  let businessDate = '';
  const userIds: Record<string, string> = {};

  beforeAll(async () => {
    assertBrowserAvailable(); // HUIKUAN_REQUIRE_BROWSER=1 without Chromium fails here
    huikuan = await startHuikuan({ loans: 200 });
    const { services, database } = huikuan;
    businessDate = await services.system.businessDate();
    // The day's run opens the cases; with no rule yet, nobody holds them (the pool).
    await services.dailyRun.runUpTo(businessDate as BusinessDate);
    const { rows } = await sql<{ id: string; username: string }>`
      SELECT id, username FROM app_user WHERE username IN ('lead', 'collector1', 'collector2', 'collector3')`.execute(
      database.db,
    );
    for (const row of rows) userIds[row.username] = row.id;

    browser = await launchBrowser();
    leadContext = await newContext();
    lead = await newPage(leadContext);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await huikuan?.stop();
  }, 60_000);

  const baseUrl = () => huikuan!.baseUrl;

  async function newContext() {
    const context = await browser!.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    contexts.push(context);
    return context;
  }

  async function newPage(context: BrowserContext) {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => pageErrors.push(error));
    return page;
  }

  /** An API session of a demo user, apart from the browser pages. */
  async function apiAs(username: string) {
    const request = await browser!.newContext().then((c) => c.request);
    const login = await request.post(`${baseUrl()}/api/v1/auth/login`, {
      data: { username, password: DEMO_PASSWORD },
    });
    expect(login.status()).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    return {
      get: async <T>(path: string) => {
        const res = await request.get(`${baseUrl()}/api/v1${path}`);
        expect(res.status(), path).toBe(200);
        return (await res.json()) as T;
      },
      post: (path: string, data: unknown) =>
        request.post(`${baseUrl()}/api/v1${path}`, { data, headers: { 'x-csrf-token': csrfToken } }),
    };
  }

  /** Open cases a user holds, largest overdue amount first (the daily step's order). */
  async function casesHeldBy(username: string): Promise<{ caseId: string; loanRef: string }[]> {
    const { rows } = await sql<{ case_id: string; loan_ref: string }>`
      SELECT cc.id AS case_id, l.source_ref AS loan_ref
        FROM collection_case cc JOIN loan l ON l.id = cc.loan_id
       WHERE cc.status = 'open' AND cc.holder_user_id = ${userIds[username]}::uuid
       ORDER BY l.source_ref`.execute(huikuan!.database.db);
    return rows.map((r) => ({ caseId: r.case_id, loanRef: r.loan_ref }));
  }

  /** The visible dropdown's option with this text. */
  const option = (page: Page, text: string) =>
    page.locator('.ant-select-dropdown:visible').getByText(text, { exact: true });

  const table = () => lead.getByTestId('allocation-table');
  const row = (caseId: string) => table().locator(`tr[data-row-key="${caseId}"]`);
  const holderOf = (caseId: string) => row(caseId).getByTestId('allocation-holder').textContent();

  /** Opens the 分案 tab and waits for its rows. */
  async function openCasesTab() {
    await lead.goto(`${baseUrl()}/team?tab=cases`);
    await table().locator('tr[data-row-key]').first().waitFor();
    await expect.poll(() => table().getByTestId('allocation-holder').allTextContents()).not.toContain('…');
  }

  /** Shows only one collector's cases (so the rows to select are on the first page). */
  async function filterHolder(name: string) {
    await openSelect(lead, lead.getByTestId('allocation-holder-filter'));
    await option(lead, name).click();
    await expect.poll(() => lead.getByTestId('allocation-holder-filter').textContent()).toBe(name);
  }

  /** Opens a select's dropdown (a click during a re-render may be lost: then it clicks again). */
  async function openSelect(page: Page, field: ReturnType<Page['getByTestId']>) {
    for (let attempt = 0; attempt < 5; attempt++) {
      await field.click();
      const opened = await page
        .locator('.ant-select-dropdown:visible')
        .first()
        .waitFor({ timeout: 2_000 })
        .then(() => true)
        .catch(() => false);
      if (opened) return;
    }
    throw new Error('The select did not open');
  }

  /** Ticks a case's row and waits until the selection counts it. */
  async function select(caseId: string) {
    const before = await lead.getByTestId('allocation-selected').textContent();
    const count = Number(/\d+/.exec(before ?? '')?.[0] ?? 0);
    await row(caseId).locator('input[type="checkbox"]').check();
    await expect
      .poll(() => lead.getByTestId('allocation-selected').textContent())
      .toBe(`已选 ${count + 1} 件`);
  }

  /** Closes an open select's dropdown and waits until it is gone. */
  async function closeDropdown(page: Page) {
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  }

  /** Picks an option of a (multiple) select and waits until the select shows it chosen. */
  async function pick(page: Page, field: ReturnType<Page['getByLabel']>, text: string) {
    if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) await field.click();
    await option(page, text).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option-selected', { hasText: text })
      .first()
      .waitFor();
  }

  it('lets the team lead write a rule; a bad amount range is refused under the field', async () => {
    await lead.goto(baseUrl());
    await logIn(lead, 'lead');
    await lead.getByTestId('side-menu').getByRole('link', { name: '团队看板' }).click();
    await lead.waitForURL(/\/team$/);
    await lead.getByRole('tab', { name: '规则与设置' }).click();
    await lead.waitForURL(/\/team\?tab=rules$/);
    const rules = lead.getByTestId('rules-table');
    await rules.getByText('尚无分案规则:日终批处理不会自动分案').waitFor();

    await lead.getByTestId('rule-add').click();
    const form = lead.getByTestId('rule-form');
    await form.getByLabel('名称').fill('E2E 早期与中期轮询');
    await pick(lead, form.getByLabel('阶段'), 'M1 早期');
    await pick(lead, form.getByLabel('阶段'), 'M2 中期');
    await closeDropdown(lead);
    await pick(lead, form.getByLabel('团队'), '早期催收组 (M1)');
    await closeDropdown(lead);
    await form.getByLabel('最低逾期金额(元)').fill('5000');
    await form.getByLabel('最高逾期金额(元)').fill('100');
    await lead.getByTestId('rule-save').click();
    const maxError = form.locator('#rule_maxOwed_help');
    await maxError.waitFor();
    expect((await maxError.textContent())?.length).toBeGreaterThan(0);
    await saveScreenshot(lead, 'allocation-rule-refused.png');

    // Without an amount condition the rule matches every early and middle case.
    await form.getByLabel('最低逾期金额(元)').fill('');
    await form.getByLabel('最高逾期金额(元)').fill('');
    await lead.getByTestId('rule-save').click();
    await lead.getByText('规则已保存').waitFor();
    const saved = rules.locator('tr[data-row-key]');
    await expect.poll(() => saved.count()).toBe(1);
    expect(await saved.first().textContent()).toContain('E2E 早期与中期轮询');
    expect(await saved.first().getByTestId('rule-conditions').textContent()).toBe('阶段 M1 早期、M2 中期');
    expect(await saved.first().textContent()).toContain('早期催收组 (M1)');
    await saveScreenshot(lead, 'allocation-rules.png');
  });

  it('refuses an out-of-range setting under its field, saves a good one and a collector’s capacity', async () => {
    const settings = lead.getByTestId('allocation-settings');
    const days = settings.getByLabel('无进展自动回收重分(天,0 为不回收)');
    await expect.poll(() => days.inputValue()).toBe('30');
    await days.fill('400');
    await lead.getByTestId('policy-save').click();
    const daysError = settings.locator('#allocationPolicy_reallocateAfterDays_help');
    await daysError.waitFor();
    expect(await daysError.textContent()).toContain('0–365');
    await days.fill('45');
    await lead.getByTestId('policy-save').click();
    await lead.getByText('分案设置已保存').waitFor();
    await expect.poll(() => daysError.count()).toBe(0);

    const capacity = lead.getByRole('spinbutton', { name: '催收员 张伟 的产能' });
    await capacity.fill('250');
    await lead.getByRole('button', { name: '保存 催收员 张伟 的产能' }).click();
    await lead.getByText('催收员 张伟 的产能已设为 250').waitFor();
    await saveScreenshot(lead, 'allocation-settings.png', { fullPage: true });
    const admin = await apiAs('admin');
    const policy = await admin.get<{ reallocateAfterDays: number }>('/settings/allocation-policy');
    expect(policy.reallocateAfterDays).toBe(45);
  });

  it('allocates the pool by the rule in the daily step, and shows each case’s holder', async () => {
    const result = await huikuan!.services.allocation.allocateDay(businessDate as BusinessDate);
    expect(result.allocated).toBeGreaterThan(4);
    const one = await casesHeldBy('collector1');
    const two = await casesHeldBy('collector2');
    expect(one.length).toBeGreaterThan(2);
    expect(two.length).toBeGreaterThan(2);
    // Round robin: nobody has more than one case more than the other.
    expect(Math.abs(one.length - two.length)).toBeLessThanOrEqual(1);
    expect(await casesHeldBy('collector3')).toHaveLength(0);

    await openCasesTab();
    // The list holds the pool too (largest overdue first): each holder's cases by the filter.
    await filterHolder('催收员 李娜');
    expect(await holderOf(one[0]!.caseId)).toBe('催收员 李娜');
    await filterHolder('催收员 张伟');
    expect(await holderOf(two[0]!.caseId)).toBe('催收员 张伟');
    await filterHolder('全部持有人');
    await saveScreenshot(lead, 'allocation-cases.png');
  });

  it('reassigns one case to collector3, who then finds it in their queue', async () => {
    const [moved] = await casesHeldBy('collector1');
    await filterHolder('催收员 李娜');
    await select(moved!.caseId);
    await lead.getByTestId('allocation-reassign').click();
    const form = lead.getByTestId('reassign-form');
    await form.getByLabel('接收催收员').click();
    // Only active collectors are offered, each with their load and capacity.
    await option(lead, '催收员 刘洋 · 在催 0/300').click();
    await form.getByLabel('备注').fill('E2E 手工分案');
    await saveScreenshot(lead, 'allocation-reassign.png');
    await lead.getByTestId('reassign-submit').click();
    await lead.getByText('已将 1 件案件调给 催收员 刘洋').waitFor();
    await filterHolder('催收员 刘洋');
    await expect.poll(() => holderOf(moved!.caseId)).toBe('催收员 刘洋');
    await filterHolder('全部持有人');

    const collector = await newPage(await newContext());
    await collector.goto(baseUrl());
    await logIn(collector, 'collector3');
    await collector.getByTestId('side-menu').getByRole('link', { name: '我的工作台' }).click();
    const queue = collector.getByTestId('queue-table').locator('tr[data-row-key]');
    await expect.poll(() => queue.count()).toBe(1);
    expect(await queue.first().getAttribute('data-row-key')).toBe(moved!.caseId);
    await saveScreenshot(collector, 'allocation-collector3-queue.png');
  });

  it('says when a case changed under the lead (409) and reloads the list', async () => {
    await openCasesTab();
    const [stale] = await casesHeldBy('collector2');
    await filterHolder('催收员 张伟');
    await select(stale!.caseId);
    // Meanwhile someone else gives the case to collector1: the version the lead read is stale.
    const admin = await apiAs('admin');
    const now = await admin.get<{ version: number }>(`/cases/${stale!.caseId}/allocation`);
    const moved = await admin.post(`/cases/${stale!.caseId}/assign`, {
      userId: userIds.collector1,
      expectedVersion: now.version,
    });
    expect(moved.status()).toBe(200);

    await lead.getByTestId('allocation-reassign').click();
    await lead.getByTestId('reassign-form').getByLabel('接收催收员').click();
    await option(lead, '催收员 刘洋 · 在催 1/300').click();
    await lead.getByTestId('reassign-submit').click();
    const conflict = lead.getByTestId('allocation-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(/已被他人修改\(当前版本 \d+\),请刷新后重试/);
    expect(await conflict.textContent()).toContain('列表已刷新');
    await expect.poll(() => lead.getByTestId('allocation-selected').textContent()).toBe('已选 0 件');
    await filterHolder('催收员 李娜');
    await expect.poll(() => holderOf(stale!.caseId)).toBe('催收员 李娜');
    await filterHolder('全部持有人');
    await saveScreenshot(lead, 'allocation-conflict.png');
  });

  it('moves several cases at once, all or nothing: a stale case is named next to its row', async () => {
    await openCasesTab();
    const [a, b] = await casesHeldBy('collector2');
    await filterHolder('催收员 张伟');
    for (const item of [a!, b!]) await select(item.caseId);
    // One of the two goes to collector1 before the lead submits: the lead's version is stale.
    const admin = await apiAs('admin');
    const now = await admin.get<{ version: number }>(`/cases/${b!.caseId}/allocation`);
    const touched = await admin.post(`/cases/${b!.caseId}/assign`, {
      userId: userIds.collector1,
      expectedVersion: now.version,
    });
    expect(touched.status()).toBe(200);
    await lead.getByTestId('allocation-reassign').click();
    const form = lead.getByTestId('reassign-form');
    await pick(lead, form.getByLabel('接收催收员(可多选,按方式分配)'), '催收员 刘洋 · 在催 1/300');
    await closeDropdown(lead);
    await lead.getByTestId('reassign-submit').click();
    const problem = row(b!.caseId).getByTestId('allocation-row-error');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('已被他人修改');
    expect(await lead.getByTestId('allocation-conflict').textContent()).toContain('未做任何更改');
    expect(await row(a!.caseId).getByTestId('allocation-row-error').count()).toBe(0);
    await expect.poll(() => lead.locator('.ant-modal:visible').count()).toBe(0);
    await saveScreenshot(lead, 'allocation-bulk-refused.png');
    // Nothing moved.
    expect((await casesHeldBy('collector2')).map((x) => x.caseId)).toContain(a!.caseId);

    // Read again, and spread three of collector2's cases over collector1 and collector3 by round robin.
    await openCasesTab();
    const three = (await casesHeldBy('collector2')).slice(0, 3);
    const held1Before = (await casesHeldBy('collector1')).length;
    await filterHolder('催收员 张伟');
    for (const item of three) await select(item.caseId);
    await expect.poll(() => lead.getByTestId('allocation-selected').textContent()).toBe('已选 3 件');
    await lead.getByTestId('allocation-reassign').click();
    const receivers = form.getByLabel('接收催收员(可多选,按方式分配)');
    await pick(lead, receivers, `催收员 李娜 · 在催 ${held1Before}/300`);
    await pick(lead, receivers, '催收员 刘洋 · 在催 1/300');
    await closeDropdown(lead);
    await saveScreenshot(lead, 'allocation-bulk.png');
    await lead.getByTestId('reassign-submit').click();
    await lead.getByText('已将 3 件案件调给 催收员 李娜、催收员 刘洋').waitFor();
    const held1 = (await casesHeldBy('collector1')).map((x) => x.caseId);
    const held3 = (await casesHeldBy('collector3')).map((x) => x.caseId);
    for (const item of three) expect([...held1, ...held3]).toContain(item.caseId);
    // Round robin over two collectors: one gets two of the three, the other one.
    const toThree = three.filter((x) => held3.includes(x.caseId)).length;
    expect([1, 2]).toContain(toThree);
  });

  it('returns a case to the pool with a reason', async () => {
    await openCasesTab();
    // collector1 holds cases whatever the bulk move took (it received some of them).
    const [back] = await casesHeldBy('collector1');
    await filterHolder('催收员 李娜');
    await select(back!.caseId);
    await lead.getByTestId('allocation-return').click();
    await lead.getByTestId('return-submit').click();
    await lead.getByTestId('return-form').getByText('必填').waitFor();
    await lead.getByTestId('return-form').getByLabel('退案原因').fill('客户已搬迁至外省,需重新分案');
    await lead.getByTestId('return-submit').click();
    await lead.getByText('已退回 1 件案件到待分配池').waitFor();
    // Out of the team: the list no longer shows it, and nobody holds it.
    await expect.poll(() => row(back!.caseId).count()).toBe(0);
    const admin = await apiAs('admin');
    const now = await admin.get<{ holder: unknown }>(`/cases/${back!.caseId}/allocation`);
    expect(now.holder).toBeNull();
    const history = await admin.get<{ items: { reason: string; note: string | null }[] }>(
      `/cases/${back!.caseId}/assignments`,
    );
    expect(history.items.some((h) => h.reason === 'return' && h.note === '客户已搬迁至外省,需重新分案')).toBe(
      true,
    );
  });

  it('lets a collector ask for a suspension on the case page; the lead approves it, not their own, and releases it', async () => {
    const [target] = await casesHeldBy('collector1');
    const [own] = (await casesHeldBy('collector1')).slice(-1);
    const collector = await newPage(await newContext());
    await collector.goto(baseUrl());
    await logIn(collector, 'collector1');
    await collector.goto(`${baseUrl()}/workstation/cases/${target!.caseId}`);
    await collector.getByTestId('case-page').waitFor();
    await collector.getByTestId('request-suspension').click();
    const form = collector.getByTestId('suspension-form');
    await form.getByLabel('停催类型').click();
    await option(collector, '经济困难').click();
    await form.getByLabel('申请原因').fill('客户失业,提供了失业证明');
    await saveScreenshot(collector, 'allocation-suspension-request.png');
    await collector.getByTestId('suspension-submit').click();
    await collector.getByText('停催申请已提交,待主管审批').waitFor();
    expect(await collector.getByTestId('case-suspension').getAttribute('data-status')).toBe('requested');

    // The lead asks for one too (on another case): they may not approve it themselves.
    const leadApi = await apiAs('lead');
    const ownRequest = await leadApi.post(`/cases/${own!.caseId}/suspensions`, {
      kind: 'dispute',
      reason: '客户对欠款金额有异议',
    });
    expect(ownRequest.status()).toBe(201);

    await lead.goto(`${baseUrl()}/team?tab=suspensions`);
    const list = lead.getByTestId('suspensions-table');
    const collectorsRow = list.locator('tr[data-row-key]', { hasText: target!.loanRef });
    const leadsRow = list.locator('tr[data-row-key]', { hasText: own!.loanRef });
    await collectorsRow.waitFor();
    await leadsRow.waitFor();
    expect(await collectorsRow.textContent()).toContain('经济困难');
    await saveScreenshot(lead, 'allocation-suspensions.png');

    await leadsRow.getByTestId('suspension-approve').click();
    const refusal = lead.getByTestId('suspension-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('停催须由申请人以外的另一人审批(双人复核)');
    expect(await leadsRow.getByTestId('suspension-status').getAttribute('data-status')).toBe('requested');
    await saveScreenshot(lead, 'allocation-suspension-four-eyes.png');

    // The requesting collector may not decide at all.
    const suspensionId = await collectorsRow.getAttribute('data-row-key');
    const collectorApi = await apiAs('collector1');
    expect((await collectorApi.post(`/suspensions/${suspensionId}/approve`, {})).status()).toBe(403);

    await collectorsRow.getByTestId('suspension-approve').click();
    await lead.getByText('已批准停催,该客户的所有联系已暂停').waitFor();
    await expect.poll(() => collectorsRow.count()).toBe(0);

    await lead.getByTestId('suspensions').locator('.ant-segmented-item', { hasText: '停催中' }).click();
    const approved = list.locator(`tr[data-row-key="${suspensionId}"]`);
    await approved.waitFor();
    expect(await approved.getByTestId('suspension-status').getAttribute('data-status')).toBe('approved');
    const admin = await apiAs('admin');
    await approved.getByTestId('suspension-release').click();
    await lead.getByTestId('suspension-text').fill('客户已重新就业');
    await lead.getByTestId('suspension-confirm').click();
    await lead.getByText('已解除停催,可以恢复联系').waitFor();
    await expect.poll(() => approved.count()).toBe(0);
    const after = await admin.get<{ items: { id: string; status: string }[] }>(
      `/cases/${target!.caseId}/suspensions`,
    );
    expect(after.items.find((s) => s.id === suspensionId)?.status).toBe('released');
  });

  it('says the same in English', async () => {
    await lead.goto(`${baseUrl()}/team?tab=cases`);
    await lead.getByTestId('language-switch').getByText('English').click();
    await lead.getByRole('tab', { name: 'Allocation' }).waitFor();
    await lead.getByRole('button', { name: 'Reassign' }).waitFor();
    await lead.getByText('Open cases of my teams').first().waitFor();
    await lead.getByRole('tab', { name: 'Rules and settings' }).click();
    await lead.getByText('E2E 早期与中期轮询').waitFor();
    await lead.getByText('Stages M1 early、M2 middle').waitFor();
    await saveScreenshot(lead, 'allocation-rules-en.png');
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
