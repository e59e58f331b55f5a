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
    /** A page (a new one unless given) signed in on the home page's form, then at `path`. */
    async signedIn(appUrl: string, email: string, password: string, path: string, page?: Page): Promise<Page> {
      page ??= await this.newPage();
      await page.goto(appUrl);
      const form = page.locator('form[aria-label="Sign in"]');
      await form.locator('input[name=email]').fill(email);
      await form.locator('input[name=password]').fill(password);
      await form.locator('button[type=submit]').click();
      await page.getByTestId('signed-in-email').waitFor();
      await page.goto(`${appUrl}${path}`);
      return page;
    },
    async close(): Promise<void> {
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
      await browser?.close();
    },
  };
}
