/**
 * Headless Chromium for the browser tests. The binary is the system's (no browser
 * download at install time): HUIKUAN_CHROMIUM, else /usr/bin/chromium.
 *
 * Policy: without Chromium the browser suites are skipped with a plain message, unless
 * HUIKUAN_REQUIRE_BROWSER=1 (CI), where a missing browser is a test failure.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.HUIKUAN_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** True when the Chromium binary exists. */
export function browserAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** True when a missing browser must fail the run (HUIKUAN_REQUIRE_BROWSER=1). */
export function browserRequired(): boolean {
  return process.env.HUIKUAN_REQUIRE_BROWSER === '1';
}

/**
 * Whether a browser suite should run: 'run', 'skip' (prints why), or 'fail' when the
 * browser is required but absent (the suite runs and its beforeAll throws).
 */
export function browserPolicy(): 'run' | 'skip' | 'fail' {
  if (browserAvailable()) return 'run';
  if (browserRequired()) return 'fail';
  console.warn(
    `Browser tests SKIPPED: Chromium not found at ${CHROMIUM_PATH} (set HUIKUAN_CHROMIUM to its path)`,
  );
  return 'skip';
}

/** Throws the failure a required-but-missing browser must produce. */
export function assertBrowserAvailable(): void {
  if (!browserAvailable()) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}, and HUIKUAN_REQUIRE_BROWSER=1 requires the browser tests to run`,
    );
  }
}

/** Launches headless Chromium. */
export async function launchBrowser(): Promise<Browser> {
  assertBrowserAvailable();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
