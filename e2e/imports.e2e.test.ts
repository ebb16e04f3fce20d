/**
 * The import page end to end: an administrator uploads a customers CSV with one bad row,
 * reads the report in Chinese, applies the valid rows and finds both imports in the history;
 * a collector sees the history but cannot upload.
 */
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeInBrowser, logIn, saveScreenshot, useSession } from './session.js';

const CSV = [
  '客户编号,姓名,身份证号,手机号,月收入',
  'E2E-1,测试甲,110105199003071239,13812345678,"8,000.00"',
  'E2E-2,测试乙,110105199003071230,13812345679,5000',
  '',
].join('\r\n');

describeInBrowser('import page in Chromium', () => {
  const session = useSession({ loans: 50 });
  let page: Page;

  beforeAll(() => {
    page = session.page;
  });

  it('uploads a file with an error, shows the report by line and applies the valid rows on request', async () => {
    await page.goto(session.harness.baseUrl);
    await logIn(page, 'admin');
    await page.getByTestId('side-menu').getByRole('link', { name: '数据导入' }).click();
    await page.waitForURL(/\/imports$/);
    await page.getByTestId('import-column-guide').getByText('身份证号', { exact: true }).waitFor();

    await page
      .getByTestId('import-upload')
      .locator('input[type="file"]')
      .setInputFiles({ name: '客户.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${CSV}`) });
    const report = page.getByTestId('import-report');
    await report.getByText('已拒绝').waitFor();
    const issues = page.getByTestId('import-issues');
    const cells = await issues.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['3', '身份证号', 'ID_NUMBER_INVALID']);
    expect(cells[3]).toMatch(/^身份证号不正确/);

    await page.getByTestId('apply-valid-rows').click();
    await report.getByText('部分导入').waitFor();
    const history = page.getByTestId('import-history');
    await history.getByText('部分导入').waitFor();
    expect(await history.getByText('客户.csv').count()).toBe(2);
    await saveScreenshot(page, 'imports.png', { fullPage: true });
  });

  it('lets a collector read the history but not upload', async () => {
    await session.context.clearCookies();
    await page.goto(session.harness.baseUrl);
    await logIn(page, 'collector1');
    await page.getByTestId('side-menu').getByRole('link', { name: '数据导入' }).click();
    await page.getByTestId('import-history').getByText('客户.csv').first().waitFor();
    expect(await page.getByTestId('import-upload').count()).toBe(0);
  });

  it('raised no uncaught errors in the page', () => {
    expect(session.pageErrors.map((e) => e.message)).toEqual([]);
  });
});
