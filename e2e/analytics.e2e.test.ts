/**
 * 数据分析 end to end (issue 7): a small demo book lives through business days across a month end
 * (DemoSimulationService: the daily run with its rollups each day, messages, calls and promises by
 * the demo collectors, borrowers' payments) plus one payment posted through the API; then the
 * strategy manager opens the dashboards: a figure on screen equals the API's, the charts are drawn
 * (SVG), a figure opens the cases behind it and a case opens from there, the CSV export holds the
 * API's figures, a definition change (grace days) asks for a rollup rebuild and the rebuilt
 * dashboard names the new setting; English; screenshots in e2e/artifacts. The recovery rate (催回率)
 * card shows the API's figure on its basis and the other beside it; the roll-rate section shows
 * what the API has for the book — with five days there is no matrix yet (it needs an observation
 * month end and a whole month after it), so the explanation — and a matrix handed to the page in
 * place of the API's answer is drawn as a heatmap and a table, the complete one chosen first.
 *
 * Huikuan starts (harness.ts) on the 28th of a month at 10:00 in Shanghai — ahead of the browser's
 * clock, as session cookies need — so that the simulated days cross a month end and flow rates
 * (month end against the month end before) have two month ends.
 */
import { sql } from 'kysely';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Fen, formatCny } from '../packages/domain/src/index.js';
import { DemoSimulationService } from '../packages/server/src/modules/demo/demo-simulation.service.js';
import { launchBrowser } from './browser.js';
import { startHuikuan } from './harness.js';
import { DEMO_PASSWORD, describeInBrowser, logIn, menuTexts, saveScreenshot } from './session.js';

/** The next 28th, 10:00 in Shanghai (02:00 UTC), after now. */
function next28th(now = new Date()): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 28, 2, 0, 0));
  if (at <= now) at.setUTCMonth(at.getUTCMonth() + 1);
  return at;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A ratio's value as the dashboard shows it: "0.3000" → "30.00%". */
function percent(value: string | null): string {
  if (value === null) return '—';
  const [whole = '0', fraction = ''] = value.split('.');
  const padded = fraction.padEnd(2, '0');
  const rest = padded.slice(2);
  return `${Number(`${whole}${padded.slice(0, 2)}`)}${rest ? `.${rest}` : ''}%`;
}

interface Ratio {
  numerator: number;
  denominator: number;
  value: string | null;
}
interface RecoveryView {
  amount: Ratio;
  count: Ratio;
  basis: 'amount' | 'count';
  allocated: number;
  dueFen: number;
  collectedFen: number;
  settled: number;
}
interface RollRateView {
  observationMonth: string;
  observationWindow: string[];
  performanceWindow: string[];
  basis: 'count' | 'balance';
  rows: { from: string; total: number; cells: { to: string; ratio: Ratio }[] }[];
  withoutPerformance: number;
  monthsPerformed: number;
  complete: boolean;
}
interface CollectionView {
  definitions: Record<string, { settingsUsed: { path: string; value: unknown }[] }>;
  groups: {
    key: string | null;
    cureRate: { rows: { bucket: string; ratio: Ratio }[]; total: Ratio };
    promises: { ptpRate: Ratio; keptRate: Ratio; taken: number; broken: number };
    contactRate: Ratio;
    coverage: Ratio;
    amountCollected: { collectedFen: number; payments: number };
    recoveryRate: RecoveryView;
  }[];
}
interface PortfolioView {
  groups: {
    flowRates: { month: string; multiplier: { value: string | null } }[];
    rollRate: RollRateView[];
  }[];
}

/** YYYY-MM plus months. */
function addMonths(month: string, n: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 7);
}

/** The dashboard's basis labels of the recovery rate (zh-CN). */
const RECOVERY_BASIS = { amount: '金额口径', count: '笔数口径' } as const;
const count = (n: number) => n.toLocaleString('en-US');

