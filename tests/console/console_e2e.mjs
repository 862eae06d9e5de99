// The web console end to end in a real browser: Debian's chromium (headless, driven by
// playwright-core, no browser download) against a real `moat server` (SQLite) serving the built
// console, with Docker's registry from registry_env.sh holding Moat's demo image.
//
// Walks: sign in → add the registry (credential test) → scan now → schedule → `moat scan
// --upload` from a "GitHub Actions" run with a failing gate → Images filtered by type CI/CD and
// by registry → search by tag, digest prefix and repository → open the image: lodash
// CVE-2021-23337 fixed in 4.17.21, SARIF export, each layer's build command, the AWS key masked
// → CI/CD page → the gate's alert marked handled → upload an Ultimate license →
// Microsegmentation enabled → a viewer token reads but edits nothing → narrow window.
// Screenshots of every main page go to $MOAT_SCREENSHOT_DIR. Any page error or CSP violation fails.
//
// Environment: MOAT_BINARY, MOAT_MAKE_DEMO_IMAGE, MOAT_WEB_DIR (built console),
// MOAT_SCREENSHOT_DIR, MOAT_TEST_REGISTRY_PLAIN (host:port). Exits 77 (skipped) when chromium,
// the registry or the built console is missing.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.MOAT_CHROMIUM ?? '/usr/bin/chromium';
const STEP_TIMEOUT_MS = 30_000;
const SCAN_TIMEOUT_MS = 120_000;
const DEMO_SECRET = 'AKIAQ4XZ7RMB2WEDTNPK';  // tests/fixtures/demo/layer1/opt/legacy/deploy.env

function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(77);
}

const env = (name) => process.env[name] ?? '';
const MOAT = env('MOAT_BINARY');
const MAKE_IMAGE = env('MOAT_MAKE_DEMO_IMAGE');
const WEB_DIR = env('MOAT_WEB_DIR');
const REGISTRY = env('MOAT_TEST_REGISTRY_PLAIN');
const SHOTS = env('MOAT_SCREENSHOT_DIR') || path.join(os.tmpdir(), 'moat-console-screenshots');
if (!MOAT || !MAKE_IMAGE) throw new Error('MOAT_BINARY and MOAT_MAKE_DEMO_IMAGE must be set');
if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} is missing (apt-get install chromium)`);
if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) skip(`no built console in "${WEB_DIR}"`);
if (!REGISTRY) skip('MOAT_TEST_REGISTRY_PLAIN is not set (tests/integration/registry_env.sh)');
const { chromium } = createRequire(path.join(ROOT, 'web/package.json'))('playwright-core');

function run(file, args, options = {}) {
  return execFileSync(file, args, { encoding: 'utf8', timeout: SCAN_TIMEOUT_MS, ...options });
}

// The work dir: the demo image (OCI layout and docker archive), a vulnerability database from
// the demo advisories, a license key pair and an Ultimate license signed by it.
function prepare(work) {
  run(MAKE_IMAGE, [path.join(ROOT, 'tests/fixtures/demo'), path.join(work, 'image')]);
  run(MOAT, ['db', 'build', '--from', path.join(ROOT, 'tests/fixtures/demo-advisories'),
    '--db', path.join(work, 'moat.db')]);
  run(MOAT, ['license', 'keygen', '--out-dir', path.join(work, 'keys')]);
  run(MOAT, ['license', 'issue', '--key', path.join(work, 'keys/license-private.pem'),
    '--edition', 'ultimate', '--customer', 'Console E2E', '--expires', '2099-12-31',
    '-o', path.join(work, 'ultimate.license')]);
}

// Starts `moat server` and resolves with its URL and first admin token.
function startCenter(work) {
  const child = spawn(MOAT, ['server', '--data-dir', path.join(work, 'center'),
    '--listen', '127.0.0.1:0', '--db', path.join(work, 'moat.db'), '--web-dir', WEB_DIR,
    '--dev-mode', '--license-public-key', path.join(work, 'keys/license-public.pem')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`moat server did not start: ${log}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const url = /moat center listening on (\S+)/.exec(out)?.[1];
      const token = /first admin token[^:]*: (\S+)/.exec(out)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolve({ child, url, token, log: () => log });
      }
    });
    child.on('exit', (code) => reject(new Error(`moat server exited ${code}: ${log}`)));
  });
}

