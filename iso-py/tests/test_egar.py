"""e-GAR guides in Python: files, folders and bytes, options, DataFrames, errors."""

from __future__ import annotations

import decimal
from pathlib import Path

import pytest

import iso_core
from iso_core import egar

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ecociclo" / "egar" / "guias-2025.csv"

HEADER = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n"


def test_example_guides_read_from_a_file_and_its_folder() -> None:
    guides = egar.read(EXAMPLE)
    report = guides.report
    assert report["guides"] > 2000
    assert report["rejected"] == 0
    assert report["counted"] + sum(report["not_counted"].values()) == report["guides"]
    assert isinstance(guides.tonnes, decimal.Decimal)
    folder = egar.read(EXAMPLE.parent)
    assert folder.tonnes == guides.tonnes
    assert len(folder) == len(guides)


def test_to_pandas_sums_to_the_reported_tonnes_per_role() -> None:
    pandas = pytest.importorskip("pandas")
    frame = egar.read(EXAMPLE).to_pandas()
    assert list(frame.columns)[:6] == ["role", "party", "establishment", "counterpart", "counterpart_establishment", "ler"]
    producers = frame[frame.role == "producer"]
    assert sum(producers.tonnes, decimal.Decimal(0)) == egar.read(EXAMPLE).tonnes
    assert set(frame["class"]) <= {"recycling", "energy_recovery", "landfill", "interim", "other_disposal"}
    assert isinstance(frame, pandas.DataFrame)


def test_parties_keep_only_the_organisations_own_groups() -> None:
    own = egar.read(EXAMPLE, parties=["516082736"], roles=["producer"])
    rows = own.groups()
    assert rows and all(r["party"] == "516082736" and r["role"] == "producer" for r in rows)


def test_bytes_kilograms_and_decimal_comma() -> None:
    guides = egar.read((HEADER + "PT1;CC;2025-02-03;500000000;500000001;150101;R3;1250,5\n").encode(), unit="kg")
    assert guides.tonnes == decimal.Decimal("1.2505")


def test_a_bad_guide_names_its_number_line_and_field() -> None:
    text = HEADER + "PT1;CC;2025-02-03;500000000;500000001;150101;R3;1.234,5\n"
    with pytest.raises(iso_core.ValidationError) as error:
        egar.read(text.encode(), name="lista.csv")
    assert error.value.line == 2
    assert "PT1" in str(error.value) and "quantidade" in str(error.value)
    lenient = egar.read(text.encode(), mode="lenient")
    assert lenient.report["rejected"] == 1 and lenient.report["issues"][0]["id"] == "PT1"


def test_doctype_is_refused_and_options_are_checked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaa">]><guias>&a;</guias>')
    with pytest.raises(iso_core.ParseError) as error:
        egar.read(bomb)
    assert error.value.path == str(bomb)
    with pytest.raises(ValueError, match="expected `t` or `kg`"):
        egar.read(bomb, unit="lb")
    with pytest.raises(FileNotFoundError):
        egar.read(tmp_path / "missing.csv")
