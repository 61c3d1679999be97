"""Performance indicators through Python: DataFrames in, exact Decimals and DataFrames out, errors with locations."""

from __future__ import annotations

import decimal
from pathlib import Path

import pandas as pd
import pytest

import iso_core

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecociclo"
D = decimal.Decimal


@pytest.fixture(scope="module")
def register() -> iso_core.Register:
    cat = iso_core.Catalogue.builtin()
    return iso_core.Register.from_csv(
        cat, {"id": "o", "name": "O", "sites": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]}
    )


def sheet(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["site", "period", "metric", "value", "unit"])


def test_a_dataframe_gives_exact_rates_as_ratios_of_sums(register: iso_core.Register) -> None:
    df = sheet(
        [
            ("a", "2025", "hs.hours.employees", "100000", "h"),
            ("a", "2025", "hs.lost_time.employees", "1", "1"),
            ("b", "2025", "hs.hours.employees", "200000", "h"),
            ("b", "2025", "hs.lost_time.employees", "0", "1"),
        ]
    )
    kpis = iso_core.compute_kpis(register, df, "2025", only=["ltifr-1m"])
    assert round(kpis.value("ltifr-1m") or D(0), 20) == round(D(10) / D(3), 20)
    assert kpis.value("ltifr-1m", "a") == D(10)
    frame = kpis.to_pandas()
    assert list(frame.columns[:5]) == ["kpi", "site", "value", "unit", "undefined"]
    assert frame.loc[frame.site.isna(), "unit"].item() == "per 1 000 000 h"
    assert isinstance(frame.loc[frame.site == "b", "value"].item(), decimal.Decimal)


def test_float_columns_are_read_as_their_shortest_decimal(register: iso_core.Register) -> None:
    df = pd.DataFrame(
        {"site": ["a", "a"], "period": ["2025", "2025"], "metric": ["energy.electricity", "production.processed"],
         "value": [0.1, 0.3], "unit": ["MWh", "t"]}
    )
    kpis = iso_core.compute_kpis(register, df, "2025", only=["enpi-electricity-per-tonne"])
    assert round(kpis.value("enpi-electricity-per-tonne") or D(0), 20) == round(D(1000) / D(3), 20), "0.1 MWh / 0.3 t"


def test_undefined_values_carry_their_reason(register: iso_core.Register) -> None:
    kpis = iso_core.compute_kpis(register, sheet([("a", "2025", "hs.hours.employees", "0", "h"),
                                                  ("a", "2025", "hs.lost_time.employees", "0", "1")]), "2025")
    with pytest.raises(iso_core.UndefinedError, match="hs.hours.employees is zero in 2025"):
        kpis.value("ltifr-1m")
    frame = kpis.to_pandas()
    row = frame[(frame.kpi == "ltifr-1m") & frame.site.isna()]
    assert row.value.item() is None and "zero" in row.undefined.item()


def test_bad_rows_are_listed_with_line_and_field(register: iso_core.Register) -> None:
    df = sheet([("a", "2025", "hs.hours.employees", "-5", "h"), ("z", "2025", "nope", "1", "parsec")])
    with pytest.raises(iso_core.ValidationError) as caught:
        iso_core.compute_kpis(register, df, "2025")
    messages = [issue["message"] for issue in caught.value.issues]
    assert messages[0] == "measurements.csv:2: value: -5: hs.hours.employees cannot be negative"
    assert messages[1:] == [
        'measurements.csv:3: site: unknown site "z"',
        'measurements.csv:3: metric: unknown metric "nope"',
        'measurements.csv:3: unit: unknown unit "parsec"',
    ]
    assert caught.value.path == "measurements.csv" and caught.value.line == 2
    with pytest.raises(ValueError, match="period"):
        iso_core.compute_kpis(register, df.iloc[:0], "twenty-five")


def test_the_example_folder_with_targets_ghg_and_energy_baselines() -> None:
    cat = iso_core.Catalogue.builtin()
    data = iso_core.Indicators.from_folder(EXAMPLE, cat)
    kpis = data.compute("2025", baseline="2024")
    assert kpis.gwp_set == "AR5"
    assert len(kpis.energy) == 2 and all(e["acceptance"]["accepted"] for e in kpis.energy)
    frame = kpis.to_pandas()
    assert set(frame.status.dropna()) <= {"on_target", "at_risk", "off_target", "no_data"}
    trend = kpis.trend_to_pandas()
    assert len(trend[trend.kpi == "energy-total"]) == 12
    register = iso_core.Register.from_folder(EXAMPLE, cat)
    report = iso_core.Report(cat, register, "2025", "fr", indicators=data, baseline="2024")
    assert "SEnPI" in report.to_markdown()


def test_the_same_numbers_as_the_cli_json() -> None:
    cat = iso_core.Catalogue.builtin()
    kpis = iso_core.Indicators.from_folder(EXAMPLE, cat).compute("2025")
    assert kpis.to_dict()["indicators"]["results"] == kpis.results