async function api(center, pathname) {
  const response = await fetch(center.url + pathname, {
    headers: { Authorization: `Bearer ${center.token}` },
  });
  assert.equal(response.status, 200, `GET ${pathname}`);
  return response.json();
}

let shotIndex = 0;
async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  shotIndex += 1;
  const file = path.join(SHOTS, `${String(shotIndex).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

async function step(name, body) {
  const started = Date.now();
  await body();
  console.log(`ok - ${name} (${Date.now() - started} ms)`);
}

// Fails the test on any uncaught page error, CSP violation or script error logged; failed API
// calls (the test makes some on purpose: a wrong token, a refused port, the Enterprise 403) are
// logged by chromium as resource errors, and the steps check what the page says about them.
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Failed to load resource: the server responded with a status of [45]\d\d/.test(m.text())) return;
    errors.push(`console error: ${m.text()}`);
  });
  return errors;
}

async function signIn(page, center) {
  await page.goto(center.url + '/');
  await shot(page, 'sign-in');
  await page.getByLabel('API token').fill('moat_not-a-real-token-0000000000000000000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();
  await page.getByLabel('API token').fill(center.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('admin (admin)').waitFor();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await shot(page, 'overview');
}

async function addRegistryAndScan(page, repo) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Registries' }).click();
  await page.getByRole('heading', { name: 'Registries', level: 1 }).waitFor();
  const form = page.getByRole('form', { name: 'Add registry' });
  await form.getByLabel('Name', { exact: true }).fill('local');
  await form.getByLabel('Kind').selectOption('docker-registry');
  await form.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:1`);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await form.getByRole('alert').waitFor();  // the refused port, said in words
  await form.getByLabel('URL', { exact: true }).fill(`http://${REGISTRY}`);
  await form.getByLabel('Repositories', { exact: true }).fill(repo);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await form.getByText(/^Connection works/).waitFor();
  await form.getByRole('button', { name: 'Add registry' }).click();
  await form.getByText('Added registry local').waitFor();
  const row = page.getByRole('row').filter({ hasText: `http://${REGISTRY}` });
  await row.getByRole('button', { name: 'Scan now' }).click();
  await page.getByText(/^Scan finished: 1 image\b/).waitFor({ timeout: SCAN_TIMEOUT_MS });
  await row.getByRole('button', { name: 'Schedule' }).click();
  await page.getByLabel('Minutes between scans').fill('90');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await page.getByText('Schedule of local: every 1 h 30 min.').waitFor();
  await row.getByText('every 1 h 30 min').waitFor();
  await shot(page, 'registries');
}

