// The demo page: reads dropped files, assesses them with the WebAssembly engine, offers the report for download.
import init, { Catalogue, Register, Report, assess, summaryHtml, version } from '../pkg-web/iso_wasm.js';

const files = {};
const $ = (id) => document.getElementById(id);
const SHEETS = { 'organisation.toml': 'organisation', 'evidence.csv': 'evidence', 'findings.csv': 'findings', 'actions.csv': 'actions', 'maturity.csv': 'maturity', 'columns.toml': null };

let catalogue;

function showError(e) {
  const issues = e && e.issues ? `\n${e.issues.slice(0, 20).map((i) => i.message).join('\n')}` : '';
  $('error').textContent = `${e?.name ?? 'Error'}: ${e?.message ?? e}${issues}`;
}

async function addFiles(list) {
  for (const file of list) {
    const key = SHEETS[file.name];
    if (key === undefined) continue;
    if (key) files[key] = await file.text();
  }
  $('files').innerHTML = '';
  for (const name of Object.keys(files)) {
    const li = document.createElement('li');
    li.textContent = name;
    $('files').appendChild(li);
  }
  const ready = Boolean(files.organisation);
  for (const id of ['assess', 'download-html', 'download-xlsx']) $(id).disabled = !ready;
}

function register() {
  return Register.fromFiles(catalogue, files);
}

function download(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function report() {
  return new Report(catalogue, register(), { period: $('period').value, lang: $('lang').value, as_of: $('as-of').value });
}

async function main() {
  await init();
  catalogue = Catalogue.builtin();
  $('version').textContent = version();
  $('picker').addEventListener('change', (e) => addFiles(e.target.files));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); addFiles(e.dataTransfer.files); });
  $('assess').addEventListener('click', () => {
    $('error').textContent = '';
    try {
      const assessment = assess(catalogue, register(), $('as-of').value);
      $('result').innerHTML = summaryHtml(assessment); // the engine escapes every register string
    } catch (e) {
      showError(e);
    }
  });
  $('download-html').addEventListener('click', () => {
    try { download(report().toHtml(), 'report.html', 'text/html'); } catch (e) { showError(e); }
  });
  $('download-xlsx').addEventListener('click', () => {
    try { download(report().toXlsx(), 'report.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'); } catch (e) { showError(e); }
  });
  document.body.dataset.ready = 'true';
}

main().catch(showError);
