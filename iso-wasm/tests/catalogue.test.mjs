// The catalogue through JavaScript: plain objects, camelCase methods, real Error subclasses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import iso from '../pkg/iso_wasm.js';

const { ValidationError, ParseError, NotFoundError, ArgumentError, IsoError } = iso.errorClasses();
const cat = iso.Catalogue.builtin();

test('records are plain objects in the engine JSON form', () => {
  const clause = cat.clause('ISO45001:2018/5.4');
  assert.equal(Object.getPrototypeOf(clause), Object.prototype);
  assert.equal(clause.title.en, 'Consultation and participation of workers');
  assert.equal(clause.hs, null);
  assert.equal(cat.clause('ISO45001:2018/99'), undefined);
});

test('filters and camelCase methods', () => {
  const retained = cat.requirements({ norm: 'ISO 9001:2015', clause: '8.3', documented: 'retain' });
  assert.ok(retained.length >= 5);
  assert.ok(retained.every((r) => r.documented === 'retain' && r.clause.startsWith('ISO9001:2015/8.3')));
  const under = cat.requirementsUnder('ISO9001:2015/7.1.5');
  assert.deepEqual([...new Set(under.map((r) => r.clause))], ['ISO9001:2015/7.1.5.1', 'ISO9001:2015/7.1.5.2']);
  assert.equal(cat.children('ISO14001:2015/6.1').length, 4);
});

test('errors are real Error subclasses with name, code and location', () => {
  const text = '[norm]\nid = "T"\nkey = "T"\nkind = "requirements"\ntitle = { en = "T" }\n[[clause]]\nnumber = "1"\nparent = "0"\ntitle = { en = "x" }\n';
  assert.throws(() => iso.Catalogue.fromToml(text, 'mine.toml'), (e) => {
    assert.ok(e instanceof Error && e instanceof IsoError && e instanceof ValidationError);
    assert.equal(e.code, 'ISO_VALIDATION');
    assert.equal(e.path, 'mine.toml');
    assert.equal(e.line, 6);
    assert.equal(e.issues[0].problem.kind, 'unknown_parent');
    assert.ok(typeof e.stack === 'string');
    return true;
  });
  assert.throws(() => iso.Catalogue.fromToml('[norm'), ParseError);
  assert.throws(() => cat.equivalents('ISO9001:2015/99'), NotFoundError);
  assert.throws(() => cat.search('policy', 'de'), ArgumentError);
  assert.throws(() => cat.requirements({ documented: 'sometimes' }), ArgumentError);
  assert.throws(() => iso.Catalogue.load('not a list', false), ArgumentError);
});

test('search ignores accents and case', () => {
  const hits = cat.search('REVISAO pela gestao', 'pt');
  assert.ok(hits.some((h) => h.id === 'ISO9001:2015/9.3' && h.kind === 'clause'));
});

test('JSON round trip', () => {
  const back = iso.Catalogue.fromJSON(JSON.stringify(cat));
  assert.deepEqual(back.norms(), cat.norms());
  assert.throws(() => iso.Catalogue.fromJSON('{'), ParseError);
});

test('version', () => {
  assert.match(iso.version(), /^\d+\.\d+\.\d+/);
});
