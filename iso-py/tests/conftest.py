from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"


def vector_cases(name: str) -> list[Any]:
    """The cases of one conformance-vector file, as pytest parameters named after each case."""
    data = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    assert data["cases"], f"{name} has no case"
    return [pytest.param(case, id=case["name"]) for case in data["cases"]]
