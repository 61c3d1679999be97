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
