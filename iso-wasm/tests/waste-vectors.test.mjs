// Runs tests/vectors/waste.json through the JavaScript face (the same cases as the Rust and Python suites). Each
// result is taken in the face's own form (plain objects, decimals as strings) and reduced to the case's shape by
// the same steps as tests/waste.rs and iso-py/tests/test_waste_vectors.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iso from '../pkg/iso_wasm.js';

const vectors = new URL('../../tests/vectors/', import.meta.url);
const read = (name) => readFileSync(fileURLToPath(new URL(name, vectors)), 'utf8');
const fixtureBytes = (name) => new Uint8Array(readFileSync(fileURLToPath(new URL(`fixtures/${name}`, vectors))));
const fixture = (name) => read(`fixtures/${name}`);
// The input name every face gives an import: the fixture's base name (`bad.csv`).
const baseName = (name) => name.split('/').pop();
const catalogue = iso.Catalogue.builtin();
const classes = iso.errorClasses();

// Decimal strings compared by value: "3.80" and "3.8" are the same number; null stays null.
const dec = (d) => {
  if (d === null || d === undefined) return null;
  const s = String(d);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
};

const register = (c) => iso.Register.fromFiles(catalogue, { organisation: fixture(c.register.organisation) });
const readGuides = (args) => iso.readGuides(fixtureBytes(args.guides), baseName(args.guides), args.options);

const report = (r) => ({
  guides: r.guides, counted: r.counted, not_counted: r.not_counted, rejected: r.rejected, corrected: r.corrected,
  tonnes: dec(r.tonnes), ler_codes: r.ler_codes,
  issues: r.issues.map((i) => ({ line: i.location.line, guide: i.id, field: i.field })),
});

const GROUP_KEY = ['role', 'party', 'establishment', 'counterpart', 'counterpart_establishment', 'ler', 'operation', 'month'];
const groups = (rows) => Object.fromEntries(rows.map((g) => [
  GROUP_KEY.map((k) => g[k]).join('|'), { tonnes: dec(g.tonnes), guides: g.guides, corrected: g.corrected },
]));

const tonnes = (t) => ({ hazardous: dec(t.hazardous), non_hazardous: dec(t.non_hazardous), total: dec(t.total) });
const breakdown = (b) => ({
  guides: b.guides,
  total: tonnes(b.total),
  final_fate: tonnes(b.final_fate),
  interim: tonnes(b.interim),
  rates: Object.fromEntries(Object.entries(b.rates).map(([k, v]) => [k, dec(v)])),
  by_class: Object.fromEntries(b.by_class.map((line) => [line.class, dec(line.tonnes.total)])),
  by_site: b.by_site.map((s) => ({ site: s.site, establishment: s.establishment, total: dec(s.tonnes.total), guides: s.guides })),
  esrs_e5_5: {
    diverted: dec(b.esrs_e5_5.diverted.total.total),
    disposal: dec(b.esrs_e5_5.disposal.total.total),
    not_final: dec(b.esrs_e5_5.not_final.total),
  },
  gri_306: { diverted: dec(b.gri_306.diverted.total.total), directed: dec(b.gri_306.directed.total.total) },
});

const LINE_KEY = ['form', 'party', 'establishment', 'ler', 'operation', 'counterpart', 'counterpart_establishment'];
const reconciliation = (r) => ({
  counts: r.counts,
  totals: Object.fromEntries(r.totals.map((t) => [t.form, {
    compiled: dec(t.compiled), declared: dec(t.declared), difference: dec(t.difference),
  }])),
  discrepancies: r.lines.filter((l) => l.status !== 'match').map((l) => ({
    line: LINE_KEY.map((k) => l[k]).join('|'),
    declared: dec(l.declared), compiled: dec(l.compiled), difference: dec(l.difference), status: l.status,
  })),
});

function kpiValues(c, guides) {
  const { guides: _g, options: _o, ...options } = c.args;
  const data = new iso.Indicators(register(c), {});
  data.addGuides(guides);
  const results = data.compute(options);
  return Object.fromEntries(results.indicators.results.map((r) => [
    `${r.kpi}@${r.site ?? ''}`,
    r.value.reason !== undefined ? { undefined: r.value.reason } : { value: dec(r.value.value), unit: r.value.unit },
  ]));
}

function run(c) {
  const guides = readGuides(c.args);
  switch (c.op) {
    case 'import':
      return { report: report(guides.report), groups: groups(guides.groups()) };
    case 'waste_breakdown':
      return breakdown(guides.wasteBreakdown(register(c), c.args.period));
    case 'waste_kpis':
      return kpiValues(c, guides);
    case 'mirr_reconcile':
      return reconciliation(guides.reconcileMirr(fixture(c.args.declared), baseName(c.args.declared), c.args.year));
    default:
      throw new Error(`unknown operation ${c.op}`);
  }
}

const file = JSON.parse(read('waste.json'));
for (const c of file.cases) {
  test(c.name, () => {
    if (c.error) {
      assert.throws(() => run(c), (e) => {
        assert.ok(e instanceof classes.IsoError, `${e} is not an IsoError`);
        assert.equal(e.name, c.error.type);
        assert.ok(e.message.includes(c.error.contains), `${e.message} lacks ${c.error.contains}`);
        if (c.error.line !== undefined) assert.equal(e.line, c.error.line);
        if (c.error.field !== undefined) assert.equal(e.issues?.[0]?.field, c.error.field);
        return true;
      });
    } else {
      assert.deepEqual(run(c), c.expect);
    }
  });
}
