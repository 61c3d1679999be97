"""Runs tests/vectors/waste.json through the Python face (the same cases as the Rust and JS suites).

Each result is taken in the face's own form (dicts with ``decimal.Decimal`` or decimal strings) and reduced to the
case's shape by the same steps as ``tests/waste.rs`` and ``iso-wasm/tests/waste-vectors.test.mjs``.
"""

from __future__ import annotations

import decimal
from typing import Any

import pytest

import iso_core
from conftest import VECTORS, vector_cases
from iso_core import egar


def fixture_bytes(name: str) -> bytes:
    return (VECTORS / "fixtures" / name).read_bytes()


def fixture(name: str) -> str:
    return fixture_bytes(name).decode("utf-8")


def base_name(name: str) -> str:
    """The input name every face gives an import: the fixture's base name (``bad.csv``)."""
    return name.rsplit("/", 1)[-1]


def dec(value: Any) -> str | None:
    """A decimal (``Decimal`` or string) by value, written as the Rust suite writes it: "3.80" is "3.8"."""
    if value is None:
        return None
    return format(decimal.Decimal(str(value)).normalize(), "f")


def register(case: dict[str, Any]) -> iso_core.Register:
    return iso_core.Register.from_csv(iso_core.Catalogue.builtin(), fixture(case["register"]["organisation"]))


def read(args: dict[str, Any]) -> egar.GuideImport:
    options = dict(args.get("options", {}))
    aggregate = options.pop("aggregate", {})
    if "parties" in aggregate:
        options["parties"] = aggregate["parties"]
    if "roles" in aggregate:
        options["roles"] = aggregate["roles"]
    return egar.read(fixture_bytes(args["guides"]), name=base_name(args["guides"]), **options)


def report(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "guides": r["guides"],
        "counted": r["counted"],
        "not_counted": r["not_counted"],
        "rejected": r["rejected"],
        "corrected": r["corrected"],
        "tonnes": dec(r["tonnes"]),
        "ler_codes": r["ler_codes"],
        "issues": [{"line": i["location"]["line"], "guide": i["id"], "field": i["field"]} for i in r["issues"]],
    }


GROUP_KEY = ["role", "party", "establishment", "counterpart", "counterpart_establishment", "ler", "operation", "month"]


def groups(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "|".join(row[k] for k in GROUP_KEY): {
            "tonnes": dec(row["tonnes"]),
            "guides": row["guides"],
            "corrected": row["corrected"],
        }
        for row in rows
    }


def tonnes(t: dict[str, Any]) -> dict[str, Any]:
    return {k: dec(t[k]) for k in ("hazardous", "non_hazardous", "total")}


def breakdown(b: dict[str, Any]) -> dict[str, Any]:
    esrs, gri = b["esrs_e5_5"], b["gri_306"]
    return {
        "guides": b["guides"],
        "total": tonnes(b["total"]),
        "final_fate": tonnes(b["final_fate"]),
        "interim": tonnes(b["interim"]),
        "rates": {k: dec(v) for k, v in b["rates"].items()},
        "by_class": {line["class"]: dec(line["tonnes"]["total"]) for line in b["by_class"]},
        "by_site": [
            {
                "site": s["site"],
                "establishment": s["establishment"],
                "total": dec(s["tonnes"]["total"]),
                "guides": s["guides"],
            }
            for s in b["by_site"]
        ],
        "esrs_e5_5": {
            "diverted": dec(esrs["diverted"]["total"]["total"]),
            "disposal": dec(esrs["disposal"]["total"]["total"]),
            "not_final": dec(esrs["not_final"]["total"]),
        },
        "gri_306": {
            "diverted": dec(gri["diverted"]["total"]["total"]),
            "directed": dec(gri["directed"]["total"]["total"]),
        },
    }


LINE_KEY = ["form", "party", "establishment", "ler", "operation", "counterpart", "counterpart_establishment"]


def reconciliation(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "counts": r["counts"],
        "totals": {
            t["form"]: {k: dec(t[k]) for k in ("compiled", "declared", "difference")} for t in r["totals"]
        },
        "discrepancies": [
            {
                "line": "|".join(line[k] for k in LINE_KEY),
                "declared": dec(line["declared"]),
                "compiled": dec(line["compiled"]),
                "difference": dec(line["difference"]),
                "status": line["status"],
            }
            for line in r["lines"]
            if line["status"] != "match"
        ],
    }


def kpi_values(case: dict[str, Any], guides: egar.GuideImport) -> dict[str, Any]:
    args = {k: v for k, v in case["args"].items() if k not in ("guides", "options")}
    data = iso_core.Indicators(register(case), None, guides=guides)
    results = data.compute(args.pop("period"), kpis=args.pop("kpis", None), **args)
    out: dict[str, Any] = {}
    for r in results.results:
        value = r["value"]
        key = f"{r['kpi']}@{r['site'] or ''}"
        if "reason" in value:
            out[key] = {"undefined": value["reason"]}
        else:
            out[key] = {"value": dec(value["value"]), "unit": value["unit"]}
    return out


def run(case: dict[str, Any]) -> Any:
    guides = read(case["args"])
    op = case["op"]
    if op == "import":
        return {"report": report(guides.report), "groups": groups(guides.groups())}
    if op == "waste_breakdown":
        return breakdown(guides.waste_breakdown(register(case), case["args"]["period"]))
    if op == "waste_kpis":
        return kpi_values(case, guides)
    if op == "mirr_reconcile":
        declared = fixture(case["args"]["declared"])
        return reconciliation(egar.reconcile_mirr(guides, declared, case["args"]["year"]).to_dict())
    raise AssertionError(f"unknown operation {op}")


@pytest.mark.parametrize("case", vector_cases("waste.json"))
def test_waste_vector(case: dict[str, Any]) -> None:
    if "error" in case:
        expected = case["error"]
        with pytest.raises(iso_core.IsoError) as raised:
            run(case)
        assert type(raised.value).__name__ == expected["type"]
        assert expected["contains"] in str(raised.value)
        if "line" in expected:
            assert getattr(raised.value, "line", None) == expected["line"]
        if "field" in expected:
            issues = getattr(raised.value, "issues", None) or [{}]
            assert issues[0].get("field") == expected["field"]
    else:
        assert run(case) == case["expect"]
