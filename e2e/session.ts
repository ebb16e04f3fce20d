/**
 * One browser session on a fresh Huikuan for a browser suite: the server (see harness.ts),
 * headless Chromium at 1366×768 (the smallest laptop screen the console supports) in zh-CN,
 * one page that collects its uncaught errors, and the login and menu helpers the suites share.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { assertBrowserAvailable, browserPolicy, launchBrowser } from './browser.js';
import { startHuikuan } from './harness.js';

/** The password of the demo logins (admin, collector1, …). */
export const DEMO_PASSWORD = 'Demo-pass-2026';

/** Where the suites leave their screenshots. */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** `describe`, skipped (with a message) when Chromium is absent and not required. */
export const describeInBrowser = describe.skipIf(browserPolicy() === 'skip');

export type Harness = Awaited<ReturnType<typeof startHuikuan>>;

export interface Session {
  harness: Harness;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The page's uncaught errors so far. */
  pageErrors: Error[];
  /** Closes the browser, then stops the server. */
  close(): Promise<void>;
}

/** Starts Huikuan (with `loans` demo loans, 300 unless given) and opens a page on it in Chromium. */
export async function openSession(options: { loans?: number } = {}): Promise<Session> {
  assertBrowserAvailable(); // HUIKUAN_REQUIRE_BROWSER=1 without Chromium fails here
  const harness = await startHuikuan(options);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    // Generous: CI machines are small and busy; a waiting step should not be what fails.
    page.setDefaultTimeout(30_000);
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    const opened = browser;
    return {
      harness,
      browser: opened,
      context,
      page,
      pageErrors,
      close: async () => {
        await opened.close();
        await harness.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await harness.stop();
    throw error;
  }
}

/**
 * Opens a session before the suite's tests (in a beforeAll) and closes it after them; the
 * answer reads the open session, so use its fields inside hooks and tests only.
 */
export function useSession(options: { loans?: number } = {}): Omit<Session, 'close'> {
  let session: Session | undefined;
  beforeAll(async () => {
    session = await openSession(options);
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  }, 60_000);
  const open = (): Session => {
    if (!session) throw new Error('The browser session is not open (its beforeAll failed or has not run)');
    return session;
  };
  return {
    get harness() {
      return open().harness;
    },
    get browser() {
      return open().browser;
    },
    get context() {
      return open().context;
    },
    get page() {
      return open().page;
    },
    get pageErrors() {
      return open().pageErrors;
    },
  };
}

/** Fills in the login form and submits it. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.locator('#login_username').fill(username);
  await form.locator('#login_password').fill(password);
  await form.locator('button[type="submit"]').click();
}

/** Logs a demo user in and waits for the shell's side menu. */
export async function logIn(page: Page, username: string): Promise<void> {
  await submitLogin(page, username, DEMO_PASSWORD);
  await page.getByTestId('side-menu').waitFor();
}

/** The side menu's entries, as shown. */
export async function menuTexts(page: Page): Promise<string[]> {
  const texts = await page.getByTestId('side-menu').getByRole('menuitem').allInnerTexts();
  return texts.map((text) => text.trim());
}

/** Saves a screenshot of the page to e2e/artifacts/<name>. */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ ...options, path: `${ARTIFACTS}${name}` });
}
