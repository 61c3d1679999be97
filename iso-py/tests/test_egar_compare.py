"""The pandas and polars comparison script computes the same groups and total as iso_core."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from iso_core import egar

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "egar_compare.py"


def test_pandas_and_polars_agree_with_iso_core(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("polars")
    spec = importlib.util.spec_from_file_location("egar_compare", SCRIPT)
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    path = tmp_path / "guides.csv"
    egar.generate(path, 3000, seed=11)
    results = script.compare(str(path), ["iso_core", "pandas", "polars"])
    assert results["iso_core"]["guides"] == egar.read(path).report["counted"]
    assert len({r["groups"] for r in results.values()}) == 1
