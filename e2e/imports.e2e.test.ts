/**
 * The import page end to end: an administrator uploads a customers CSV with one bad row,
 * reads the report in Chinese, applies the valid rows and finds both imports in the history;
 * a collector sees the history but cannot upload.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBrowserAvailable, browserPolicy, launchBrowser } from './browser.js';
import { startHuikuan } from './harness.js';

const DEMO_PASSWORD = 'Demo-pass-2026';
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const policy = browserPolicy();

const CSV = [
  '客户编号,姓名,身份证号,手机号,月收入',
  'E2E-1,测试甲,110105199003071239,13812345678,"8,000.00"',
  'E2E-2,测试乙,110105199003071230,13812345679,5000',
  '',
].join('\r\n');

async function logIn(page: Page, username: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.locator('#login_username').fill(username);
  await form.locator('#login_password').fill(DEMO_PASSWORD);
  await form.locator('button[type="submit"]').click();
  await page.getByTestId('side-menu').waitFor();
}

describe.skipIf(policy === 'skip')('import page in Chromium', () => {
  let harness: Awaited<ReturnType<typeof startHuikuan>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: Error[] = [];

  beforeAll(async () => {
    assertBrowserAvailable();
    harness = await startHuikuan({ loans: 50 });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  }, 60_000);

  it('uploads a file with an error, shows the report by line and applies the valid rows on request', async () => {
    await page.goto(harness!.baseUrl);
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
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}imports.png`, fullPage: true });
  });

  it('lets a collector read the history but not upload', async () => {
    await context.clearCookies();
    await page.goto(harness!.baseUrl);
    await logIn(page, 'collector1');
    await page.getByTestId('side-menu').getByRole('link', { name: '数据导入' }).click();
    await page.getByTestId('import-history').getByText('客户.csv').first().waitFor();
    expect(await page.getByTestId('import-upload').count()).toBe(0);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
