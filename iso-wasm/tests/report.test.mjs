// The periodic report through JavaScript: strings and bytes for download, real errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iso from '../pkg/iso_wasm.js';

const { ArgumentError, ValidationError } = iso.errorClasses();
const example = (name) => readFileSync(fileURLToPath(new URL(`../../examples/ecociclo/${name}`, import.meta.url)), 'utf8');
const catalogue = iso.Catalogue.builtin();
const register = iso.Register.fromFiles(catalogue, {
  organisation: example('organisation.toml'),
  evidence: example('evidence.csv'),
  findings: example('findings.csv'),
  actions: example('actions.csv'),
  maturity: example('maturity.csv'),
});

test('every format, reproducible', () => {
  const a = new iso.Report(catalogue, register, { period: '2025', lang: 'fr', assess: { audit_date: '2026-02-10' } });
  const b = new iso.Report(catalogue, register, { period: '2025', lang: 'fr', assess: { audit_date: '2026-02-10' } });
  const html = a.toHtml();
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.ok(html.includes('>Synthèse</h2>'));
  assert.equal(html, b.toHtml());
  const xlsx = a.toXlsx();
  assert.ok(xlsx instanceof Uint8Array);
  assert.equal(String.fromCharCode(xlsx[0], xlsx[1]), 'PK');
  assert.deepEqual(xlsx, b.toXlsx());
  assert.deepEqual(a.render('csv'), a.toCsvZip());
  assert.ok(a.toMarkdown().includes('# Rapport du système de management'));
  assert.ok(a.toXml().includes('<report xmlns="urn:iso-core:report:1" lang="fr"'));
  const model = JSON.parse(JSON.stringify(a));
  assert.deepEqual(model.sections.map((s) => s.id), ['cover', 'summary', 'conformity', 'evidence', 'findings', 'review', 'indicators', 'maturity', 'methodology']);
  assert.equal(model.meta.fingerprint, a.fingerprint);
});

test('bad options and templates are real errors', () => {
  const report = new iso.Report(catalogue, register, { period: '2025' });
  assert.throws(() => report.render('pdf'), (e) => e instanceof ArgumentError && e.message.includes('html, markdown, json, xml, csv, xlsx'));
  assert.throws(() => report.toHtml('{{ missing }}'), ValidationError);
  assert.throws(() => new iso.Report(catalogue, register, { period: '2025-13' }), ArgumentError);
  assert.throws(() => new iso.Report(catalogue, register, { period: '2025', lang: 'de' }), (e) => e instanceof ArgumentError && e.message.includes('unknown language'));
  assert.throws(() => new iso.Report(catalogue, register), ArgumentError);
});
