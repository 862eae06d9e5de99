// Times the console's pages in Debian's chromium: node console_load.mjs URL TOKEN DIGEST RUNS.
// Each run is a new browser context (empty cache, like a first visit) that signs in through
// sessionStorage and loads one page until it shows its data (the page's ready selector, no
// "Loading …" left); then the Images page's Next button (server-side paging) is timed warm.
// Prints a Markdown table of median and p95 per page.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(path.join(ROOT, 'web/package.json'))('playwright-core');
const [url, token, digest, runsArg = '15'] = process.argv.slice(2);
const runs = Number(runsArg);

const kPages = [
  ['Overview', '/', 'main table'],
  ['Images', '/images', 'table[aria-label="Images"] tbody tr'],
  ['Images, CI/CD + high', '/images?type=ci-cd&severity=high', 'table[aria-label="Images"] tbody tr'],
  ['Images, search by tag', '/images?search=build-0500', 'table[aria-label="Images"] tbody tr'],
  ['Image detail', `/images/${encodeURIComponent(digest)}`, 'table[aria-label="Vulnerabilities"] tbody tr'],
  ['CI/CD', '/cicd', 'main table tbody tr'],
  ['Alerts', '/alerts', 'main table tbody tr'],
  ['Registries', '/registries', 'main h1'],
  ['Settings', '/settings', 'main h1'],
];

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p95: at(95) };
}

async function ready(page, selector) {
  await page.locator(selector).first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.progress'), null, { timeout: 30_000 });
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
console.log(`| page | path | median ms | p95 ms |`);
console.log(`|---|---|---|---|`);
for (const [name, route, selector] of kPages) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((t) => sessionStorage.setItem('moat.token', t), token);
    const page = await context.newPage();
    const start = performance.now();
    await page.goto(url + route);
    await ready(page, selector);
    times.push(performance.now() - start);
    await context.close();
  }
  const { p50, p95 } = stats(times);
  console.log(`| ${name} | \`${route}\` | ${p50.toFixed(0)} | ${p95.toFixed(0)} |`);
}

// Paging: the next 50 of 10,000, warm (the app is loaded; one API call and a re-render).
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
await context.addInitScript((t) => sessionStorage.setItem('moat.token', t), token);
const page = await context.newPage();
await page.goto(url + '/images');
await ready(page, 'table[aria-label="Images"] tbody tr');
const times = [];
for (let i = 0; i < runs; i++) {
  const first = await page.locator('table[aria-label="Images"] tbody tr').first().getAttribute('data-digest');
  const start = performance.now();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForFunction(
    (old) => {
      const row = document.querySelector('table[aria-label="Images"] tbody tr');
      return row && row.getAttribute('data-digest') !== old && !document.querySelector('.progress');
    },
    first,
    { timeout: 30_000 },
  );
  times.push(performance.now() - start);
}
const { p50, p95 } = stats(times);
console.log(`| Images: Next page (warm) | \`/images?offset=…\` | ${p50.toFixed(0)} | ${p95.toFixed(0)} |`);
await browser.close();
