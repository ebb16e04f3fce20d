/**
 * 客户查询 customer lookup end to end: the administrator finds a demo customer by reference and
 * sees the ID number, mobile number and address masked, reveals the mobile number in place (the
 * reveal is a pii.revealed audit event naming the field, never the value; the clear number is in
 * neither the URL nor the browser's storage), finds the customer again by that number, and sees
 * an active hold with a link to the compliance console. A strategy manager (cases.read without
 * pii.reveal) sees the same customer masked with no reveal buttons, and the API refuses the reveal.
 */
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeInBrowser, logIn, menuTexts, saveScreenshot, useSession } from './session.js';

/** The first customer of the demo book (refs are C + 7 digits, numbered from 1). */
const CUSTOMER_REF = 'C0000001';

/** 110***********1234: the first three and last four characters of the ID number (the last may be X). */
const MASKED_ID = /^\d{3}\*+\d{3}[\dX]$/;
/** 138****5678 */
const MASKED_MOBILE = /^\d{3}\*{4}\d{4}$/;
/** A mainland mobile number in clear. */
const CLEAR_MOBILE = /^1\d{10}$/;

interface AuditEvent {
  seq: number;
  actorUsername: string | null;
  action: string;
  targetType: string;
  after: { customerRef?: string; field?: string; contactId?: string | null } | null;
}

