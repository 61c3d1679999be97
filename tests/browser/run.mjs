// Checks as a person would, in headless Chromium (Debian's /usr/bin/chromium; see TOOLCHAIN.md):
// 1. the HTML report opens without console errors, shows every section heading, and prints; a PNG screenshot and a
//    PDF are saved to artifacts/;
// 2. the WebAssembly demo page assesses the example organisation from picked files and offers the report for download.
// Usage: node run.mjs REPORT.html (run from .ci/test-browser, which builds both).
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import assert from 'node:assert/strict';

const root = resolve(import.meta.dirname, '../..');
const artifacts = join(root, 'artifacts');
const report = resolve(process.argv[2] ?? join(artifacts, 'report.html'));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

// A static server over the repository, so that ES modules and WebAssembly load as on a web site.
const server = createServer(async (req, res) => {
  const path = join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!path.startsWith(root)) { res.writeHead(403).end(); return; }
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failures = 0;
async function check(name, fn) {
  const page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  try {
    await fn(page);
    assert.deepEqual(problems, [], 'no console errors');
    console.log(`ok - ${name}`);
  } catch (e) {
    failures += 1;
    console.log(`not ok - ${name}\n  ${String(e.message).replaceAll('\n', '\n  ')}\n  ${problems.join('\n  ')}`);
  } finally {
    await page.close();
  }
}

await mkdir(artifacts, { recursive: true });

await check('the HTML report opens, shows every section and prints', async (page) => {
  await page.goto(`file://${report}`);
  const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent.trim()));
  const toc = await page.$$eval('nav.toc a', (as) => as.map((a) => a.textContent.trim()));
  assert.ok(headings.length >= 8, `section headings: ${headings}`);
  assert.deepEqual(headings, toc, 'every section of the table of contents is in the document');
  assert.equal(await page.$$eval('svg.chart', (s) => s.length) > 0, true, 'charts are inline SVG');
  assert.equal(await page.$$eval('script', (s) => s.length), 0, 'no script in the report');
  await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: false });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.ok(pdf.length > 10000, 'a printable PDF');
  await writeFile(join(artifacts, 'report.pdf'), pdf);
});

await check('the demo page assesses dropped files and downloads the report', async (page) => {
  await page.goto(`${base}/iso-wasm/demo/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  const example = join(root, 'examples/ecociclo');
  await page.setInputFiles('#picker', ['organisation.toml', 'evidence.csv', 'findings.csv', 'actions.csv', 'maturity.csv'].map((f) => join(example, f)));
  await page.waitForFunction(() => !document.getElementById('assess').disabled);
  await page.click('#assess');
  await page.waitForSelector('.iso-assessment table');
  const text = await page.textContent('#result');
  assert.ok(text.includes('ISO 14001:2015') && text.includes('not ready'), text.slice(0, 300));
  assert.equal(await page.textContent('#error'), '');
  await page.screenshot({ path: join(artifacts, 'demo.png') });
  await page.selectOption('#lang', 'pt');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-html')]);
  const path = await download.path();
  const html = await readFile(path, 'utf8');
  assert.ok(html.startsWith('<!DOCTYPE html>') && html.includes('Sumário executivo'));
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
  const bytes = await readFile(await xlsx.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
});

await check('the demo page shows a bad sheet as an error with its line', async (page) => {
  await page.goto(`${base}/iso-wasm/demo/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await page.setInputFiles('#picker', [
    { name: 'organisation.toml', mimeType: 'text/plain', buffer: await readFile(join(root, 'examples/ecociclo/organisation.toml')) },
    { name: 'evidence.csv', mimeType: 'text/csv', buffer: Buffer.from('id,title,kind,links,status\nE1,<b>x</b>,poster,ISO9001:2015/5.2,approved\n') },
  ]);
  await page.waitForFunction(() => !document.getElementById('assess').disabled);
  await page.click('#assess');
  await page.waitForFunction(() => document.getElementById('error').textContent.length > 0);
  const error = await page.textContent('#error');
  assert.ok(error.startsWith('ValidationError') && error.includes('evidence.csv:2: E1: kind'), error);
});

await browser.close();
server.close();
if (failures > 0) {
  console.log(`${failures} browser check(s) failed`);
  process.exit(1);
}
console.log('all browser checks passed; artifacts in artifacts/');
