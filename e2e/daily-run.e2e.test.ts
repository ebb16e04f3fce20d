/**
 * The daily run page end to end: an administrator runs the day for the business date on the
 * demo book and watches it complete (the harness's workers process it), the table shows the
 * run's loans; a collector can watch the runs but has no button to start one.
 */
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeInBrowser, logIn, menuTexts, saveScreenshot, useSession } from './session.js';

describeInBrowser('daily run page in Chromium', () => {
  const session = useSession();
  let page: Page;
  let businessDate = '';

  beforeAll(() => {
    page = session.page;
  });

  it('runs the day for the business date and shows it completed with its loans', async () => {
    await page.goto(session.harness.baseUrl);
    await logIn(page, 'admin');
    expect(await menuTexts(page)).toEqual([
      '首页',
      '我的工作台',
      '团队看板',
      '数据分析',
      '数据导入',
      '日终批处理',
      '合规中心',
      '客户查询',
      '触达发件箱',
      '冠军/挑战者',
      '催收策略',
      '消息模板',
      '用户管理',
      '审计日志',
      '系统设置',
    ]);
    await page.getByTestId('side-menu').getByRole('link', { name: '日终批处理' }).click();
    await page.waitForURL(/\/daily-run$/);
    await page.getByRole('heading', { name: '日终批处理' }).waitFor();

    const businessDateCell = page.getByTestId('daily-run-business-date');
    await expect.poll(() => businessDateCell.textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    businessDate = (await businessDateCell.textContent()) ?? '';
    expect(await page.getByTestId('daily-run-last-completed').textContent()).toBe('尚未跑过');
    await page.getByTestId('daily-run-table').getByText('还没有跑过日终').waitFor();

    // The date picker is labelled and left empty: the run goes up to the business date.
    expect(await page.getByLabel('跑到日期').getAttribute('placeholder')).toBe(`营业日 ${businessDate}`);
    await page.getByRole('button', { name: '跑日终' }).click();
    const queued = page.getByTestId('daily-run-queued');
    await queued.waitFor();
    expect(await queued.textContent()).toContain(`已提交日终(截至 ${businessDate})`);
    expect(await queued.textContent()).toContain(`共 1 天,按日期顺序执行:${businessDate}`);

    // The workers take the job; the page polls until the run is done.
    const row = page.getByTestId('daily-run-table').locator(`tr[data-row-key="${businessDate}"]`);
    await row.getByText('已完成').waitFor({ timeout: 30_000 });
    const run = (await (
      await page.request.get(`${session.harness.baseUrl}/api/v1/daily-runs/${businessDate}`)
    ).json()) as {
      status: string;
      loans: number;
      partitions: number;
      partitionsDone: number;
    };
    expect(run.status).toBe('completed');
    expect(run.loans).toBeGreaterThan(0);
    expect(run.loans).toBeLessThanOrEqual(300);
    const loansText = new Intl.NumberFormat('zh-CN').format(run.loans);
    expect(await row.getByTestId('daily-run-loans').textContent()).toBe(loansText);
    expect(await row.textContent()).toContain(`${run.partitionsDone} / ${run.partitions}`);

    // Nothing runs any more: the progress card is gone and the overview is up to date.
    await page.getByTestId('daily-run-progress').waitFor({ state: 'detached' });
    expect(await page.getByTestId('daily-run-last-completed').textContent()).toBe(businessDate);
    await page.getByTestId('daily-run-overview').getByText('已跑到营业日').waitFor();

    await saveScreenshot(page, 'daily-run.png');
  });

  it('says there is nothing to run when the day is already complete', async () => {
    await page.getByRole('button', { name: '跑日终' }).click();
    await page
      .getByTestId('daily-run-queued')
      .getByText(`${businessDate} 及之前的日终都已完成,无需再跑。`)
      .waitFor();
  });

  it('lets a collector watch the runs but not start one', async () => {
    await session.context.clearCookies();
    await page.goto(session.harness.baseUrl);
    await logIn(page, 'collector1');
    expect(await menuTexts(page)).toContain('日终批处理');
    await page.getByTestId('side-menu').getByRole('link', { name: '日终批处理' }).click();
    await page.waitForURL(/\/daily-run$/);
    const row = page.getByTestId('daily-run-table').locator(`tr[data-row-key="${businessDate}"]`);
    await row.getByText('已完成').waitFor();
    await page.getByTestId('daily-run-read-only').waitFor();
    expect(await page.getByTestId('daily-run-start').count()).toBe(0);
    expect(await page.getByRole('button', { name: '跑日终' }).count()).toBe(0);
  });

  it('follows a running day live, one poll a second, in English (stubbed multi-partition progress)', async () => {
    // The demo book is one partition and finishes at once, so the list answers are stubbed:
    // a day of 8 partitions that gains one with every request, then completes.
    const partitions = 8;
    let requests = 0;
    await page.route('**/api/v1/daily-runs?limit=30', async (route) => {
      requests += 1;
      const done = Math.min(requests - 1, partitions);
      await route.fulfill({
        json: {
          items: [
            {
              asOf: businessDate,
              status: done === partitions ? 'completed' : 'running',
              partitions,
              partitionsDone: done,
              loans: 40_000,
              startedAt: new Date(Date.now() - 5_000).toISOString(),
              finishedAt: done === partitions ? new Date().toISOString() : null,
            },
          ],
        },
      });
    });
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { name: 'Daily run' }).waitFor();
    await page.getByTestId('daily-run-refresh').click();

    const bar = page.getByRole('progressbar', { name: `Daily run progress for ${businessDate}` });
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 10_000 }).toBe('50');
    expect(await page.getByTestId('daily-run-progress').textContent()).toContain(
      '4 of 8 partitions · 40,000 loans',
    );
    const row = page.getByTestId('daily-run-table').locator(`tr[data-row-key="${businessDate}"]`);
    expect(await row.getByTestId('daily-run-status').textContent()).toBe('Running');
    await saveScreenshot(page, 'daily-run-progress.png');

    await row.getByText('Completed').waitFor({ timeout: 10_000 });
    await page.getByTestId('daily-run-progress').waitFor({ state: 'detached' });
    // Polling stops once nothing runs.
    const settled = requests;
    await page.waitForTimeout(2_500);
    expect(requests).toBe(settled);
    await page.unroute('**/api/v1/daily-runs?limit=30');
  });

  it('raised no uncaught errors in the page', () => {
    expect(session.pageErrors.map((e) => e.message)).toEqual([]);
  });
});
