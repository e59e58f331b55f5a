import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, when the machine has it. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Flags that keep Chromium off the closed network and working as root. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let resolved: Promise<string> | undefined;

/**
 * The Chromium that browser tests, benchmarks and Lighthouse drive:
 * `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`, else the binary that
 * `npm install` brought (`@sparticuz/chromium`, unpacked into the temporary
 * folder on first use). playwright-core cannot download a browser offline.
 */
export function chromiumPath(): Promise<string> {
  resolved ??= resolveChromium();
  return resolved;
}

async function resolveChromium(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

/** Launches headless Chromium with the flags above. */
export async function launchChromium(): Promise<Browser> {
  // One locale whatever the host's: with LANG=C.UTF-8 (or POSIX) Chromium's default locale is
  // "en-US@posix", which Intl rejects, and every widget that formats a number fails.
  const env = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' };
  return chromium.launch({ executablePath: await chromiumPath(), args: [...CHROMIUM_ARGS, '--lang=en-US'], env });
}
