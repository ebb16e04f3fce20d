/**
 * 触达发件箱 and 冠军/挑战者 end to end. The administrator runs the first day of the demo book: the
 * run plans each open case's day (M1 day-1 reminders among them) and dispatch sends the due
 * messages through the compliance gate into the sandbox outbox, where the page lists an SMS to a
 * masked number naming the institution, and its drawer shows the case's planned actions with
 * their why in the UI language. A strategy manager is refused an experiment whose shares add up
 * to 90% — the message shows under the variants — then starts one at 60/40, sees its results
 * and A/A check, and stops it.
 *
 * Dispatch sends messages from 09:00 institution time and the gate keeps the quiet hours
 * (22:00–08:00), while the server's clock stands still in tests. So this file starts Huikuan
 * (harness.ts) on a clock at a daytime instant — now in Shanghai's daytime, otherwise the next
 * noon — and sends the due messages with `services.dispatch.sendDue()`, as the every-minute job
 * does, instead of waiting for the job.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertBrowserAvailable, launchBrowser } from './browser.js';
import { startHuikuan } from './harness.js';
import { describeInBrowser, logIn, menuTexts, saveScreenshot } from './session.js';

/** 138****5678: an SMS recipient as the outbox shows it. */
const MASKED_MOBILE = /^1\d{2}\*{4}\d{4}$/;
const WALL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
/** Started through the API before the first planning, so its arms get the day's new cases. */
const SPLIT = 'e2e-m1-split';
/** Started in the browser by the strategy manager. */
const EXPERIMENT = 'e2e-m2-cadence';

/** Now when it is between 11:00 and 19:00 in Shanghai (and so 09:00–17:00 in Urumqi), else the next noon. */
function daytimeInShanghai(now = new Date()): Date {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(
      now,
    ),
  );
  if (hour >= 11 && hour < 19) return now;
  const noon = new Date(now);
  noon.setUTCHours(4, 0, 0, 0); // 12:00 in Shanghai (UTC+8, no daylight saving)
  if (noon <= now) noon.setUTCDate(noon.getUTCDate() + 1);
  return noon;
}

