/**
 * 合规中心 the compliance console end to end: the demo compliance officer reads the cn rule pack,
 * tightens a parameter (a new revision), is refused a loosening (the message shows at the field
 * and the revision stays), registers a complaint and sees its SLA clock run, and screens a text
 * with a threatening phrase highlighted. Real gate decisions — two calls logged through the API,
 * one in the quiet hours — show in the decision log and the blocked attempts with their facts
 * hash and citation. The officer is asked before switching packs, resets a rule to the pack's
 * values, and switches to us-regf and back. An auditor reads the pack but cannot change it.
 */

import pg from 'pg';
import { type APIRequestContext, type Page, request as playwrightRequest } from 'playwright-core';
import { beforeAll, expect, inject, it } from 'vitest';
import type {} from '../packages/server/src/test/provided-context.js';
import { DEMO_PASSWORD, describeInBrowser, logIn, menuTexts, saveScreenshot, useSession } from './session.js';

/** The first customer of the demo book (refs are C + 7 digits, numbered from 1). */
const CUSTOMER_REF = 'C0000001';

/** The institution's time zone in the harness (test-database.ts); the customers picked live in it too. */
const ZONE = 'Asia/Shanghai';

/** Yesterday's date in Asia/Shanghai, YYYY-MM-DD. */
function yesterdayInShanghai(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** An API client with cookies of its own (beside the browser page), logged in as a demo user. */
async function apiAs(baseUrl: string, username: string) {
  const context: APIRequestContext = await playwrightRequest.newContext({ baseURL: baseUrl });
  const login = await context.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  if (login.status() !== 200) throw new Error(`Login as ${username} failed: HTTP ${login.status()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    get: (path: string) => context.get(`/api/v1${path}`),
    // Writes carry the session's CSRF token, as the web UI sends it.
    post: (path: string, data: unknown) =>
      context.post(`/api/v1${path}`, { data, headers: { 'x-csrf-token': csrfToken } }),
    dispose: () => context.dispose(),
  };
}

/**
 * An open collection case of a customer in Asia/Shanghai only, with a usable own number and no
 * holds. The API lists no cases, so this reads the database of this file's Huikuan: the harness
 * copies it from the template as hk_test_<pid>_<n>_<random>, in this process (test-database.ts).
 */
async function openCaseForLoggedCalls(): Promise<{ caseId: string; customerRef: string }> {
  const adminUrl = inject('testDbAdminUrl');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let database: string | undefined;
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY oid DESC LIMIT 1',
      [`hk_test_${process.pid}_`],
    );
    database = rows[0]?.datname;
  } finally {
    await admin.end();
  }
  if (!database) throw new Error(`No test database of process ${process.pid}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ case_id: string; source_ref: string }>(
      `SELECT cc.id AS case_id, c.source_ref
         FROM collection_case cc
         JOIN customer c ON c.id = cc.customer_id
        WHERE cc.status = 'open'
          AND c.time_zone = $1
          AND cardinality(c.other_time_zones) = 0
          AND NOT c.deceased
          AND NOT EXISTS (SELECT 1 FROM collection_hold h WHERE h.customer_id = c.id)
          AND EXISTS (SELECT 1 FROM contact ct
                       WHERE ct.customer_id = c.id AND ct.role = 'self'
                         AND ct.validity <> 'invalid' AND ct.refused_at IS NULL)
        ORDER BY c.source_ref
        LIMIT 1`,
      [ZONE],
    );
    const row = rows[0];
    if (!row) throw new Error('No open case to log calls on (did the daily run open any?)');
    return { caseId: row.case_id, customerRef: row.source_ref };
  } finally {
    await client.end();
  }
}

/** What POST /contact-attempts/logged-calls answers. */
interface LoggedCall {
  attempt: { id: string; breachRuleId: string | null };
  decision: { decisionId: string; allowed: boolean; ruleId: string | null; citation: string | null };
  breach: boolean;
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

