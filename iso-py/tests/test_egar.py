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


FOLDER = ROOT / "examples" / "ecociclo"


def test_mirr_compiled_and_reconciled_with_the_examples_declared_register() -> None:
    guides = egar.read(EXAMPLE)
    compiled = egar.compile_mirr(guides, 2025, parties=["516082736"])
    assert {line["form"] for line in compiled.lines()} == {"B", "C1", "C2", "D1"}
    assert all(isinstance(line["tonnes"], decimal.Decimal) for line in compiled.lines())
    assert egar.reconcile_mirr(guides, compiled.to_csv(), 2025).is_reconciled
    result = egar.reconcile_mirr(guides, FOLDER / "mirr-2025.csv", 2025)
    assert not result.is_reconciled
    assert result.counts == {"matched": 75, "differs": 1, "missing_in_declared": 2, "missing_in_guides": 1}
    [differs] = [line for line in result.lines(discrepancies_only=True) if line["status"] == "differs"]
    assert (differs["ler"], differs["declared"], differs["compiled"]) == (
        "19 12 12",
        decimal.Decimal("3486.681"),
        decimal.Decimal("3846.681"),
    )
    assert differs["difference"] == decimal.Decimal("-360")
    frame = result.to_pandas(discrepancies_only=True)
    assert len(frame) == 4 and list(frame.columns)[-1] == "status"


def test_a_bad_declared_mirr_names_line_and_column() -> None:
    guides = egar.read(EXAMPLE)
    text = "formulario;nif;ler;operacao;nif_contraparte;quantidade_t\nB;516082736;150101;R33;1;2\n"
    with pytest.raises(iso_core.ValidationError) as error:
        egar.reconcile_mirr(guides, text, 2025)
    assert error.value.line == 2 and "R33" in str(error.value)


def test_waste_kpis_breakdown_and_report_section() -> None:
    catalogue = iso_core.Catalogue.builtin()
    register = iso_core.Register.from_folder(FOLDER, catalogue)
    guides = egar.read(FOLDER / "egar", parties=["516082736"])
    kpis = iso_core.compute_kpis(register, None, "2025", guides=guides, only=["waste-total", "waste-recycling-rate"])
    breakdown = guides.waste_breakdown(register, "2025")
    assert kpis.value("waste-total") == decimal.Decimal(breakdown["total"]["total"])
    rate = kpis.value("waste-recycling-rate")
    assert rate is not None and rate == decimal.Decimal(breakdown["rates"]["recycling_rate"]) * 100
    assert [row["site"] for row in breakdown["by_site"]] == ["setubal", "maia"]
    report = iso_core.Report(catalogue, register, "2025", "en", waste=guides, mirr=FOLDER / "mirr-2025.csv")
    markdown = report.to_markdown()
    assert "## Waste and circularity" in markdown and "MIRR discrepancies" in markdown
    with pytest.raises(ValueError, match="calendar-year"):
        iso_core.Report(catalogue, register, "2025-Q1", "en", waste=guides, mirr=FOLDER / "mirr-2025.csv")


def test_material_circularity_of_the_examples_products() -> None:
    result = iso_core.material_circularity(FOLDER / "products.csv")
    first = result["company"]["products"][0]["result"]
    # 33 600 kg, 30 % recycled input (E_F 0.85): V = 23 520 kg; X = 12 / 8 = 1.5, F(X) = 0.6.
    assert decimal.Decimal(first["virgin_feedstock"]) == 23520
    assert decimal.Decimal(first["utility_factor"]) == decimal.Decimal("0.6")
    assert decimal.Decimal(result["company"]["mci"]).quantize(decimal.Decimal("0.001")) == decimal.Decimal("0.779")
    by_revenue = iso_core.material_circularity(FOLDER / "products.csv", weighting="revenue")
    assert by_revenue["company"]["weighting"] == "revenue"
    with pytest.raises(iso_core.ValidationError) as error:
        iso_core.material_circularity("id,mass_kg\nA,1\n")
    assert "recycled_input" in str(error.value)
