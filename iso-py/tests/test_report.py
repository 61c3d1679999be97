"""The periodic report through Python: every format, XLSX checked with openpyxl, notebook display."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest

import iso_core

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecociclo"


@pytest.fixture(scope="module")
def report() -> iso_core.Report:
    cat = iso_core.Catalogue.builtin()
    register = iso_core.Register.from_folder(EXAMPLE, cat)
    return iso_core.Report(cat, register, "2025", "pt", audit_date=datetime.date(2026, 2, 10))


def test_html_has_every_section_in_portuguese(report: iso_core.Report) -> None:
    html = report.to_html()
    for heading in ["Organização e âmbito", "Sumário executivo", "Conformidade por secção", "Metodologia"]:
        assert f">{heading}</h2>" in html
    assert "EcoCiclo" in html and "31 de dezembro de 2025" in html
    assert report.fingerprint in html


def test_every_format_saves_and_reproduces(report: iso_core.Report, tmp_path: Path) -> None:
    for name in ["r.html", "r.md", "r.json", "r.xml", "r.zip", "r.xlsx"]:
        report.save(tmp_path / name)
        assert (tmp_path / name).stat().st_size > 1000
    assert (tmp_path / "r.xlsx").read_bytes() == report.to_xlsx()
    with zipfile.ZipFile(io.BytesIO(report.to_csv_zip())) as archive:
        assert "summary-scores.csv" in archive.namelist()
    assert sorted(report.csv_files()) == sorted(zipfile.ZipFile(tmp_path / "r.zip").namelist())
    with pytest.raises(ValueError, match="supported formats are html, markdown, json, xml, csv, xlsx"):
        report.save(tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_xlsx_opens_in_openpyxl_with_numbers(report: iso_core.Report) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(report.to_xlsx()))
    assert book.sheetnames[0] == "report"
    scores = book["summary-scores"]
    assert scores.freeze_panes == "A2"
    header = [c.value for c in scores[1]]
    assert header[:3] == ["Norma", "Estado", "Pontuação"]
    first = [c.value for c in scores[2]]
    assert first[0] == "ISO 9001:2015"
    assert isinstance(first[2], float) and 0 < first[2] <= 1
    assert scores.cell(row=2, column=3).number_format == "0.0%"
    index = book["evidence-index"]
    assert index.max_row == 431  # header + every evidence record


def test_templates_are_escaped_and_strict(report: iso_core.Report) -> None:
    assert report.to_html("<b>{{ report.meta.period }}</b>") == "<b>2025</b>"
    with pytest.raises(iso_core.ValidationError, match="undefined"):
        report.to_html("{{ nothing.here }}")


def test_notebook_shows_the_report_in_a_sandboxed_frame(report: iso_core.Report) -> None:
    html = report._repr_html_()
    assert html.startswith("<iframe srcdoc=") and "sandbox" in html
    assert "<script" not in html


def test_report_options_are_checked() -> None:
    cat = iso_core.Catalogue.builtin()
    register = iso_core.Register.from_folder(EXAMPLE, cat)
    with pytest.raises(ValueError, match="not a period"):
        iso_core.Report(cat, register, "2025-13")
    with pytest.raises(ValueError, match="unknown language"):
        iso_core.Report(cat, register, "2025", "de")
    assert iso_core.report_formats() == ["html", "markdown", "json", "xml", "csv", "xlsx"]