  it('shows real gate decisions for logged calls in the decision log and the blocked attempts', async () => {
    // A fresh book has made no contact yet: the page asks the server and says so.
    await openTab('决策日志');
    const log = page.getByTestId('decision-log');
    await log.getByText('没有符合条件的决策记录').waitFor();

    // As the administrator (data scope all, cases.work): run the day so that cases open, then log
    // two calls made yesterday on one case, at 23:00 (in the 22:00–08:00 quiet hours) and at 10:00.
    const admin = await apiAs(session.harness.baseUrl, 'admin');
    const yesterday = yesterdayInShanghai();
    let denied: LoggedCall;
    let allowed: LoggedCall;
    let customerRef: string;
    try {
      const run = await admin.post('/daily-runs', {});
      expect(run.status()).toBe(202);
      const { target } = (await run.json()) as { target: string };
      const runStatus = async () =>
        ((await (await admin.get(`/daily-runs/${target}`)).json()) as { status?: string }).status;
      await expect.poll(runStatus, { timeout: 30_000, interval: 250 }).toBe('completed');

      const found = await openCaseForLoggedCalls();
      customerRef = found.customerRef;
      const customer = (await (await admin.get(`/customers/${customerRef}`)).json()) as {
        contacts: { id: string; role: string; validity: string; refused: boolean }[];
      };
      const self = customer.contacts.find((c) => c.role === 'self' && c.validity !== 'invalid' && !c.refused);
      if (!self) throw new Error(`${customerRef} has no usable own number`);

      const logCall = async (time: string): Promise<LoggedCall> => {
        const response = await admin.post('/contact-attempts/logged-calls', {
          caseId: found.caseId,
          contactId: self.id,
          at: `${yesterday}T${time}:00+08:00`,
          connected: false,
          outcomeCode: 'NO_ANSWER',
        });
        expect(response.status()).toBe(201);
        return (await response.json()) as LoggedCall;
      };
      denied = await logCall('23:00');
      allowed = await logCall('10:00');
    } finally {
      await admin.dispose();
    }
    // The calls happened, so both are recorded; the late one carries the breached rule.
    expect(denied.breach).toBe(true);
    expect(denied.decision.allowed).toBe(false);
    expect(denied.decision.ruleId).toBe('cn.quiet-hours');
    expect(denied.attempt.breachRuleId).toBe('cn.quiet-hours');
    expect(allowed.breach).toBe(false);
    expect(allowed.decision.allowed).toBe(true);

    // The decision log lists both.
    await log.getByRole('button', { name: '刷新' }).click();
    const table = page.getByTestId('decision-log-table');
    const deniedRow = table.locator(`tr[data-row-key="${denied.decision.decisionId}"]`);
    const allowedRow = table.locator(`tr[data-row-key="${allowed.decision.decisionId}"]`);
    await deniedRow.waitFor();
    await allowedRow.waitFor();
    expect(await table.locator('tr[data-row-key]').count()).toBe(2);
    expect(await deniedRow.getByTestId('decision-denied').textContent()).toBe('拦截 · cn.quiet-hours');
    const deniedText = (await deniedRow.textContent()) ?? '';
    expect(deniedText).toContain(customerRef);
    expect(deniedText).toContain('通话登记');
    expect(deniedText).toContain('admin');
    expect(deniedText).toMatch(/cn@\S+\+r\d+/);
    // Waiting helps: the next allowed time is the end of the quiet hours, 08:00 the next morning.
    expect(deniedText).toMatch(/\d{4}-\d{2}-\d{2} 08:00:00/);
    expect(await allowedRow.textContent()).toContain('允许');
    // Two decisions are one page: nothing more to load.
    const more = page.getByTestId('decision-log-more');
    expect(await more.isDisabled()).toBe(true);
    expect(await more.textContent()).toContain('没有更多了');

    // Filtering by result asks the server for the denied one only.
    await log.getByLabel('结果').click();
    await page.locator('.ant-select-dropdown:visible').getByText('拦截', { exact: true }).click();
    await log.getByRole('button', { name: /^查\s?询$/ }).click();
    await expect.poll(() => table.locator('tr[data-row-key]').count()).toBe(1);
    await deniedRow.waitFor();
    await saveScreenshot(page, 'compliance-decisions.png');

    // 拦截记录: only the quiet-hours call, opened to its facts, their hash and the citation.
    await openTab('拦截记录');
    const blocked = page.getByTestId('blocked-attempts-table');
    const blockedRow = blocked.locator(`tr[data-row-key="${denied.decision.decisionId}"]`);
    await blockedRow.waitFor();
    expect(await blocked.locator('tr[data-row-key]').count()).toBe(1);
    expect(await blockedRow.getByTestId('decision-denied').textContent()).toBe('拦截 · cn.quiet-hours');
    await blockedRow.getByRole('button', { name: /展开/ }).click();
    const detail = page.getByTestId('blocked-attempts').getByTestId('decision-detail');
    await detail.waitFor();
    const stored = (await (
      await page.request.get(`${session.harness.baseUrl}/api/v1/compliance/decisions?allowed=false`)
    ).json()) as { items: { id: string; factsHash: string }[] };
    const factsHash = stored.items.find((d) => d.id === denied.decision.decisionId)?.factsHash;
    expect(factsHash).toMatch(/^[0-9a-f]{64}$/);
    const detailText = (await detail.textContent()) ?? '';
    expect(detailText.match(/[0-9a-f]{64}/)?.[0]).toBe(factsHash);
    expect(detailText).toContain('GB/T 45251-2025');
    expect(detailText).toContain(`${yesterday} 23:00:00`); // the attempt's time, Asia/Shanghai
    expect(detailText).toContain('cn.quiet-hours');
    expect(detailText).toContain('"debtorTimeZones"');
    await saveScreenshot(page, 'compliance-blocked.png');
  });

