import { getAuth } from 'firebase-admin/auth';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { adminApp } from '../support/admin.ts';
import { authHost, PROJECT_ID } from '../support/emulators.ts';

export const PASSWORD = 'authoring-pass-1';

/** An Auth account made through firebase-admin (emailVerified as asked). */
export async function createAccount(email: string, emailVerified = true): Promise<string> {
  const user = await getAuth(adminApp()).createUser({ email, password: PASSWORD, emailVerified });
  return user.uid;
}

/**
 * Follows the Auth emulator's email verification link for `email` (as a user clicking it in the mail would).
 * Waits for the mail: the app is signed in, and says so, before its sendEmailVerification call returns.
 */
export async function followVerificationLink(email: string): Promise<void> {
  const verificationLink = async (): Promise<string | undefined> => {
    const res = await fetch(`http://${authHost()}/emulator/v1/projects/${PROJECT_ID}/oobCodes`);
    const { oobCodes } = (await res.json()) as { oobCodes: { email: string; requestType: string; oobLink: string }[] };
    return oobCodes.filter((c) => c.email === email && c.requestType === 'VERIFY_EMAIL').pop()?.oobLink;
  };
  await expect.poll(verificationLink, { timeout: 15_000, message: `no verification email was sent to ${email}` }).toBeDefined();
  const opened = await fetch((await verificationLink())!);
  expect(opened.ok).toBe(true);
}

/**
 * A fresh browser context (its own storage, so its own session) on the app's home page.
 * The locale is set: under LANG=C.UTF-8 the npm-installed Chromium reports "en-US@posix", which Intl rejects.
 */
export async function openApp(browser: Browser, appUrl: string, path = '/'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${appUrl}${path}`);
  return page;
}

/** Signs in through the home page's form. */
export async function signIn(page: Page, email: string): Promise<void> {
  const form = page.locator('form[aria-label="Sign in"]');
  await form.locator('input[name=email]').fill(email);
  await form.locator('input[name=password]').fill(PASSWORD);
  await form.locator('button[type=submit]').click();
  await page.getByTestId('signed-in-email').getByText(email).waitFor();
}

/** Polls `read` until it returns something satisfying `check`. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeout} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await read();
  }
  return last;
}
