// Runs tests/vectors/assess.json through the JavaScript face (the same cases as the Rust and Python suites).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iso from '../pkg/iso_wasm.js';

const vectors = new URL('../../tests/vectors/', import.meta.url);
const read = (name) => readFileSync(fileURLToPath(new URL(name, vectors)), 'utf8');
const fixture = (name) => read(`fixtures/${name}`);

function open(c) {
  const catalogue = iso.Catalogue.load(c.catalogue.map((name) => ({ name, text: fixture(name) })), false);
  const files = {};
  for (const [key, name] of Object.entries(c.register)) files[key] = fixture(name);
  return { catalogue, register: iso.Register.fromFiles(catalogue, files) };
}

// Decimal strings compared by value: "0.80" and "0.8" are the same number.
const normalize = (d) => (d === null ? null : d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d);

function run(c) {
  const { catalogue, register } = open(c);
  if (c.op === 'register_summary') {
    const org = register.organisation();
    return { sites: org.sites.map((s) => s.id), systems: org.systems.map((s) => s.norm), evidence: register.evidence().length, findings: register.findings().length };
  }
  const a = iso.assess(catalogue, register, c.args.as_of, c.args.options);
  switch (c.op) {
    case 'assess_scores':
      return {
        overall: normalize(a.overall.value),
        norms: a.norms.map((n) => ({ norm: n.norm, score: normalize(n.score.value), sites: Object.fromEntries(n.sites.map((s) => [s.site, normalize(s.score.value)])) })),
      };
    case 'assess_results':
      return Object.fromEntries(a.results.map((r) => [`${r.requirement}@${r.site}`, `${r.result}/${r.rule}`]));
    case 'assess_readiness':
      return a.readiness.map((r) => ({ norm: r.norm, ready: r.ready, reasons: r.reasons.map((x) => x.kind), cycle: r.cycle.map((x) => `${x.kind}:${x.status}`) }));
    case 'assess_gaps':
      return a.gaps.map(({ priority, kind, requirement, sites, finding, evidence }) => ({ priority, kind, requirement, sites, finding, evidence }));
    default:
      throw new Error(`unknown operation ${c.op}`);
  }
}

const file = JSON.parse(read('assess.json'));
assert.ok(file.cases.length > 0);

// JSON.parse of the expectation gives plain objects; sort object keys the same way on both sides.
const canonical = (v) => JSON.parse(JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x)));

for (const c of file.cases) {
  test(`assess: ${c.name}`, () => {
    if (c.error) {
      assert.throws(() => run(c), (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.name, c.error.type);
        assert.ok(e.message.includes(c.error.contains), `${e.message} lacks ${c.error.contains}`);
        if (c.error.line !== undefined) assert.equal(e.line, c.error.line);
        return true;
      });
    } else {
      assert.deepStrictEqual(canonical(run(c)), canonical(c.expect));
    }
  });
}