function uploadFromCi(center, work, repoName) {
  // A GitHub Actions run whose gate fails (the demo image has a critical secret).
  const result = execFileSync(MOAT, ['scan', '--db', path.join(work, 'moat.db'), '--fail-on',
    'critical', '--upload', center.url, path.join(work, 'image/demo.docker.tar')], {
    encoding: 'utf8',
    timeout: SCAN_TIMEOUT_MS,
    env: {
      ...process.env, MOAT_TOKEN: center.token, GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: repoName, GITHUB_RUN_ID: '4242', GITHUB_SHA: 'a1b2c3d4e5f6',
      GITHUB_REF_NAME: 'main', GITHUB_WORKFLOW: 'build', GITHUB_SERVER_URL: 'https://github.com',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
  return result;
}

async function imagesByTypeAndSearch(page, center, registryImage) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' }).click();
  const table = page.getByRole('table', { name: 'Images' });
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), 2, 'both images are listed');
  await page.getByLabel('Image type').selectOption('ci-cd');
  await page.waitForURL(/[?&]type=ci-cd/);
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Images"] tbody tr').length === 1);
  assert.match(await table.locator('tbody tr').first().innerText(), /CI\/CD/);
  await shot(page, 'images-ci-cd');

  // The filter lives in the URL: a fresh load of that URL shows the same view.
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Images"] tbody tr').length === 1);
  assert.equal(await page.getByLabel('Image type').inputValue(), 'ci-cd');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Search').fill(registryImage.tag);
  await page.waitForURL(new RegExp(`search=${registryImage.tag}`));
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Images"] tbody tr').length === 1);
  await table.locator(`tbody tr[data-digest="${registryImage.digest}"]`).waitFor();

  const prefix = registryImage.digest.slice(0, 'sha256:'.length + 10);
  await page.getByLabel('Search').fill(prefix);
  await page.getByLabel('Search').press('Enter');
  await page.waitForURL((url) => url.searchParams.get('search') === prefix);
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Images"] tbody tr').length === 1);
  await table.locator(`tbody tr[data-digest="${registryImage.digest}"]`).waitFor();
  await shot(page, 'images-search-digest');

  // A part of the repository name.
  await page.getByLabel('Search').fill(registryImage.repo.split('/')[0]);
  await page.getByLabel('Search').press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Images"] tbody tr').length === 1);
  await table.locator(`tbody tr[data-digest="${registryImage.digest}"]`).waitFor();

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Images"] tbody tr').length === 2);
  await page.locator('select[name="registry"]').selectOption({ label: 'local' });
  await page.waitForURL(/[?&]registry=/);
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Images"] tbody tr').length === 1);
  await table.locator(`tbody tr[data-digest="${registryImage.digest}"]`).waitFor();
}

async function imageDetail(page) {
  const table = page.getByRole('table', { name: 'Images' });
  await table.getByRole('link').first().click();
  await page.waitForURL(/\/images\/sha256/);
  const vulns = page.getByRole('table', { name: 'Vulnerabilities' });
  await vulns.waitFor();
  const lodash = vulns.locator('tr[data-id="CVE-2021-23337"]');
  const text = await lodash.innerText();
  assert.match(text, /lodash/);
  assert.match(text, /4\.17\.21/, 'the fixed version is shown');
  await shot(page, 'image-detail');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'SARIF' }).click();
  const sarif = JSON.parse(fs.readFileSync(await (await download).path(), 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.ok(JSON.stringify(sarif.runs[0].results).includes('CVE-2021-23337'), 'SARIF has the CVE');
  assert.ok(!JSON.stringify(sarif).includes(DEMO_SECRET), 'SARIF masks the secret');

  await page.getByRole('tab', { name: /^Layers/ }).click();
  await page.getByRole('table', { name: 'Layers' }).getByText('COPY layer1 /').waitFor();
  // The registry scan ran the secret scanner too: the demo's AWS key, masked everywhere.
  await page.getByRole('tab', { name: /^Secrets and files/ }).click();
  const secrets = page.getByRole('table', { name: 'Secrets and sensitive files' });
  await secrets.getByText('/opt/legacy/deploy.env').first().waitFor();
  assert.ok(!(await page.content()).includes(DEMO_SECRET), 'the page never shows the raw secret');
  await shot(page, 'image-secrets');
}

async function pipelinesAndAlerts(page, repoName) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'CI/CD' }).click();
  const row = page.getByRole('row').filter({ hasText: repoName });
  await row.waitFor();
  assert.match(await row.innerText(), /fail/i, 'the failed gate is shown');
  await shot(page, 'cicd');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
  await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
  const alert = page.getByRole('row').filter({ hasText: repoName }).first();
  await alert.getByRole('button', { name: 'Mark handled' }).click();
  await page.getByText(/marked handled/).waitFor();
  await shot(page, 'alerts');
}

async function licenseUnlocksMicrosegmentation(page, work) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const disabled = nav.locator('[aria-disabled="true"]', { hasText: 'Microsegmentation' });
  assert.match(await disabled.innerText(), /requires the Ultimate edition/);
  await nav.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('License file').setInputFiles(path.join(work, 'ultimate.license'));
  await page.getByRole('button', { name: 'Upload license' }).click();
  await page.getByTestId('edition').filter({ hasText: 'Ultimate' }).waitFor();
  await shot(page, 'settings-ultimate');
  await nav.getByRole('link', { name: 'Microsegmentation' }).click();
  await page.getByRole('heading', { name: 'Microsegmentation', level: 1 }).waitFor();
  await page.getByText('No rules yet').waitFor();
  await shot(page, 'microsegmentation');
}