describeInBrowser('outbox and champion/challenger in Chromium', () => {
  let huikuan: Awaited<ReturnType<typeof startHuikuan>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: Error[] = [];
  let institution = '';
  let versionId = '';

  beforeAll(async () => {
    assertBrowserAvailable(); // HUIKUAN_REQUIRE_BROWSER=1 without Chromium fails here
    huikuan = await startHuikuan({ loans: 150, start: daytimeInShanghai() });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await huikuan?.stop();
  }, 60_000);

  const baseUrl = () => huikuan!.baseUrl;
  const api = (path: string) => `${baseUrl()}/api/v1${path}`;
  /** The CSRF token of the page's session (the hk_csrf cookie), for writes through page.request. */
  const csrfToken = async () => {
    const cookie = (await context.cookies()).find((c) => c.name === 'hk_csrf');
    if (!cookie) throw new Error('No hk_csrf cookie: not logged in');
    return decodeURIComponent(cookie.value);
  };
  const outboxRows = () => page.getByTestId('outbox-table').locator('tr[data-row-key]');
  /** An M1 reminder SMS in the outbox. */
  const reminderRow = () =>
    outboxRows()
      .filter({ has: page.locator('[data-channel="sms"]') })
      .filter({ has: page.getByTestId('outbox-template').getByText('sms.m1.reminder', { exact: true }) })
      .first();

  it("runs the demo book's first day as admin; dispatch sends the due reminders into the outbox", async () => {
    await page.goto(baseUrl());
    await logIn(page, 'admin');
    const menu = await menuTexts(page);
    expect(menu.indexOf('触达发件箱')).toBe(menu.indexOf('客户查询') + 1);
    expect(menu).toContain('冠军/挑战者');
    // The header names the institution once /system/info answers (the app's name until then).
    await expect.poll(() => page.getByTestId('institution-name').textContent()).not.toBe('回款');
    institution = (await page.getByTestId('institution-name').textContent()) ?? '';
    expect(institution).not.toBe('');

    // An experiment on the M1 first-timers before the first planning, so it gets cases: both
    // arms run the default strategy (what planning installs; installed here ahead of it).
    const { services } = huikuan!;
    await services.uow.transaction((r) => services.dispatch.ensureDefaults(r));
    versionId = (await services.uow.repositories.dispatch.activeStrategy('default'))!.id;
    const split = await page.request.post(api('/experiments'), {
      headers: { 'x-csrf-token': await csrfToken() },
      data: {
        code: SPLIT,
        segmentCode: 'm1-first',
        variants: [
          { id: 'champion', shareBps: 5_000, strategyVersionId: versionId },
          { id: 'challenger', shareBps: 5_000, strategyVersionId: versionId },
        ],
      },
    });
    expect(split.status()).toBe(201);

    // The first daily run (queued for the workers) plans the day after it completes.
    const started = await page.request.post(api('/daily-runs'), {
      headers: { 'x-csrf-token': await csrfToken() },
      data: {},
    });
    expect(started.status()).toBe(202);
    const { target } = (await started.json()) as { target: string };
    await expect
      .poll(
        async () =>
          ((await (await page.request.get(api(`/daily-runs/${target}`))).json()) as { status?: string })
            .status,
        { timeout: 60_000, interval: 500 },
      )
      .toBe('completed');

    // What the every-minute dispatch job does, now.
    await huikuan!.services.dispatch.sendDue();

    await page.getByTestId('side-menu').getByRole('link', { name: '触达发件箱' }).click();
    await page.waitForURL(/\/outbox$/);
    await page.getByRole('heading', { name: '触达发件箱' }).waitFor();
    expect(await page.getByTestId('outbox-sandbox-notice').textContent()).toContain(
      '演示环境:消息未真正发出,进入此发件箱',
    );
    // The every-minute dispatch job may have leased the due messages first and still be sending
    // them (on a busy CI machine, for a while): send what is due again and refresh until one shows.
    await expect
      .poll(
        async () => {
          if ((await reminderRow().count()) === 0) {
            await huikuan!.services.dispatch.sendDue();
            await page.getByTestId('outbox-refresh').click();
          }
          return reminderRow().count();
        },
        { timeout: 120_000, interval: 2000 },
      )
      .toBeGreaterThan(0);

    const row = reminderRow();
    expect(await row.getByTestId('outbox-channel').textContent()).toBe('短信');
    expect(await row.getByTestId('outbox-to').textContent()).toMatch(MASKED_MOBILE);
    expect(await row.getByTestId('outbox-body').textContent()).toContain(institution);
    expect(await row.getByTestId('outbox-received-at').textContent()).toMatch(WALL_TIME);
    // Every SMS recipient is masked.
    const smsTo = await outboxRows()
      .filter({ has: page.locator('[data-channel="sms"]') })
      .getByTestId('outbox-to')
      .allTextContents();
    expect(smsTo.length).toBeGreaterThan(0);
    for (const to of smsTo) expect(to).toMatch(MASKED_MOBILE);
    await saveScreenshot(page, 'outbox.png');
  }, 240_000);

  it("opens the message's case: its planned actions with status, due time and why", async () => {
    const row = reminderRow();
    const to = (await row.getByTestId('outbox-to').textContent()) ?? '';
    await row
      .getByRole('button', { name: new RegExp(`^查看发给 ${to.replaceAll('*', '\\*')} 的消息`) })
      .click();
    const drawer = page.getByTestId('case-actions-drawer');
    await drawer.waitFor();
    await page.getByRole('dialog').getByText('案件计划动作').waitFor();
    const whys = drawer.getByTestId('action-why');
    await whys.first().waitFor();
    const lines = await whys.allTextContents();
    expect(lines.some((line) => line.startsWith('M1 · '))).toBe(true);
    expect(lines.some((line) => /第\d+天/.test(line))).toBe(true);
    // The reminder that reached the outbox is sent; due times are in the institution's zone.
    const statuses = await drawer
      .getByTestId('action-status')
      .evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-status')));
    expect(statuses).toContain('sent');
    expect(await drawer.getByTestId('action-status').allTextContents()).toContain('已发送');
    expect(await drawer.getByTestId('action-due-at').first().textContent()).toMatch(WALL_TIME);
    await saveScreenshot(page, 'outbox-actions.png');
  });

  it('says the same in English, the why line included', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('case-actions-drawer').waitFor({ state: 'detached' });
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { name: 'Outbox' }).waitFor();
    expect(await page.getByTestId('outbox-sandbox-notice').textContent()).toContain(
      'Sandbox: messages land here instead of being sent',
    );
    expect(await menuTexts(page)).toContain('Outbox');
    const row = reminderRow();
    expect(await row.getByTestId('outbox-channel').textContent()).toBe('SMS');
    await row.getByRole('button', { name: /^Planned actions of the case of the message to / }).click();
    const drawer = page.getByTestId('case-actions-drawer');
    await page.getByRole('dialog').getByText('Planned actions of the case').waitFor();
    await drawer.getByTestId('action-why').first().waitFor();
    const lines = await drawer.getByTestId('action-why').allTextContents();
    expect(lines.some((line) => line.startsWith('M1 · ') && line.includes('DPD'))).toBe(true);
    expect(await drawer.getByTestId('action-status').allTextContents()).toContain('Sent');
    await saveScreenshot(page, 'outbox-actions-en.png');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByRole('heading', { name: '触达发件箱' }).waitFor();
  });

  it('asks for new messages every 15 seconds', async () => {
    const asked = page.waitForRequest((request) => request.url().includes('/api/v1/outbox?'), {
      timeout: 20_000,
    });
    const since = Date.now();
    await asked;
    expect(Date.now() - since).toBeLessThanOrEqual(16_000);
  });

  it('refuses a strategy manager shares of 60% + 30% at the variants, then starts 60/40 and stops it', async () => {
    await context.clearCookies();
    await page.goto(baseUrl());
    await logIn(page, 'strategy');
    const menu = await menuTexts(page);
    expect(menu).toContain('冠军/挑战者');
    expect(menu).toContain('触达发件箱');
    await page.getByTestId('side-menu').getByRole('link', { name: '冠军/挑战者' }).click();
    await page.waitForURL(/\/experiments$/);
    await page.getByRole('heading', { name: '冠军/挑战者' }).waitFor();
    await page.getByTestId('experiments-table').locator(`tr[data-row-key="${SPLIT}"]`).waitFor();

    await page.getByTestId('start-experiment-button').click();
    const form = page.getByTestId('start-experiment-form');
    await form.waitFor();
    await form.getByLabel('分群代码').fill('m2');
    await form.getByLabel('实验代码').fill(EXPERIMENT);
    await form.locator('#start-experiment_variants_0_sharePercent').fill('60');
    await form.locator('#start-experiment_variants_0_strategyVersionId').fill(versionId);
    await form.locator('#start-experiment_variants_1_sharePercent').fill('30');
    await form.locator('#start-experiment_variants_1_strategyVersionId').fill(versionId);
    await form.getByLabel('实验代码').click(); // closes the segment suggestions, commits the numbers
    expect(await form.getByLabel('分流比例').count()).toBe(2);
    await expect.poll(() => page.getByTestId('start-experiment-total').textContent()).toContain('合计 90%');

    await page.getByRole('button', { name: '提交并开始' }).click();
    const sharesError = page.getByTestId('variants-error');
    await sharesError.waitFor();
    expect(await sharesError.textContent()).toContain('各组分流比例合计为 9000 基点,应为 10000(100%)');
    // Nothing was started.
    const list = (await (await page.request.get(api('/experiments'))).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
    await saveScreenshot(page, 'experiments-shares-refused.png');

    await form.locator('#start-experiment_variants_1_sharePercent').fill('40');
    await form.getByLabel('实验代码').click();
    await page.getByRole('button', { name: '提交并开始' }).click();
    await page.waitForURL(new RegExp(`/experiments/${EXPERIMENT}$`));
    await form.waitFor({ state: 'detached' });

    const detail = page.getByTestId('experiment-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('experiment-status').textContent()).toBe('进行中');
    const results = page.getByTestId('experiment-results');
    await results.locator('tr[data-row-key="champion"]').waitFor();
    expect(await results.locator('tr[data-row-key="challenger"]').textContent()).toContain('40%');
    expect(await results.locator('tr[data-row-key="champion"]').textContent()).toContain('冠军');
    const verdict = page.getByTestId('aa-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/分流(均匀|不均)/);
    expect(await verdict.textContent()).toContain('χ² = ');
    expect(await verdict.textContent()).toMatch(/p [=<] /);
    const row = page.getByTestId('experiments-table').locator(`tr[data-row-key="${EXPERIMENT}"]`);
    expect(await row.textContent()).toContain('m2');
    expect(await row.textContent()).toContain('strategy');
    await saveScreenshot(page, 'experiments-results.png', { fullPage: true });

    await page.getByTestId('stop-experiment').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '停止实验' }).click();
    await expect.poll(() => detail.getByTestId('experiment-status').textContent()).toBe('已停止');
    await expect.poll(() => row.getByTestId('experiment-status').textContent()).toBe('已停止');
    expect(await page.getByTestId('stop-experiment').count()).toBe(0);
  });

  it("shows the split experiment's results: its cases per arm, cure rates with their 95% intervals", async () => {
    await page
      .getByTestId('experiments-table')
      .getByRole('link', { name: `查看实验 ${SPLIT} 的结果` })
      .click();
    await page.waitForURL(new RegExp(`/experiments/${SPLIT}$`));
    const results = page.getByTestId('experiment-results');
    await results.locator('tr[data-row-key="challenger"]').waitFor();
    const answer = (await (await page.request.get(api(`/experiments/${SPLIT}/results`))).json()) as {
      variants: { variantId: string | null; cases: number }[];
    };
    // Planning split the segment's new cases of the day between the two arms.
    expect(answer.variants.reduce((n, v) => n + v.cases, 0)).toBeGreaterThan(0);
    // The page may have loaded its results while planning was still assigning cases: reload it,
    // so it shows at least what the answer above counted (cases only ever join an arm).
    await page.reload();
    await results.locator('tr[data-row-key="challenger"]').waitFor();
    for (const v of answer.variants) {
      const row = results.locator(`tr[data-row-key="${v.variantId}"]`);
      const rate = (await row.getByTestId('cure-rate').textContent()) ?? '';
      if (v.cases > 0) expect(rate).toMatch(/^\d+\.\d% \(\d+\.\d%–\d+\.\d%\)$/);
      else expect(rate).toBe('—');
    }
    if (answer.variants.every((v) => v.cases > 0)) {
      const versus = results.locator('tr[data-row-key="challenger"]').getByTestId('versus-champion');
      expect(await versus.textContent()).toMatch(/个百分点p [=<] /);
    }
    await page.getByTestId('aa-verdict').waitFor();
    await saveScreenshot(page, 'experiments-split-results.png', { fullPage: true });
  });

  it('marks a challenger whose cure rate differs from the champion at p < 0.05 (stubbed results)', async () => {
    const real = (await (await page.request.get(api(`/experiments/${SPLIT}/results`))).json()) as {
      experiment: unknown;
    };
    await page.route(`**/api/v1/experiments/${SPLIT}/results`, (route) =>
      route.fulfill({
        json: {
          experiment: real.experiment,
          variants: [
            {
              variantId: 'champion',
              cases: 400,
              cured: 50,
              cureRate: 0.125,
              cureRateInterval: { lower: 0.0961, upper: 0.1609 },
              recoveredFen: 123_456_789,
              meanRecoveredFen: 308_642,
              contacts: 1_000,
              contactsPerCase: 2.5,
              versusChampion: null,
            },
            {
              variantId: 'challenger',
              cases: 400,
              cured: 76,
              cureRate: 0.19,
              cureRateInterval: { lower: 0.1548, upper: 0.231 },
              recoveredFen: 150_000_000,
              meanRecoveredFen: 375_000,
              contacts: 800,
              contactsPerCase: 2,
              versusChampion: { difference: 0.065, z: 2.5, pValue: 0.0124 },
            },
          ],
        },
      }),
    );
    const detail = page.getByTestId('experiment-detail');
    await detail.getByRole('button', { name: '刷新' }).click();
    const results = page.getByTestId('experiment-results');
    const champion = results.locator('tr[data-row-key="champion"]');
    const challenger = results.locator('tr[data-row-key="challenger"]');
    await expect.poll(() => champion.getByTestId('cure-rate').textContent()).toBe('12.5% (9.6%–16.1%)');
    expect(await champion.textContent()).toContain('¥1,234,567.89');
    expect(await champion.textContent()).toContain('¥3,086.42');
    expect(await champion.textContent()).toContain('2.50');
    expect(await challenger.getByTestId('cure-rate').textContent()).toBe('19.0% (15.5%–23.1%)');
    const versus = challenger.getByTestId('versus-champion');
    expect(await versus.textContent()).toContain('+6.5 个百分点');
    expect(await versus.textContent()).toContain('p = 0.012');
    expect(await versus.getByTestId('significant').textContent()).toBe('差异显著(p < 0.05)');
    await saveScreenshot(page, 'experiments-significant.png', { fullPage: true });
    await page.unroute(`**/api/v1/experiments/${SPLIT}/results`);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
