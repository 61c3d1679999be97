"""Runs tests/vectors/kpi.json through the Python face (the same cases as the Rust and JS suites)."""

from __future__ import annotations

from typing import Any

import pytest

import iso_core
from conftest import VECTORS, vector_cases


def fixture(name: str) -> str:
    return (VECTORS / "fixtures" / name).read_text(encoding="utf-8")


def normalize(value: str | None) -> str | None:
    """Decimal strings compared by value, as the Rust suite prints them: "0.80" is "0.8", "100" stays "100"."""
    if value is None or "." not in value:
        return value
    return value.rstrip("0").rstrip(".")


def compact(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def run(case: dict[str, Any]) -> Any:
    files = case["register"]
    register = iso_core.Register.from_csv(iso_core.Catalogue.builtin(), fixture(files["organisation"]))
    texts: dict[str, Any] = {key: fixture(files[key]) for key in ("targets", "ghg", "energy", "kpis") if key in files}
    data = iso_core.Indicators(register, fixture(files["measurements"]), **texts)
    args = dict(case["args"])
    results = data.compute(args.pop("period"), baseline=args.pop("baseline", None), kpis=args.pop("kpis", None), **args)
    if case["op"] == "kpi_values":
        out = {}
        for r in results.results:
            value = r["value"]
            out[f"{r['kpi']}@{r['site'] or ''}"] = compact(
                {
                    "value": normalize(value.get("value")),
                    "unit": value.get("unit"),
                    "undefined": value.get("reason"),
                    "improvement": normalize(r["improvement"]),
                    "target": normalize(r["target"]),
                    "status": r["status"],
                }
            )
        return out
    if case["op"] == "energy_performance":
        return [
            compact(
                {
                    "model": e["model"],
                    "coefficients": [normalize(c["estimate"]) for c in e["regression"]["coefficients"]]
                    if e["regression"]
                    else None,
                    "r_squared": normalize(e["regression"]["r_squared"]) if e["regression"] else None,
                    "accepted": e["acceptance"]["accepted"] if e["acceptance"] else None,
                    "senpi": normalize(e["senpi"]),
                    "improvement": normalize(e["improvement"]),
                    "savings": normalize(e["savings"]),
                    "problem": e["problem"],
                }
            )
            for e in results.energy
        ]
    raise AssertionError(f"unknown operation {case['op']}")


@pytest.mark.parametrize("case", vector_cases("kpi.json"))
def test_kpi_vector(case: dict[str, Any]) -> None:
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
