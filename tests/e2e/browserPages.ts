import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';

/**
 * One Chromium for a suite file, and a fresh context (its own storage, so
 * its own session) per page; `close` closes them all.
 */
export function browserPages(options: BrowserContextOptions = {}) {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  return {
    async launch(): Promise<void> {
      browser = await launchChromium();
    },
    async newPage(): Promise<Page> {
      if (!browser) throw new Error('launch() the browser first');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', ...options });
      contexts.push(context);
      return context.newPage();
    },
    async close(): Promise<void> {
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
      await browser?.close();
    },
  };
}