describeInBrowser('analytics dashboards in Chromium', () => {
  let huikuan: Awaited<ReturnType<typeof startHuikuan>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let api: APIRequestContext;
  const pageErrors: Error[] = [];
  /** The generated book's day (the 28th) and the last simulated business date. */
  let firstDay = '';
  let lastDay = '';
  let from = '';
  let paidFen = 0;

  const baseUrl = () => huikuan!.baseUrl;
  const get = async <T>(path: string): Promise<T> => {
    const res = await api.get(`${baseUrl()}/api/v1${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };
  const ready = () => page.getByTestId('dashboard-ready').first().waitFor();

  beforeAll(async () => {
    huikuan = await startHuikuan({ loans: 200, start: next28th() });
    const { services, database, clock } = huikuan;
    firstDay = await services.system.businessDate();
    const simulation = new DemoSimulationService(services, clock, 'Asia/Shanghai');
    const lived = await simulation.simulate({ days: 4, seed: 'e2e-analytics', callsPerCollector: 20 });
    lastDay = lived.to;
    expect(lastDay.slice(0, 7)).not.toBe(firstDay.slice(0, 7)); // across a month end

    browser = await launchBrowser();
    // One payment through the API on the last day, on an open case's loan (its whole overdue amount).
    const admin = await (await browser.newContext()).request;
    const login = await admin.post(`${baseUrl()}/api/v1/auth/login`, {
      data: { username: 'admin', password: DEMO_PASSWORD },
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const { rows } = await sql<{ loan_ref: string }>`
      SELECT l.source_ref AS loan_ref FROM collection_case cc JOIN loan l ON l.id = cc.loan_id
       WHERE cc.status = 'open' ORDER BY l.source_ref LIMIT 1`.execute(database.db);
    const loanRef = rows[0]!.loan_ref;
    const charges = (await (
      await admin.get(`${baseUrl()}/api/v1/loans/${encodeURIComponent(loanRef)}/charges`)
    ).json()) as { balances: { totalOverdueFen: number } };
    paidFen = charges.balances.totalOverdueFen;
    const posted = await admin.post(`${baseUrl()}/api/v1/payments`, {
      data: {
        loanRef,
        sourceRef: `E2E-ANALYTICS-${loanRef}`,
        amountFen: paidFen,
        receivedOn: lastDay,
        channel: 'bank_transfer',
      },
      headers: { 'x-csrf-token': csrfToken, 'idempotency-key': `e2e-analytics-${loanRef}` },
    });
    expect(posted.status()).toBeLessThan(300);
    // The next business day: its daily run rewrites the last days' activity rollups (the payment).
    const nextDay = await simulation.simulate({ days: 1, seed: 'e2e-analytics', callsPerCollector: 20 });
    lastDay = nextDay.to;
    from = addDays(firstDay, 1);

    context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => pageErrors.push(error));
    api = context.request;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await huikuan?.stop();
  }, 60_000);

  it('opens 数据分析 for the strategy manager and shows the API’s figures', async () => {
    await page.goto(baseUrl());
    await logIn(page, 'strategy');
    expect(await menuTexts(page)).toContain('数据分析');
    await page.getByTestId('side-menu').getByRole('link', { name: '数据分析' }).click();
    await page.waitForURL(/\/analytics$/);
    await page.getByRole('heading', { name: '数据分析' }).waitFor();
    await ready();

    await page.getByTestId('filter-from').fill(from);
    await page.getByTestId('filter-to').fill(lastDay);
    await ready();
    await page.getByTestId('value-amountCollected').waitFor();

    const view = await get<CollectionView>(`/analytics/dashboards/collection?from=${from}&to=${lastDay}`);
    const total = view.groups[0]!;
    expect(total.amountCollected.collectedFen).toBeGreaterThanOrEqual(paidFen);
    expect(total.promises.taken).toBeGreaterThan(0); // the demo collectors took promises
    await expect
      .poll(() => page.getByTestId('value-amountCollected').textContent())
      .toBe(formatCny(total.amountCollected.collectedFen as Fen));
    expect(await page.getByTestId('value-contactRate').textContent()).toBe(percent(total.contactRate.value));
    expect(await page.getByTestId('value-coverage').textContent()).toBe(percent(total.coverage.value));
    expect(await page.getByTestId('value-ptpRate').textContent()).toBe(percent(total.promises.ptpRate.value));

    // 催回率: the settings' basis first (amount by default), the other beside it, the totals under them.
    const recovery = total.recoveryRate;
    const other = recovery.basis === 'amount' ? 'count' : 'amount';
    expect(recovery.basis).toBe('amount');
    expect(recovery.amount.numerator).toBe(recovery.collectedFen);
    expect(recovery.amount.denominator).toBe(recovery.dueFen);
    expect(recovery.count.denominator).toBe(recovery.allocated);
    expect(await page.getByTestId('value-recoveryRate').textContent()).toBe(
      percent(recovery[recovery.basis].value),
    );
    expect(await page.getByTestId('recovery-basis').textContent()).toBe(RECOVERY_BASIS[recovery.basis]);
    expect(await page.getByTestId('recovery-other').textContent()).toBe(
      `${RECOVERY_BASIS[other]} ${percent(recovery[other].value)}`,
    );
    expect(await page.getByTestId('recovery-totals').textContent()).toBe(
      `分案 ${count(recovery.allocated)} 件 · 回收 ${formatCny(recovery.collectedFen as Fen)} · ` +
        `分案时应还 ${formatCny(recovery.dueFen as Fen)} · 结清 ${count(recovery.settled)} 件`,
    );
    expect(await page.getByTestId('figure-recoveryRate').textContent()).toContain('催回率');

    // The payment's own day holds it.
    const payDay = await get<CollectionView>(
      `/analytics/dashboards/collection?from=${addDays(lastDay, -1)}&to=${addDays(lastDay, -1)}`,
    );
    expect(payDay.groups[0]!.amountCollected.collectedFen).toBeGreaterThanOrEqual(paidFen);

    // Charts drawn as SVG, each with its definition and the settings used beside it.
    const cure = page.getByTestId('chart-cure');
    await cure.locator('svg').waitFor();
    await expect.poll(() => cure.locator('svg path').count()).toBeGreaterThan(5); // axes and bars
    expect(await cure.getAttribute('aria-label')).toBe('各逾期阶段回正率柱状图');
    const cureDefinition = page.getByTestId('definition-cure-rate');
    expect(await cureDefinition.getByTestId('definition-formula').textContent()).toContain('回正');
    expect(await cureDefinition.getByTestId('definition-settings').textContent()).toContain('M1 1–30');

    // Usable at 1366×768: nothing wider than the window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await saveScreenshot(page, 'analytics-collection.png');
  });

  it('opens the cases behind a figure and a case from there', async () => {
    const view = await get<CollectionView>(`/analytics/dashboards/collection?from=${from}&to=${lastDay}`);
    const m1 = view.groups[0]!.cureRate.rows.find((r) => r.bucket === 'M1')!;
    expect(m1.ratio.denominator).toBeGreaterThan(0);
    expect(await page.getByTestId('cure-M1').textContent()).toBe(percent(m1.ratio.value));
    const listed = await get<{ total: number; items: { caseId: string; loanRef: string }[] }>(
      `/analytics/cases?day=${firstDay}&bucket=M1&limit=20`,
    );
    // The cure rate's denominator: the cases open at the period start, in M1.
    expect(listed.total).toBe(m1.ratio.denominator);

    await page.getByTestId('cure-M1').click();
    const drawer = page.getByTestId('drill-drawer');
    await drawer.getByTestId('drill-total').waitFor();
    expect(await drawer.getByTestId('drill-total').textContent()).toBe(`共 ${listed.total} 个案件`);
    expect(await drawer.getByTestId('drill-note').textContent()).toBe('期初在催的案件(回正率的分母)');
    const rows = drawer.locator('tr[data-row-key]');
    await expect.poll(() => rows.count()).toBe(Math.min(20, listed.total));
    const first = listed.items[0]!;
    const link = drawer.getByRole('link', { name: `打开案件 ${first.loanRef}` });
    expect(await link.getAttribute('href')).toBe(`/workstation/cases/${first.caseId}`);
    await saveScreenshot(page, 'analytics-drill-down.png');

    await link.click();
    await page.waitForURL(/\/workstation\/cases\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('case-page').getAttribute('data-case-id')).toBe(first.caseId);
    await page.goBack();
    await page.waitForURL(/\/analytics$/);
    await ready();
  });

  it('exports the collection figures as CSV with the API’s numbers, and as XLSX', async () => {
    await page.getByTestId('filter-from').fill(from);
    await page.getByTestId('filter-to').fill(lastDay);
    await ready();
    const view = await get<CollectionView>(`/analytics/dashboards/collection?from=${from}&to=${lastDay}`);
    const total = view.groups[0]!;

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toBe(`huikuan-collection-${from}_${lastDay}.csv`);
    const text = await readDownload(csv);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('kpi,group,item,numerator,denominator,value');
    const collected = total.amountCollected;
    expect(lines).toContain(
      `amount-collected,,${collected.payments} payments,${collected.collectedFen},,${collected.collectedFen}`,
    );
    const c = total.contactRate;
    expect(lines).toContain(`contact-rate,,,${c.numerator},${c.denominator},${c.value ?? ''}`);

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe(`huikuan-collection-${from}_${lastDay}.xlsx`);
    expect((await readDownload(xlsx, 'latin1')).slice(0, 2)).toBe('PK'); // a zip: the XLSX container
  });

  it('shows flow rates and the multiplier across the month end', async () => {
    await page.getByRole('tab', { name: '资产质量' }).click();
    const flow = page.getByTestId('chart-flow');
    await flow.locator('svg').waitFor();
    await expect.poll(() => flow.locator('svg path').count()).toBeGreaterThan(5); // axes and lines
    const view = await get<PortfolioView>(`/analytics/dashboards/portfolio?from=${from}&to=${lastDay}`);
    const month = view.groups[0]!.flowRates.at(-1)!;
    expect(month.month).toBe(lastDay.slice(0, 7));
    expect(await page.getByTestId(`multiplier-${month.month}`).textContent()).toBe(
      percent(month.multiplier.value),
    );
    await page.getByTestId('section-entry').getByTestId('definition-entry-rate').waitFor();

    // 滚动率矩阵: what the API has for this book — the matrix, or the plain explanation.
    const roll = page.getByTestId('section-roll-rate');
    await roll.getByTestId('definition-roll-rate').waitFor();
    expect(await roll.getByTestId('definition-settings').textContent()).toContain('滚动率观察期(月): 6');
    const matrices = view.groups[0]!.rollRate;
    if (matrices.length === 0) {
      expect(await roll.getByTestId('roll-rate-empty').textContent()).toContain('还没有滚动率矩阵');
      expect(await roll.getByTestId('chart-roll-rate').count()).toBe(0);
    } else {
      await expectMatrixShown(page, matrices.find((m) => m.complete) ?? matrices[0]!);
    }
    await saveScreenshot(page, 'analytics-portfolio.png', { fullPage: true });
  });

  it('draws a roll-rate matrix as a heatmap and a table, the latest complete one first', async () => {
    // Five days of book hold no matrix: the page is handed the API's answer with two matrices in it.
    const settings = await get<{ buckets: { code: string }[] }>('/analytics/settings');
    const codes = settings.buckets.map((b) => b.code);
    const month = firstDay.slice(0, 7);
    const matrix = (observationMonth: string, monthsPerformed: number, seed: number): RollRateView => ({
      observationMonth,
      observationWindow: Array.from({ length: 6 }, (_, i) => addMonths(observationMonth, i - 5)),
      performanceWindow: Array.from({ length: 6 }, (_, i) => addMonths(observationMonth, i + 1)),
      basis: 'count',
      rows: codes.map((from, i) => {
        const loans = codes.map((_, j) => (i === codes.length - 1 ? 0 : ((i + 1) * (j + seed)) % 7));
        const rowTotal = loans.reduce((a, b) => a + b, 0);
        return {
          from,
          total: rowTotal,
          cells: codes.map((to, j) => ({
            to,
            ratio: {
              numerator: loans[j]!,
              denominator: rowTotal,
              value: rowTotal === 0 ? null : (loans[j]! / rowTotal).toFixed(4),
            },
          })),
        };
      }),
      withoutPerformance: seed,
      monthsPerformed,
      complete: monthsPerformed >= 6,
    });
    const latest = matrix(addMonths(month, -1), 1, 3);
    const complete = matrix(addMonths(month, -7), 6, 2);
    const route = '**/api/v1/analytics/dashboards/portfolio?**';
    await page.route(route, async (r) => {
      const response = await r.fetch();
      const body = (await response.json()) as PortfolioView;
      for (const g of body.groups) g.rollRate = [latest, complete];
      await r.fulfill({ response, json: body });
    });
    try {
      await page.getByRole('button', { name: '刷新' }).click();
      await ready();
      await expectMatrixShown(page, complete);
      const roll = page.getByTestId('section-roll-rate');
      await roll.evaluate((section) =>
        window.scrollTo(0, section.getBoundingClientRect().top + window.scrollY - 72),
      );
      await saveScreenshot(page, 'analytics-roll-rate.png');

      await roll.getByTestId('roll-rate-month').click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: latest.observationMonth })
        .click();
      await expectMatrixShown(page, latest);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    } finally {
      await page.unroute(route);
    }
    await page.getByRole('button', { name: '刷新' }).click();
    await ready();
  });

  it('changes a definition (grace days), rebuilds the rollups and names the setting beside the chart', async () => {
    await page.getByTestId('settings-button').click();
    const drawer = page.getByTestId('analytics-settings');
    await drawer.getByRole('spinbutton', { name: '宽限天数' }).fill('1');
    await drawer.getByTestId('settings-save').click();
    await drawer.getByTestId('settings-rebuild').click();
    await page.getByText(/^已重算 \d+ 天的日汇总$/).waitFor();
    await page.keyboard.press('Escape');
    await ready();
    await expect
      .poll(() =>
        page.getByTestId('definition-entry-rate').first().getByTestId('definition-settings').textContent(),
      )
      .toContain('宽限天数: 1');
    const settings = await get<{ entry: { graceDays: number } }>('/analytics/settings');
    expect(settings.entry.graceDays).toBe(1);
  });

  it('says it in English', async () => {
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { name: 'Analytics' }).waitFor();
    await page.getByRole('tab', { name: 'Collection work' }).click();
    await ready();
    const contact = page.getByTestId('figure-contactRate');
    await contact.getByText('Contact rate', { exact: true }).waitFor();
    expect(await contact.textContent()).toContain('connected calls ÷ dialed'); // GLOSSARY.md verbatim
    await saveScreenshot(page, 'analytics-collection-en.png');
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });

  it('shows the dashboards to the auditor without the definitions editor', async () => {
    const auditor = await browser!.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const p = await auditor.newPage();
    await p.goto(baseUrl());
    await logIn(p, 'auditor');
    await p.goto(`${baseUrl()}/analytics`);
    await p.getByTestId('dashboard-ready').first().waitFor();
    expect(await p.getByTestId('settings-button').count()).toBe(0);
    await auditor.close();
  });
});

async function readDownload(
  download: { path(): Promise<string> },
  encoding: BufferEncoding = 'utf8',
): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(await download.path(), encoding);
}

/** The roll-rate section shows `m`: its month chosen, its state, every cell and row total, a heatmap cell per figure. */
async function expectMatrixShown(page: Page, m: RollRateView): Promise<void> {
  const roll = page.getByTestId('section-roll-rate');
  await expect.poll(() => roll.getByTestId('roll-rate-month').textContent()).toBe(m.observationMonth);
  expect(await roll.getByTestId('roll-rate-status').textContent()).toBe(
    m.complete ? '表现期已满' : `表现期未满(${m.monthsPerformed} / ${m.performanceWindow.length} 个月)`,
  );
  for (const row of m.rows) {
    expect(await roll.getByTestId(`roll-total-${row.from}`).textContent()).toBe(
      m.basis === 'count' ? count(row.total) : formatCny(row.total as Fen),
    );
    for (const cell of row.cells) {
      expect(await roll.getByTestId(`roll-${row.from}-${cell.to}`).textContent()).toBe(
        percent(cell.ratio.value),
      );
    }
  }
  expect(await roll.getByTestId('roll-rate-without').textContent()).toContain(String(m.withoutPerformance));
  // The heatmap (SVG) labels each cell that has a figure with its percentage.
  const chart = roll.getByTestId('chart-roll-rate');
  await chart.locator('svg').waitFor();
  const shown = m.rows
    .flatMap((r) => r.cells.filter((c) => c.ratio.value !== null))
    .map((c) => percent(c.ratio.value));
  await expect
    .poll(
      async () => (await chart.locator('svg text').allTextContents()).filter((x) => x.endsWith('%')).length,
    )
    .toBe(shown.length);
}
