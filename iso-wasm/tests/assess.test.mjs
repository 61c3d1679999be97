// Register and assessment through JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import iso from '../pkg/iso_wasm.js';

const { ValidationError, ArgumentError } = iso.errorClasses();
const catalogue = iso.Catalogue.builtin();
const organisation = `
[organisation]
id = "acme"
name = "ACME <b>Recycling</b>"
[[organisation.site]]
id = "hq"
name = "HQ"
[[organisation.system]]
norm = "ISO 14001:2015"
`;
const evidence = 'id;title;kind;links;status;effective;expires\nE1;Política ambiental;política;ISO14001:2015/5.2;aprovado;15/01/2025;14/01/2026\n';

test('register from uploaded texts, assessment as plain data', () => {
  const register = iso.Register.fromFiles(catalogue, { organisation, evidence });
  assert.equal(register.evidence()[0].kind, 'policy');
  const june = iso.assess(catalogue, register, '2025-06-30', { threshold: '0.5' });
  const policy = june.results.find((r) => r.requirement === 'ISO14001:2015/5.2/2');
  assert.equal(policy.result, 'conforming');
  assert.equal(june.options.threshold, '0.5');
  const next = iso.assess(catalogue, register, '2026-06-30');
  const diff = iso.compare(june, next);
  assert.ok(diff.changes.some((c) => c.requirement === 'ISO14001:2015/5.2/2' && c.evidence_removed[0] === 'E1'));
  const html = iso.summaryHtml(june);
  assert.ok(html.includes('ACME &lt;b&gt;Recycling&lt;/b&gt;'));
  assert.ok(!html.includes('<b>Recycling'));
  const round = iso.Register.fromJSON(JSON.stringify(register), catalogue);
  assert.deepEqual(round.evidence(), register.evidence());
});

test('bad input is a real error with the line', () => {
  assert.throws(() => iso.Register.fromFiles(catalogue, { organisation, evidence: 'id,title,kind,links,status\nE1,x,poster,ISO14001:2015/5.2,approved\n' }), (e) => {
    assert.ok(e instanceof ValidationError);
    assert.equal(e.line, 2);
    assert.equal(e.issues[0].field, 'kind');
    return true;
  });
  assert.throws(() => iso.Register.fromFiles(catalogue, {}), ValidationError);
  assert.throws(() => iso.Register.fromFiles(catalogue, { organisation, unknown: 'x' }), ArgumentError);
  const register = iso.Register.fromFiles(catalogue, { organisation });
  assert.throws(() => iso.assess(catalogue, register, '30/13/2025'), ArgumentError);
  assert.throws(() => iso.assess(catalogue, register, '2025-06-30', { threshold: '2' }), ValidationError);
  assert.throws(() => iso.assess(catalogue, register, '2025-06-30', { colour: 'blue' }), ArgumentError);
});