  /** Opens a rule's edit drawer and waits until it has slid in and taken the focus. */
  const openEditDrawer = async (ruleId: string) => {
    await page.getByTestId(`edit-rule-${ruleId}`).click();
    await page.getByTestId('rule-edit-form').waitFor();
    await page.waitForFunction(() => {
      const drawer = document.querySelector('.ant-drawer-open');
      return drawer !== null && drawer.getAnimations({ subtree: true }).length === 0;
    });
  };

  /**
   * Picks a pack in the edit drawer's selector; a dropdown that closes under the click (the
   * drawer still settling) is opened again, until the choice shows.
   */
  const choosePack = async (option: string) => {
    const form = page.getByTestId('rule-edit-form');
    const chosen = form.locator('.ant-select-content').first();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await form.getByLabel('规则包', { exact: true }).click();
        await page
          .locator('.ant-select-dropdown:visible')
          .getByText(option, { exact: true })
          .click({ timeout: 3_000 });
        await expect.poll(() => chosen.textContent(), { timeout: 2_000 }).toBe(option);
        return;
      } catch {
        await page.keyboard.press('Escape'); // close a dropdown left open, if any
      }
    }
    throw new Error(`Could not choose the pack ${option}`);
  };
  const switchConfirm = () =>
    page.getByRole('dialog').filter({ has: page.getByTestId('pack-switch-confirm') });

  it('asks before switching packs and says the settings for the current pack are dropped', async () => {
    await openTab('规则包');
    await openEditDrawer('cn.messages-per-day');
    const form = page.getByTestId('rule-edit-form');
    await choosePack('us-regf · 美国 Regulation F');
    const warning = page.getByTestId('pack-switch-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('将从 cn 切换到 us-regf 规则包');
    expect(await warning.textContent()).toContain('1 项参数设置将被丢弃');
    expect(await form.getByLabel('maxMessages', { exact: true }).count()).toBe(0);
    await form.getByLabel('修改原因').fill('e2e:试切换到 us-regf');
    await page.getByTestId('rule-edit-save').click();

    const confirm = switchConfirm();
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('切换到 us-regf 规则包?');
    expect(await confirm.textContent()).toContain('机构对 cn 规则包的 1 项参数设置将被丢弃');
    await saveScreenshot(page, 'compliance-pack-switch.png');
    await confirm.getByRole('button', { name: /^取\s?消$/ }).click();
    await confirm.waitFor({ state: 'detached' });

    // Cancelled: nothing was saved, and choosing cn again brings the parameters back.
    expect(await page.getByTestId('pack-revision').textContent()).toBe(String(revision));
    await choosePack('cn · 中国默认规则包');
    await form.getByLabel('maxMessages', { exact: true }).waitFor();
    expect(await form.getByLabel('maxMessages', { exact: true }).inputValue()).toBe('2');
    await page.getByTestId('rule-edit-cancel').click();
    await form.waitFor({ state: 'detached' });
  });

  it('resets cn.messages-per-day to the pack defaults as a new revision', async () => {
    await openEditDrawer('cn.messages-per-day');
    const form = page.getByTestId('rule-edit-form');
    await page.getByTestId('rule-edit-reset').click();
    await page.getByTestId('rule-reset-note').waitFor();
    expect(await form.getByLabel('maxMessages', { exact: true }).inputValue()).toBe('3');
    await form.getByLabel('修改原因').fill('e2e:短信每日上限恢复为规则包默认值');
    await saveScreenshot(page, 'compliance-pack-reset.png');
    await page.getByTestId('rule-edit-save').click();
    await form.waitFor({ state: 'detached' });

    await expect.poll(() => page.getByTestId('pack-revision').textContent()).toBe(String(revision + 1));
    revision += 1;
    const messages = rulesRow('cn.messages-per-day');
    expect(await messages.getByTestId('param-value').textContent()).toBe('3');
    expect(await messages.textContent()).not.toContain('已调整');
    const history = page.getByTestId('pack-history').locator(`tr[data-row-key="${revision}"]`);
    await history.waitFor();
    expect(await history.textContent()).toContain('无(全部使用规则包值)');
    expect(await history.textContent()).toContain('e2e:短信每日上限恢复为规则包默认值');

    // Nothing is left to reset on that rule.
    await openEditDrawer('cn.messages-per-day');
    expect(await page.getByTestId('rule-edit-reset').isDisabled()).toBe(true);
    await page.getByTestId('rule-edit-cancel').click();
    await form.waitFor({ state: 'detached' });
  });

  it('switches to us-regf after the confirmation, and back to cn', async () => {
    const switchTo = async (ruleId: string, code: string, option: string) => {
      await openEditDrawer(ruleId);
      const form = page.getByTestId('rule-edit-form');
      await choosePack(option);
      await page.getByTestId('pack-switch-warning').waitFor();
      await form.getByLabel('修改原因').fill(`e2e:切换到 ${code}`);
      await page.getByTestId('rule-edit-save').click();
      await switchConfirm().getByRole('button', { name: '确认切换' }).click();
      await form.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('pack-revision').textContent()).toBe(String(revision + 1));
      revision += 1;
      expect(await page.getByTestId('pack-code').textContent()).toBe(code);
      expect(await page.getByTestId('pack-version').textContent()).toMatch(
        new RegExp(`^${code}@\\S+\\+r${revision}$`),
      );
      const history = page.getByTestId('pack-history').locator(`tr[data-row-key="${revision}"]`);
      expect(await history.textContent()).toContain(`e2e:切换到 ${code}`);
    };

    await switchTo('cn.messages-per-day', 'us-regf', 'us-regf · 美国 Regulation F');
    const usEdit = page.getByTestId('rules-table').locator('[data-testid^="edit-rule-us."]').first();
    const usRuleId = ((await usEdit.getAttribute('data-testid')) ?? '').replace('edit-rule-', '');
    expect(usRuleId).toMatch(/^us\./);
    expect(await rulesRow('cn.quiet-hours').count()).toBe(0);

    await switchTo(usRuleId, 'cn', 'cn · 中国默认规则包');
    await rulesRow('cn.quiet-hours').waitFor();
    expect(await rulesRow('cn.quiet-hours').getByTestId('param-value').textContent()).toBe('22:00–08:00');
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