describeInBrowser('customer lookup in Chromium', () => {
  const session = useSession({ loans: 50 });
  let page: Page;
  let clearMobile = '';

  beforeAll(() => {
    page = session.page;
  });

  const api = (path: string) => `${session.harness.baseUrl}/api/v1${path}`;
  /** The CSRF token of the page's session (the hk_csrf cookie), for writes through page.request. */
  const csrfToken = async () => {
    const cookie = (await session.context.cookies()).find((c) => c.name === 'hk_csrf');
    if (!cookie) throw new Error('No hk_csrf cookie: not logged in');
    return decodeURIComponent(cookie.value);
  };
  const piiValue = (testId: string) => page.getByTestId(`pii-${testId}`).getByTestId('pii-value');
  /** Everything the page keeps in the browser: its URL, localStorage and sessionStorage. */
  const browserState = () =>
    page.evaluate(() =>
      JSON.stringify({
        url: window.location.href,
        local: { ...window.localStorage },
        session: { ...window.sessionStorage },
      }),
    );

  it('finds C0000001 by reference and shows its personal data masked', async () => {
    await page.goto(session.harness.baseUrl);
    await logIn(page, 'admin');
    const menu = await menuTexts(page);
    expect(menu.indexOf('客户查询')).toBe(menu.indexOf('合规中心') + 1);
    await page.getByTestId('side-menu').getByRole('link', { name: '客户查询' }).click();
    await page.waitForURL(/\/customers$/);
    await page.getByRole('heading', { name: '客户查询' }).waitFor();

    await page.getByLabel('客户编号 / 身份证号 / 手机号').fill(CUSTOMER_REF);
    await page.getByTestId('customer-search-submit').click();
    const result = page.getByTestId('customer-results').locator(`tr[data-row-key="${CUSTOMER_REF}"]`);
    await result.waitFor();
    expect(await page.getByTestId('customer-results').locator('tr[data-row-key]').count()).toBe(1);
    // The only match opens at once; its link leads to the same place.
    await page.waitForURL(/\/customers\/C0000001$/);
    await result.getByRole('link', { name: `查看客户 ${CUSTOMER_REF}` }).click();

    const detail = page.getByTestId('customer-detail');
    await detail.waitFor();
    expect(await page.getByTestId('customer-ref').textContent()).toBe(CUSTOMER_REF);
    expect(await page.getByTestId('customer-name').textContent()).toBeTruthy();
    expect(await piiValue('idNumber').textContent()).toMatch(MASKED_ID);
    expect(await piiValue('mobile').textContent()).toMatch(MASKED_MOBILE);
    expect(await piiValue('address').textContent()).toContain('****');
    expect(await detail.textContent()).toContain('Asia/');

    const contacts = page.getByTestId('customer-contacts');
    const self = contacts.locator('tr[data-row-key]', { hasText: '本人' }).first();
    await self.waitFor();
    expect(
      await self.locator('[data-testid^="pii-contactPhone-"] [data-testid="pii-value"]').textContent(),
    ).toMatch(MASKED_MOBILE);
    expect(await self.getByTestId('contact-validity').textContent()).toMatch(/^(有效|无效|未核实)$/);
    // The administrator may reveal: one button per masked value, no clear value shown yet.
    expect(await page.getByTestId('reveal-idNumber').count()).toBe(1);
    expect(await page.getByTestId('reveal-mobile').count()).toBe(1);
    expect(await page.getByTestId('pii-recorded').count()).toBe(0);
    await saveScreenshot(page, 'customers-masked.png', { fullPage: true });
  });

  it('reveals the mobile number in place, records the reveal in the audit trail and hides it again', async () => {
    const masked = (await piiValue('mobile').textContent()) ?? '';
    const reveal = page.getByRole('button', { name: '查看手机号明文' });
    expect(await reveal.count()).toBe(1);
    await reveal.click();
    await expect.poll(() => piiValue('mobile').textContent()).toMatch(CLEAR_MOBILE);
    clearMobile = (await piiValue('mobile').textContent()) ?? '';
    // The clear number keeps the masked one's visible digits.
    expect(clearMobile.slice(0, 3)).toBe(masked.slice(0, 3));
    expect(clearMobile.slice(-4)).toBe(masked.slice(-4));
    expect(await page.getByTestId('pii-mobile').getByTestId('pii-recorded').textContent()).toContain(
      '已记录查看',
    );
    // Only the mobile was revealed.
    expect(await piiValue('idNumber').textContent()).toMatch(MASKED_ID);
    await saveScreenshot(page, 'customers-revealed.png');

    // Never kept by the browser.
    expect(await browserState()).not.toContain(clearMobile);

    // The reveal is in the audit trail: who, which customer, which field, and never the value.
    const response = await page.request.get(api('/audit/events?action=pii.revealed&limit=50'));
    expect(response.status()).toBe(200);
    const { items } = (await response.json()) as { items: AuditEvent[] };
    const event = items.find((e) => e.after?.customerRef === CUSTOMER_REF && e.after?.field === 'mobile');
    expect(event).toBeDefined();
    expect(event?.action).toBe('pii.revealed');
    expect(event?.actorUsername).toBe('admin');
    expect(event?.targetType).toBe('customer');
    expect(JSON.stringify(items)).not.toContain(clearMobile);

    await page.getByRole('button', { name: '隐藏手机号明文' }).click();
    await expect.poll(() => piiValue('mobile').textContent()).toBe(masked);
    expect(await page.getByTestId('pii-mobile').getByTestId('pii-recorded').count()).toBe(0);
  });

  it('reveals a contact phone of the customer', async () => {
    const self = page
      .getByTestId('customer-contacts')
      .locator('tr[data-row-key]', { hasText: '本人' })
      .first();
    await self.locator('[data-testid^="reveal-contactPhone-"]').click();
    const value = self.locator('[data-testid^="pii-contactPhone-"] [data-testid="pii-value"]');
    await expect.poll(() => value.textContent()).toMatch(CLEAR_MOBILE);
    expect(await self.getByTestId('pii-recorded').count()).toBe(1);

    const { items } = (await (
      await page.request.get(api('/audit/events?action=pii.revealed&limit=50'))
    ).json()) as { items: AuditEvent[] };
    const event = items.find((e) => e.after?.field === 'contactPhone');
    expect(event?.after?.customerRef).toBe(CUSTOMER_REF);
    expect(event?.after?.contactId).toBeTruthy();
  });

  it('finds the customer by the mobile number without putting it in the URL', async () => {
    await page.goto(`${session.harness.baseUrl}/customers`);
    await page.getByLabel('客户编号 / 身份证号 / 手机号').fill(clearMobile);
    await page.getByTestId('customer-search-submit').click();
    await page.getByTestId('customer-results').locator(`tr[data-row-key="${CUSTOMER_REF}"]`).waitFor();
    await page.waitForURL(/\/customers\/C0000001$/);
    await page.getByTestId('customer-detail').waitFor();
    // A fresh page: the earlier reveals are gone.
    expect(await piiValue('mobile').textContent()).toMatch(MASKED_MOBILE);
    expect(await browserState()).not.toContain(clearMobile);

    // A number that matches nobody says so.
    await page.getByLabel('客户编号 / 身份证号 / 手机号').fill('C9999999');
    await page.getByTestId('customer-search-submit').click();
    await page.getByTestId('customer-results').getByText('没有找到客户', { exact: false }).waitFor();
  });

  it("shows the customer's active hold with a link to the compliance holds tab", async () => {
    const placed = await page.request.post(api('/holds'), {
      headers: { 'x-csrf-token': await csrfToken() },
      data: { customerRef: CUSTOMER_REF, kind: 'hardship', reason: 'e2e:困难还款计划协商中' },
    });
    expect(placed.status()).toBe(201);

    await page.goto(`${session.harness.baseUrl}/customers/${CUSTOMER_REF}`);
    const holds = page.getByTestId('customer-holds');
    await holds.getByText('e2e:困难还款计划协商中').waitFor();
    expect(await holds.textContent()).toContain('困难还款计划');
    expect(await holds.textContent()).toContain('生效中的暂停(1)');

    await page.getByTestId('customer-holds-link').click();
    await page.waitForURL(/\/compliance\?tab=holds&customerRef=C0000001$/);
    const row = page.getByTestId('holds-table').locator('tr', { hasText: 'e2e:困难还款计划协商中' });
    await row.waitFor();
    expect(await row.textContent()).toContain(CUSTOMER_REF);
    expect(await page.locator('#holds-filter-customer').inputValue()).toBe(CUSTOMER_REF);
  });

  it('speaks English', async () => {
    await page.goto(`${session.harness.baseUrl}/customers/${CUSTOMER_REF}`);
    await page.getByTestId('customer-detail').waitFor();
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { name: 'Customer lookup' }).waitFor();
    expect(await menuTexts(page)).toContain('Customers');
    expect(await page.getByRole('button', { name: 'Reveal Mobile number' }).count()).toBe(1);
    expect(await page.getByLabel('Customer ref / ID number / mobile number').count()).toBe(1);
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByRole('heading', { name: '客户查询' }).waitFor();
  });

  it('shows a strategy manager the customer masked, without reveal buttons', async () => {
    await session.context.clearCookies();
    await page.goto(session.harness.baseUrl);
    await logIn(page, 'strategy');
    const menu = await menuTexts(page);
    expect(menu).toContain('客户查询');
    expect(menu).not.toContain('合规中心');

    await page.getByTestId('side-menu').getByRole('link', { name: '客户查询' }).click();
    await page.getByLabel('客户编号 / 身份证号 / 手机号').fill(CUSTOMER_REF);
    await page.getByTestId('customer-search-submit').click();
    await page.waitForURL(/\/customers\/C0000001$/);
    await page.getByTestId('customer-detail').waitFor();
    expect(await piiValue('idNumber').textContent()).toMatch(MASKED_ID);
    expect(await piiValue('mobile').textContent()).toMatch(MASKED_MOBILE);
    expect(await page.getByTestId('pii-notice').textContent()).toContain('您的角色不能查看明文');
    await page.getByTestId('customer-contacts').locator('tr[data-row-key]').first().waitFor();

    expect(await page.getByRole('button', { name: /查看.*明文/ }).count()).toBe(0);
    expect(await page.locator('[data-testid^="reveal-"]').count()).toBe(0);
    // No compliance.read: the holds are not asked for.
    expect(await page.getByTestId('customer-holds').count()).toBe(0);
    await saveScreenshot(page, 'customers-no-reveal.png', { fullPage: true });

    // The server refuses the reveal too.
    const refused = await page.request.post(api(`/customers/${CUSTOMER_REF}/reveal`), {
      headers: { 'x-csrf-token': await csrfToken() },
      data: { field: 'mobile' },
    });
    expect(refused.status()).toBe(403);
  });

  it('raised no uncaught errors in the page', () => {
    expect(session.pageErrors.map((e) => e.message)).toEqual([]);
  });
});
