// Performance indicators through JavaScript: file texts in, exact decimal strings out, errors with locations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iso from '../pkg/iso_wasm.js';

const { ValidationError, ArgumentError, ParseError } = iso.errorClasses();
const example = (name) => readFileSync(fileURLToPath(new URL(`../../examples/ecociclo/${name}`, import.meta.url)), 'utf8');
const catalogue = iso.Catalogue.builtin();
const small = iso.Register.fromFiles(catalogue, {
  organisation: '[organisation]\nid = "o"\nname = "O"\n[[organisation.site]]\nid = "a"\nname = "A"\n',
});

test('rates are exact ratios of sums, as decimal strings', () => {
  const data = new iso.Indicators(small, {
    measurements: 'site,period,metric,value,unit\na,2025,hs.hours.employees,400000,h\na,2025,hs.lost_time.employees,3,1\n',
  });
  assert.equal(data.length, 2);
  const { indicators } = data.compute({ period: '2025', kpis: ['ltifr-1m'] });
  const org = indicators.results.find((r) => r.kpi === 'ltifr-1m' && r.site === null);
  assert.deepEqual(org.value, { status: 'defined', value: '7.5', unit: 'per 1 000 000 h' });
});

test('bad rows are listed with line and field; bad options are argument errors', () => {
  assert.throws(
    () => new iso.Indicators(small, { measurements: 'site,period,metric,value,unit\na,2025,hs.hours.employees,-5,h\n' }),
    (e) => e instanceof ValidationError && e.line === 2 && e.issues[0].field === 'value'
      && e.issues[0].message === 'measurements.csv:2: value: -5: hs.hours.employees cannot be negative',
  );
  assert.throws(
    () => new iso.Indicators(small, { measurements: 'site,period,metric,value,unit\n', ghg: 'gwp_set = [' }),
    (e) => e instanceof ParseError && e.path === 'ghg.toml' && e.line === 1,
  );
  const data = new iso.Indicators(small, { measurements: 'site,period,metric,value,unit\n' });
  assert.throws(() => data.compute({ period: 'soon' }), (e) => e instanceof ArgumentError);
  assert.throws(() => data.compute({ period: '2025', colour: 'red' }), (e) => e instanceof ArgumentError && e.message.includes('colour'));
});

test('the example organisation: targets, GHG, energy baselines, and the report section', () => {
  const register = iso.Register.fromFiles(catalogue, { organisation: example('organisation.toml') });
  const files = {
    measurements: example('measurements.csv'), targets: example('targets.csv'), ghg: example('ghg.toml'),
    energy: example('energy.toml'), kpis: example('kpis.toml'),
  };
  const results = new iso.Indicators(register, files).compute({ period: '2025', baseline: '2024' });
  assert.equal(results.indicators.gwp_set, 'AR5');
  assert.equal(results.energy.length, 2);
  assert.ok(results.energy.every((e) => e.acceptance.accepted));
  const energy = results.indicators.results.find((r) => r.kpi === 'energy-total' && r.site === null);
  assert.equal(energy.trend.length, 12);
  const report = new iso.Report(catalogue, register, { period: '2025', baseline: '2024' }, new iso.Indicators(register, files));
  assert.ok(report.toMarkdown().includes('SEnPI'));
});
