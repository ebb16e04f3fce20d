/**
 * The web shell end to end: the real server with the built UI on a fresh database,
 * driven in headless Chromium at 1366×768 (the smallest laptop screen the console supports).
 */
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeInBrowser, logIn, menuTexts, saveScreenshot, submitLogin, useSession } from './session.js';

describeInBrowser('web shell in Chromium', () => {
  const session = useSession();
  let page: Page;

  beforeAll(() => {
    page = session.page;
  });

  it('shows the login page in Chinese by default', async () => {
    await page.goto(session.harness.baseUrl);
    await page.getByTestId('login-form').waitFor();
    expect(await page.getByRole('heading', { name: '登录' }).count()).toBe(1);
    expect(await page.getByLabel('用户名', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('密码', { exact: true }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it("shows the server's Chinese message for a wrong password", async () => {
    await submitLogin(page, 'admin', 'Wrong-pass-2026');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('用户名或密码错误');
    expect(await page.getByTestId('side-menu').count()).toBe(0);
  });

  it('logs the admin in to the shell with menu, business date and a CNY summary', async () => {
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

    const businessDate = page.getByTestId('business-date');
    await businessDate.waitFor();
    expect(await businessDate.textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.getByTestId('user-menu').textContent()).toContain('系统管理员');

    const outstanding = page.getByTestId('outstanding-principal');
    await outstanding.waitFor();
    expect(await outstanding.textContent()).toMatch(/^¥\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(await page.getByTestId('bucket-table').count()).toBe(1);
  });

  it('switches to English, remembers it and takes a screenshot', async () => {
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByTestId('side-menu').getByText('Audit trail').waitFor();
    expect(await menuTexts(page)).toEqual([
      'Home',
      'My workstation',
      'Team console',
      'Analytics',
      'Import',
      'Daily run',
      'Compliance',
      'Customers',
      'Outbox',
      'Experiments',
      'Strategies',
      'Templates',
      'Users',
      'Audit trail',
      'System',
    ]);
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    expect(await page.getByTestId('user-menu').textContent()).toContain('Administrator');

    await saveScreenshot(page, 'shell-home.png');
  });

  it('lists collector1 on the Users page', async () => {
    await page.getByTestId('side-menu').getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(/\/users$/);
    await page.getByTestId('users-table').getByText('collector1', { exact: true }).waitFor();
  });

  it('logs out back to the login page', async () => {
    await page.getByTestId('logout-button').click();
    await page.getByTestId('login-form').waitFor();
    expect(await page.getByTestId('side-menu').count()).toBe(0);
    // The language choice survives the logout.
    expect(await page.getByRole('heading', { name: 'Log in' }).count()).toBe(1);
  });

  it('hides Users and Audit trail from a collector', async () => {
    await logIn(page, 'collector1');
    await page.getByTestId('business-date').waitFor();
    const entries = await menuTexts(page);
    expect(entries).toContain('Home');
    expect(entries).not.toContain('Users');
    expect(entries).not.toContain('Audit trail');
    expect(await page.getByTestId('user-menu').textContent()).toContain('Collector');
  });

  it('raised no uncaught errors in the page', () => {
    expect(session.pageErrors.map((e) => e.message)).toEqual([]);
  });
});
