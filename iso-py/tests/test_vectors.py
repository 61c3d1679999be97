"""Runs tests/vectors/catalogue.json through the Python face (the same cases as the Rust and JS suites)."""

from __future__ import annotations

from typing import Any

import pytest

import iso_core
from conftest import VECTORS, vector_cases


def open_catalogue(case: dict[str, Any]) -> iso_core.Catalogue:
    if case.get("catalogue") == "builtin":
        return iso_core.Catalogue.builtin()
    texts = [(name, (VECTORS / "fixtures" / name).read_text(encoding="utf-8")) for name in case["catalogue"]]
    return iso_core.Catalogue.load(texts=texts, builtin=case.get("builtin", False))


def run(case: dict[str, Any]) -> Any:
    cat = open_catalogue(case)
    args = case.get("args") or {}
    op = case["op"]
    if op == "load":
        return {"norms": [n.id for n in cat.norms]}
    if op == "norms":
        return [n.id for n in cat.norms]
    if op == "norm_summary":
        norm = cat.norm(args["id"])
        return None if norm is None else {"id": norm.id, "kind": norm.kind, "maturity_levels": [m.level for m in norm.maturity]}
    if op == "requirement":
        requirement = cat.requirement(args["id"])
        return None if requirement is None else requirement.to_dict()
    if op == "clause":
        clause = cat.clause(args["id"])
        return None if clause is None else clause.to_dict()
    if op == "clause_ids":
        return [c.id for c in cat.clauses(**args)]
    if op == "requirement_ids":
        return [r.id for r in cat.requirements(**args)]
    if op == "count_requirements":
        return len(cat.requirements(**args))
    if op == "search":
        return cat.search(args["query"], args.get("lang"))
    if op == "search_ids":
        return [h["id"] for h in cat.search(args["query"], args.get("lang"))]
    if op == "equivalents":
        return cat.equivalents(args["clause"])
    if op == "equivalent_clauses":
        return [e["clause"] for e in cat.equivalents(args["clause"])]
    if op == "round_trip":
        text = cat.to_json()
        back = iso_core.Catalogue.from_json(text)
        return back.to_json() == text
    raise AssertionError(f"unknown operation {op}")


@pytest.mark.parametrize("case", vector_cases("catalogue.json"))
def test_catalogue_vector(case: dict[str, Any]) -> None:
    if "error" in case:
        expected = case["error"]
        with pytest.raises(iso_core.IsoError) as raised:
            run(case)
        assert type(raised.value).__name__ == expected["type"]
        assert expected["contains"] in str(raised.value)
        if "line" in expected:
            assert raised.value.line == expected["line"]
    else:
        assert run(case) == case["expect"]
