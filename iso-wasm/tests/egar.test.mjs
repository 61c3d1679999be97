// e-GAR guides through JavaScript: an uploaded file's bytes in, the same sums as Rust and Python out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iso from '../pkg/iso_wasm.js';

const { ValidationError, ParseError, ArgumentError } = iso.errorClasses();
const example = readFileSync(fileURLToPath(new URL('../../examples/ecociclo/egar/guias-2025.csv', import.meta.url)));
const header = 'numeroGuia;codigoEstado;dataEmissao;nifRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n';
const bytes = (text) => new TextEncoder().encode(text);

test('the example guides import from bytes, every guide accounted for', () => {
  const guides = iso.readGuides(example, 'guias-2025.csv');
  const report = guides.report;
  assert.ok(report.guides > 2000);
  assert.equal(report.rejected, 0);
  const notCounted = Object.values(report.not_counted).reduce((a, b) => a + b, 0);
  assert.equal(report.counted + notCounted, report.guides);
  assert.equal(guides.tonnes, report.tonnes);
  const groups = guides.groups();
  assert.equal(groups.length, guides.length);
  const own = groups.filter((g) => g.role === 'producer' && g.party === '516082736');
  assert.ok(own.length > 0 && own.every((g) => /^\d{2} \d{2} \d{2}\*?$/.test(g.ler)));
});

test('quantities stay exact decimal strings; kilograms on request', () => {
  const guides = iso.readGuides(bytes(header + 'PT1;CC;2025-02-03;500000000;500000001;150101;R3;1250,5\n'), 'a.csv', { unit: 'kg' });
  assert.equal(guides.tonnes, '1.2505');
  const [group] = guides.groups();
  assert.deepEqual([group.ler, group.operation, group.class, group.month], ['15 01 01', 'R3', 'recycling', '2025-02']);
});

test('bad guides, bad XML and bad options are typed errors', () => {
  const bad = bytes(header + 'PT9;CC;2025-02-03;500000000;500000001;150101;R3;1.234,5\n');
  assert.throws(() => iso.readGuides(bad, 'lista.csv'),
    (e) => e instanceof ValidationError && e.line === 2 && e.issues[0].id === 'PT9' && e.issues[0].field.includes('quantidade'));
  const lenient = iso.readGuides(bad, 'lista.csv', { mode: 'lenient' });
  assert.equal(lenient.report.rejected, 1);
  assert.throws(() => iso.readGuides(bytes('<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "x">]><guias/>'), 'g.xml'),
    (e) => e instanceof ParseError && e.path === 'g.xml');
  assert.throws(() => iso.readGuides(bad, 'lista.csv', { units: 'kg' }), (e) => e instanceof ArgumentError);
});

const catalogue = iso.Catalogue.builtin();
const text = (name) => readFileSync(fileURLToPath(new URL(`../../examples/ecociclo/${name}`, import.meta.url)), 'utf8');
const register = () => iso.Register.fromFiles(catalogue, { organisation: text('organisation.toml') });

test('the MIRR compiles from the guides and reconciles with the declared register', () => {
  const guides = iso.readGuides(example, 'guias-2025.csv', { aggregate: { parties: ['516082736'] } });
  const mirr = guides.compileMirr(2025);
  assert.deepEqual([...new Set(mirr.lines.map((l) => l.form))], ['B', 'C1', 'C2', 'D1']);
  assert.equal(guides.reconcileMirr(guides.compileMirrCsv(2025), 'own.csv', 2025).counts.differs, 0);
  const result = guides.reconcileMirr(text('mirr-2025.csv'), 'mirr-2025.csv', 2025);
  assert.deepEqual(result.counts, { matched: 75, differs: 1, missing_in_declared: 2, missing_in_guides: 1 });
  const differs = result.lines.find((l) => l.status === 'differs');
  assert.deepEqual([differs.ler, differs.declared, differs.compiled, differs.difference], ['19 12 12', '3486.681', '3846.681', '-360.000']);
  assert.throws(() => guides.reconcileMirr('form;party\nB;1\n', 'bad.csv', 2025), (e) => e instanceof ParseError || e instanceof ValidationError);
});

test('waste breakdown, waste KPIs and the report section', () => {
  const guides = iso.readGuides(example, 'guias-2025.csv');
  const reg = register();
  const breakdown = guides.wasteBreakdown(reg, '2025');
  assert.deepEqual(breakdown.by_site.map((s) => s.site), ['setubal', 'maia']);
  const indicators = new iso.Indicators(reg, {});
  indicators.addGuides(guides);
  const { indicators: results } = indicators.compute({ period: '2025', kpis: ['waste-total'] });
  const total = results.results.find((r) => r.kpi === 'waste-total' && r.site === null);
  assert.equal(total.value.value, breakdown.total.total);
  const report = iso.Report.withWaste(catalogue, reg, { period: '2025', lang: 'fr' }, guides, text('mirr-2025.csv'));
  const markdown = report.toMarkdown();
  assert.ok(markdown.includes('## Déchets et circularité') && markdown.includes('Écarts du MIRR'));
  assert.throws(() => iso.Report.withWaste(catalogue, reg, { period: '2025-Q1' }, guides, text('mirr-2025.csv')),
    (e) => e instanceof ArgumentError && /calendar-year/.test(e.message));
});

test('material circularity of the example products, by mass and by revenue', () => {
  const byMass = iso.materialCircularity(text('products.csv'), 'products.csv');
  assert.equal(byMass.company.products[0].result.virgin_feedstock, '23520');
  assert.equal(Number(byMass.company.mci).toFixed(3), '0.779');
  assert.equal(iso.materialCircularity(text('products.csv'), 'products.csv', 'revenue').company.weighting, 'revenue');
  assert.throws(() => iso.materialCircularity('id,mass_kg\nA,1\n', 'p.csv'), (e) => e instanceof ValidationError);
  assert.throws(() => iso.materialCircularity(text('products.csv'), 'p.csv', 'units'), (e) => e instanceof ArgumentError);
});
