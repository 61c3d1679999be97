// Runs tests/vectors/kpi.json through the JavaScript face (the same cases as the Rust and Python suites).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iso from '../pkg/iso_wasm.js';

const vectors = new URL('../../tests/vectors/', import.meta.url);
const read = (name) => readFileSync(fileURLToPath(new URL(name, vectors)), 'utf8');
const fixture = (name) => read(`fixtures/${name}`);
const catalogue = iso.Catalogue.builtin();

// Decimal strings compared by value: "0.80" and "0.8" are the same number.
const normalize = (d) => (d === null || d === undefined ? null : d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d);
const compact = (fields) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined));

function run(c) {
  const { organisation, ...rest } = c.register;
  const register = iso.Register.fromFiles(catalogue, { organisation: fixture(organisation) });
  const files = Object.fromEntries(Object.entries(rest).map(([key, name]) => [key, fixture(name)]));
  const results = new iso.Indicators(register, files).compute(c.args);
  switch (c.op) {
    case 'kpi_values':
      return Object.fromEntries(results.indicators.results.map((r) => [`${r.kpi}@${r.site ?? ''}`, compact({
        value: normalize(r.value.value), unit: r.value.unit, undefined: r.value.reason,
        improvement: normalize(r.improvement), target: normalize(r.target), status: r.status,
      })]));
    case 'energy_performance':
      return results.energy.map((e) => compact({
        model: e.model,
        coefficients: e.regression?.coefficients.map((x) => normalize(x.estimate)),
        r_squared: normalize(e.regression?.r_squared), accepted: e.acceptance?.accepted,
        senpi: normalize(e.senpi), improvement: normalize(e.improvement), savings: normalize(e.savings), problem: e.problem,
      }));
    default:
      throw new Error(`unknown operation ${c.op}`);
  }
}

const file = JSON.parse(read('kpi.json'));
for (const c of file.cases) {
  test(c.name, () => {
    if (c.error) {
      assert.throws(() => run(c), (e) => {
        assert.equal(e.name, c.error.type);
        assert.ok(e.message.includes(c.error.contains), `${e.message} lacks ${c.error.contains}`);
        if (c.error.line !== undefined) assert.equal(e.line, c.error.line);
        return true;
      });
    } else {
      assert.deepEqual(run(c), c.expect);
    }
  });
}