// An admin makes a viewer token in Settings; signed in with it, nothing is editable.
async function viewerReadsOnly(page) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Token name').fill('auditor');
  await page.getByLabel('Role').selectOption('viewer');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = await page.getByLabel('New token').inputValue();
  assert.match(secret, /^moat_/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API token').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('auditor (viewer)').waitFor();
  await nav.getByRole('link', { name: 'Registries' }).click();
  await page.getByText(/only admins can add, remove or reschedule registries/).waitFor();
  await page.getByRole('row').filter({ hasText: 'local' }).first().waitFor();
  for (const name of ['Scan now', 'Schedule', 'Remove', 'Add registry']) {
    assert.equal(await page.getByRole('button', { name }).count(), 0, `a viewer has no ${name}`);
  }
  await shot(page, 'viewer-registries');
  await nav.getByRole('link', { name: 'Alerts' }).click();
  await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
  await page.getByRole('row').nth(1).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Reopen' }).count(), 0);
  await nav.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await page.getByText('Ultimate', { exact: true }).first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create token' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Upload license' }).count(), 0);
}

async function narrowWindow(page) {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [route, name] of [['/', 'narrow-overview'], ['/images', 'narrow-images'],
    ['/registries', 'narrow-registries'], ['/settings', 'narrow-settings']]) {
    await page.goto(page.url().replace(/(https?:\/\/[^/]+).*/, `$1${route}`));
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 392, `${route} fits 390 px (scrollWidth ${overflow})`);
    await shot(page, name);
  }
}

async function main() {
  fs.rmSync(SHOTS, { recursive: true, force: true });  // the artifacts are this run's only
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'moat-console-e2e-'));
  const suffix = Math.random().toString(16).slice(2, 8);
  const repo = `console-e2e-${suffix}/app`;
  const tag = `e2e-${suffix}`;
  const repoName = `acme/console-${suffix}`;
  prepare(work);
  run('skopeo', ['copy', '--dest-tls-verify=false', `oci:${path.join(work, 'image/oci')}`,
    `docker://${REGISTRY}/${repo}:${tag}`]);
  const center = await startCenter(work);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const errors = watchErrors(page);
  try {
    await step('sign in with an API token (a wrong one is refused in words)', () => signIn(page, center));
    await step('add the local registry with a credential test, scan now, schedule', () => addRegistryAndScan(page, repo));
    const listed = await api(center, `/api/v1/images?type=registry`);
    assert.equal(listed.total, 1);
    const registryImage = { digest: listed.images[0].digest, tag, repo };
    await step('moat scan --upload from a GitHub Actions run', async () => {
      try {
        uploadFromCi(center, work, repoName);
        assert.fail('the gate should fail');
      } catch (e) {
        assert.equal(e.status, 1, `moat scan exits 1 on a failed gate: ${e.stderr ?? e}`);
      }
    });
    await step('Images: filter by type CI/CD and by registry, search by tag, digest prefix and repository',
      () => imagesByTypeAndSearch(page, center, registryImage));
    await step('image detail: lodash CVE-2021-23337 fixed in 4.17.21, SARIF export', () => imageDetail(page));
    await step('CI/CD pipeline scans; the alert marked handled', () => pipelinesAndAlerts(page, repoName));
    await step('Ultimate license enables microsegmentation', () => licenseUnlocksMicrosegmentation(page, work));
    await step('a viewer token made in Settings reads but edits nothing', () => viewerReadsOnly(page));
    await step('narrow window (390x844) without page overflow', () => narrowWindow(page));
    assert.deepEqual(errors, [], 'no page errors or CSP violations');
  } catch (e) {
    await page.screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true }).catch(() => {});
    console.error(`page errors: ${JSON.stringify(errors)}\nserver log:\n${center.log().slice(-4000)}`);
    throw e;
  } finally {
    await browser.close();
    center.child.kill('SIGTERM');
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`screenshots in ${SHOTS}`);
}

await main();
