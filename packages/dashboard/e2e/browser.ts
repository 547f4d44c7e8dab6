import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; FEDCLOUD_CHROMIUM points elsewhere (or at nothing, to try the skip path). */
export const CHROMIUM = process.env.FEDCLOUD_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether the suite can run: without Debian's Chromium it is skipped (with a message), unless
 * FEDCLOUD_REQUIRE_CHROMIUM=1 (CI), where a missing browser must fail the run instead.
 */
export function chromiumPlan(): { run: boolean; missingMessage?: string } {
  if (existsSync(CHROMIUM)) return { run: true };
  const message = `${CHROMIUM} is missing (apt-get install chromium)`;
  if (process.env.FEDCLOUD_REQUIRE_CHROMIUM === '1') return { run: true, missingMessage: message };
  console.warn(
    `dashboard e2e: SKIPPED, ${message}; set FEDCLOUD_REQUIRE_CHROMIUM=1 to fail instead`,
  );
  return { run: false };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps calling home, which this
    // machine's closed network refuses; the dashboard itself must need no outside request.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PageProblems {
  consoleErrors: string[];
  failedRequests: string[];
  /** Responses of 400 or more, as "404 http://…". */
  errorResponses: string[];
  /** Requests that left the hub's origin. */
  foreignRequests: string[];
  clear(): void;
}

/** Records everything that would mean a broken page: console errors, failed or foreign requests. */
export function watchPage(page: Page, origin: string): PageProblems {
  const problems: PageProblems = {
    consoleErrors: [],
    failedRequests: [],
    errorResponses: [],
    foreignRequests: [],
    clear() {
      this.consoleErrors.length = 0;
      this.failedRequests.length = 0;
      this.errorResponses.length = 0;
      this.foreignRequests.length = 0;
    },
  };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) =>
    problems.consoleErrors.push(`uncaught: ${error.stack ?? error.message}`),
  );
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:'))
      problems.foreignRequests.push(url);
  });
  page.on('requestfailed', (request) => {
    problems.failedRequests.push(`${request.failure()?.errorText ?? 'failed'} ${request.url()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.errorResponses.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}
