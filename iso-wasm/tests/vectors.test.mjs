// Runs tests/vectors/catalogue.json through the JavaScript face (the same cases as the Rust and Python suites).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iso from '../pkg/iso_wasm.js';

const vectors = new URL('../../tests/vectors/', import.meta.url);
const read = (name) => readFileSync(fileURLToPath(new URL(name, vectors)), 'utf8');

function open(c) {
  if (c.catalogue === 'builtin') return iso.Catalogue.builtin();
  const files = c.catalogue.map((name) => ({ name, text: read(`fixtures/${name}`) }));
  return iso.Catalogue.load(files, c.builtin ?? false);
}

const ids = (items, key = 'id') => items.map((item) => item[key]);

function run(c) {
  const cat = open(c);
  const args = c.args ?? {};
  switch (c.op) {
    case 'load': return { norms: ids(cat.norms()) };
    case 'norms': return ids(cat.norms());
    case 'norm_summary': {
      const n = cat.norm(args.id);
      return n === undefined ? null : { id: n.id, kind: n.kind, maturity_levels: n.maturity.map((m) => m.level) };
    }
    case 'requirement': return cat.requirement(args.id) ?? null;
    case 'clause': return cat.clause(args.id) ?? null;
    case 'clause_ids': return ids(cat.clauses(args));
    case 'requirement_ids': return ids(cat.requirements(args));
    case 'count_requirements': return cat.requirements(args).length;
    case 'search': return cat.search(args.query, args.lang);
    case 'search_ids': return ids(cat.search(args.query, args.lang));
    case 'equivalents': return cat.equivalents(args.clause);
    case 'equivalent_clauses': return ids(cat.equivalents(args.clause), 'clause');
    case 'round_trip': {
      const text = JSON.stringify(cat);
      return JSON.stringify(iso.Catalogue.fromJSON(text)) === text;
    }
    default: throw new Error(`unknown operation ${c.op}`);
  }
}

const file = JSON.parse(read('catalogue.json'));
assert.ok(file.cases.length > 0);

for (const c of file.cases) {
  test(`catalogue: ${c.name}`, () => {
    if (c.error) {
      assert.throws(() => run(c), (e) => {
        assert.ok(e instanceof Error, 'a real Error');
        assert.equal(e.name, c.error.type);
        assert.ok(e.message.includes(c.error.contains), `${e.message} lacks ${c.error.contains}`);
        if (c.error.line !== undefined) assert.equal(e.line, c.error.line);
        return true;
      });
    } else {
      assert.deepStrictEqual(run(c), c.expect);
    }
  });
}
