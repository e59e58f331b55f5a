/**
 * JS shipped to open a public dashboard (the demo, signed out), gzip: every
 * script the page loads until all its widgets show, compressed as a server
 * would send it; and whether Chart.js stayed out of the first chunk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEMO_DASHBOARDS } from '../scripts/demo/demoData.ts';
import { report } from './_report.ts';
import { openStage, sleep, waitForWidgets } from './_viewerApp.ts';

const BENCH = 'viewer-bundle';
const CHART_JS_MARK = 'Canvas is already in use';

async function main(): Promise<void> {
  const { app, browser, close } = await openStage();
  try {
    const page = await browser.newPage();
    const scripts = new Set<string>();
    page.on('request', (req) => {
      if (req.resourceType() === 'script') scripts.add(new URL(req.url()).pathname);
    });
    await page.goto(`${app.url}/d/demo`);
    // Widgets show "Waiting for data" without records: enough, every widget type is loaded by then.
    await waitForWidgets(page, 0);
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-widget-id]').length >= n && !document.body.textContent?.includes('Loading'),
      DEMO_DASHBOARDS[0]!.widgets.length,
    );
    await sleep(2000);
    const entry = [...scripts].find((s) => /\/assets\/index-[^/]+\.js$/.test(s));
    let total = 0;
    let entryKb = 0;
    let chartInEntry = false;
    for (const path of scripts) {
      const code = readFileSync(join(app.outDir, path));
      const kb = gzipSync(code).length / 1024;
      total += kb;
      if (path === entry) {
        entryKb = kb;
        chartInEntry = code.includes(CHART_JS_MARK);
      }
      console.error(`#   ${path} ${kb.toFixed(1)} KB gzip`);
    }
    report(BENCH, 'js_gzip_to_open_public_dashboard', Number(total.toFixed(1)), 'KB');
    report(BENCH, 'first_chunk_gzip', Number(entryKb.toFixed(1)), 'KB');
    report(BENCH, 'chart_js_in_first_chunk', chartInEntry, 'bool');
    report(BENCH, 'scripts_loaded', scripts.size, 'files');
  } finally {
    await close();
  }
}

await main();
