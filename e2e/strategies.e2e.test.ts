/**
 * 催收策略 and 消息模板 end to end: the demo strategy manager sees the active default strategy
 * with its m1-first segment described, simulates it (SMS on the first day) over today's book and
 * over yesterday's (模拟基准日, from its daily snapshot; a date with no snapshot is refused in
 * words), makes a draft from it, breaks a segment in the JSON and saves it into the same draft,
 * and is refused on submit with the gap listed; then writes a new SMS template text with 坐牢
 * and sees the screening match in the live preview.
 */
import { addDays } from '@huikuan/domain';
import { type Page, request as playwrightRequest } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, describeInBrowser, logIn, menuTexts, saveScreenshot, useSession } from './session.js';

/**
 * Runs yesterday and then the business date as the administrator (through the API) so that the
 * demo book's cases open and yesterday's snapshot exists; returns the business date.
 */
async function runTheDay(baseUrl: string): Promise<string> {
  const context = await playwrightRequest.newContext({ baseURL: baseUrl });
  try {
    const login = await context.post('/api/v1/auth/login', {
      data: { username: 'admin', password: DEMO_PASSWORD },
    });
    expect(login.status()).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const { businessDate } = (await (await context.get('/api/v1/system/info')).json()) as {
      businessDate: string;
    };
    for (const asOf of [addDays(businessDate, -1), businessDate]) {
      const run = await context.post('/api/v1/daily-runs', {
        data: { asOf },
        headers: { 'x-csrf-token': csrfToken },
      });
      expect(run.status()).toBe(202);
      const { target } = (await run.json()) as { target: string };
      const status = async () =>
        ((await (await context.get(`/api/v1/daily-runs/${target}`)).json()) as { status?: string }).status;
      await expect.poll(status, { timeout: 30_000, interval: 250 }).toBe('completed');
    }
    return businessDate;
  } finally {
    await context.dispose();
  }
}

describeInBrowser('strategies and templates in Chromium', () => {
  const session = useSession({ loans: 50 });
  let page: Page;
  let businessDate: string;

  beforeAll(() => {
    page = session.page;
  });

  it('shows the active default strategy with segment m1-first described', async () => {
    businessDate = await runTheDay(session.harness.baseUrl);
    await page.goto(session.harness.baseUrl);
    await logIn(page, 'strategy');
    const menu = await menuTexts(page);
    expect(menu).toContain('催收策略');
    expect(menu).toContain('消息模板');
    await page.getByTestId('side-menu').getByRole('link', { name: '催收策略' }).click();
    await page.waitForURL(/\/strategies$/);
    await page.getByRole('heading', { name: '催收策略' }).waitFor();

    const active = page.getByTestId('strategy-versions').locator('tr', { hasText: '生效中' });
    await active.waitFor();
    expect(await active.textContent()).toContain('default');
    await active.getByRole('link', { name: 'default' }).click();
    await page.getByTestId('strategy-detail').waitFor();
    const m1 = page.getByTestId('segment-m1-first');
    await m1.waitFor();
    expect(await m1.getByTestId('segment-condition').textContent()).toBe('1 ≤ DPD ≤ 30 且 历史逾期次数 = 0');
    expect(await m1.textContent()).toContain('sms.m1.reminder');
    await saveScreenshot(page, 'strategies-detail.png');
  });

  it('simulates the active version and shows SMS on day 1', async () => {
    await page.getByTestId('strategy-tabs').getByRole('tab', { name: '模拟' }).click();
    await page.getByTestId('simulate-button').click();
    const byDay = page.getByTestId('simulation-by-day');
    await byDay.waitFor();
    expect(await byDay.locator('thead').textContent()).toContain('短信');
    const firstDaySms = byDay.locator('tbody tr').first().getByTestId('by-day-sms');
    expect(Number(await firstDaySms.textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('simulation-by-segment').textContent()).toContain('m1-first');
    await saveScreenshot(page, 'strategies-simulation.png');
  });

  /** Picks 模拟基准日 in the simulation form and runs it. */
  async function simulateAsOf(date: string) {
    const picker = page.getByTestId('simulation').getByLabel('模拟基准日');
    await picker.click();
    await picker.fill(date);
    await picker.press('Enter');
    await page.getByTestId('simulate-button').click();
  }

  it('simulates the book as of yesterday from its snapshot, and refuses a date with no snapshot in words', async () => {
    const yesterday = addDays(businessDate, -1);
    await simulateAsOf(yesterday);
    const summary = page.getByTestId('simulation-summary');
    await expect.poll(() => summary.textContent()).toContain(`基准日 ${yesterday}`);
    const firstDay = page.getByTestId('simulation-by-day').locator('tbody tr').first();
    expect(await firstDay.textContent()).toContain(yesterday);
    await saveScreenshot(page, 'strategies-simulation-as-of.png');

    await simulateAsOf(addDays(businessDate, -2));
    const error = page.getByTestId('simulation-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('没有日终快照');
  });

  it('makes a draft, breaks a segment in the JSON, saves it into the same draft and is refused on submit with the gap listed', async () => {
    await page.getByTestId('strategy-copy').click();
    await page.getByTestId('strategy-detail').getByText('草稿', { exact: true }).waitFor();
    await page.getByTestId('strategy-tabs').getByRole('tab', { name: '编辑草稿' }).click();
    const json = page.getByTestId('draft-json');
    await json.waitFor();
    const definition = JSON.parse(await json.inputValue()) as {
      segments: { code: string; condition: unknown }[];
    };
    const m1 = definition.segments.find((s) => s.code === 'm1-first');
    if (!m1) throw new Error('m1-first missing from the draft');
    m1.condition = { field: 'dpd', op: 'gte', value: 999 };
    await json.fill(JSON.stringify(definition, null, 2));
    const draftTitle = await page.getByTestId('strategy-detail-title').textContent();
    await page.getByTestId('draft-save').click();
    // Saved into the same draft (same version), which now shows the gap.
    await page.getByTestId('strategy-validation').waitFor();
    expect(await page.getByTestId('strategy-detail-title').textContent()).toBe(draftTitle);

    await page.getByTestId('strategy-submit').click();
    const error = page.getByTestId('strategy-action-error');
    await error.waitFor();
    const text = await error.textContent();
    expect(text).toContain('没有分群覆盖');
    expect(text).toContain('segments');
    await saveScreenshot(page, 'strategies-submit-refused.png');
  });

  it('previews a new SMS template text and marks the screened phrase 坐牢', async () => {
    await page.getByTestId('side-menu').getByRole('link', { name: '消息模板' }).click();
    await page.waitForURL(/\/templates$/);
    await page.getByTestId('templates-table').locator('tr', { hasText: 'sms.m1.reminder' }).first().waitFor();
    await page.getByTestId('template-create').click();
    const editor = page.getByTestId('template-editor');
    await editor.waitFor();
    await editor.getByLabel('模板代码').fill('sms.e2e.threat');
    await editor.getByLabel('正文').fill('【{{institutionName}}】{{debtorName}},再不还款就让你坐牢。');
    const mark = editor.getByTestId('template-highlighted').getByTestId('template-mark');
    await mark.first().waitFor();
    expect(await mark.first().textContent()).toContain('坐牢');
    expect(await editor.getByTestId('template-screening').textContent()).toContain('坐牢');
    await saveScreenshot(page, 'templates-preview.png');
  });

  it('raised no uncaught errors in the page', () => {
    expect(session.pageErrors.map((e) => e.message)).toEqual([]);
  });
});
