"""Runs tests/vectors/assess.json through the Python face (the same cases as the Rust and JS suites)."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest

import iso_core
from conftest import VECTORS, vector_cases


def fixture(name: str) -> str:
    return (VECTORS / "fixtures" / name).read_text(encoding="utf-8")


def open_register(case: dict[str, Any]) -> tuple[iso_core.Catalogue, iso_core.Register]:
    texts = [(name, fixture(name)) for name in case["catalogue"]]
    cat = iso_core.Catalogue.load(texts=texts)
    files = case["register"]
    sheets = {key: VECTORS / "fixtures" / files[key] for key in ("evidence", "findings", "actions", "maturity") if key in files}
    register = iso_core.Register.from_csv(cat, fixture(files["organisation"]), **sheets)
    return cat, register


def decimal_text(value: str | None) -> str | None:
    return None if value is None else str(decimal.Decimal(value).normalize())


def run(case: dict[str, Any]) -> Any:
    op = case["op"]
    cat, register = open_register(case)
    if op == "register_summary":
        org = register.organisation
        return {
            "sites": [s["id"] for s in org["sites"]],
            "systems": [s["norm"] for s in org["systems"]],
            "evidence": len(register.evidence),
            "findings": len(register.findings),
        }
    args = case["args"]
    a = iso_core.assess(cat, register, datetime.date.fromisoformat(args["as_of"]), **args.get("options", {}))
    if op == "assess_scores":
        norms = [
            {
                "norm": n["norm"],
                "score": decimal_text(n["score"]["value"]),
                "sites": {s["site"]: decimal_text(s["score"]["value"]) for s in n["sites"]},
            }
            for n in a.norms
        ]
        return {"overall": decimal_text(a.to_dict()["overall"]["value"]), "norms": norms}
    if op == "assess_results":
        return {f"{r['requirement']}@{r['site']}": f"{r['result']}/{r['rule']}" for r in a.results}
    if op == "assess_readiness":
        return [
            {
                "norm": r["norm"],
                "ready": r["ready"],
                "reasons": [reason["kind"] for reason in r["reasons"]],
                "cycle": [f"{c['kind']}:{c['status']}" for c in r["cycle"]],
            }
            for r in a.readiness
        ]
    if op == "assess_gaps":
        keys = ("priority", "kind", "requirement", "sites", "finding", "evidence")
        return [{k: g[k] for k in keys} for g in a.gaps]
    raise AssertionError(f"unknown operation {op}")


@pytest.mark.parametrize("case", vector_cases("assess.json"))
def test_assess_vector(case: dict[str, Any]) -> None:
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
