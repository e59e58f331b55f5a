/** Renders public/favicon.svg to the PNG icons the PWA manifest lists (run once, commit the PNGs). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/emulatorEnv.ts';
import { launchChromium } from './lib/chromium.ts';

const svg = readFileSync(join(ROOT, 'public', 'favicon.svg'), 'utf8');
const icons = [
  { file: 'pwa-192x192.png', size: 192, padding: 0 },
  { file: 'pwa-512x512.png', size: 512, padding: 0 },
  // Maskable icons keep their content inside the central 80 % safe zone.
  { file: 'maskable-icon-512x512.png', size: 512, padding: 0.1 },
  { file: 'apple-touch-icon.png', size: 180, padding: 0 },
];
const browser = await launchChromium();
const page = await browser.newPage();
for (const icon of icons) {
  const inner = Math.round(icon.size * (1 - 2 * icon.padding));
  await page.setViewportSize({ width: icon.size, height: icon.size });
  await page.setContent(
    `<body style="margin:0;background:#0f172a;display:grid;place-items:center;height:100vh">` +
      `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body>`,
  );
  await page.screenshot({ path: join(ROOT, 'public', icon.file) });
}
await browser.close();
