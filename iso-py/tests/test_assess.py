"""Register and assessment through Python: folders, CSV, DataFrames, options, pandas, notebooks."""

from __future__ import annotations

import datetime
import decimal
from pathlib import Path

import pytest

import iso_core

ORG = """
[organisation]
id = "acme"
name = "ACME <Recycling> & Co"

[[organisation.site]]
id = "north"
name = "North"
headcount = 30

[[organisation.site]]
id = "south"
name = "South"
headcount = 10

[[organisation.system]]
norm = "ISO 14001:2015"
status = "implementing"
"""

EVIDENCE = """id,title,kind,links,status,site,effective,expires
E1,Environmental policy,policy,ISO14001:2015/5.2,approved,,2025-01-15,2026-01-14
E2,Aspects register,record,ISO14001:2015/6.1.2,approved,north,2025-02-01,
E3,Audit report,record,HS/9.2,draft,,2025-03-01,
"""

FINDINGS = """id,source,raised,grade,requirement,site,statement,status,closed
F1,internal,2025-03-10,major,ISO14001:2015/8.2,south,No emergency drill,open,
"""


@pytest.fixture(scope="module")
def cat() -> iso_core.Catalogue:
    return iso_core.Catalogue.builtin()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "organisation.toml").write_text(ORG, encoding="utf-8")
    (tmp_path / "evidence.csv").write_text(EVIDENCE, encoding="utf-8")
    (tmp_path / "findings.csv").write_text(FINDINGS, encoding="utf-8")
    return tmp_path


def test_folder_and_csv_give_the_same_register(cat: iso_core.Catalogue, folder: Path) -> None:
    a = iso_core.Register.from_folder(folder, cat)
    b = iso_core.Register.from_csv(
        cat, folder / "organisation.toml", evidence=folder / "evidence.csv", findings=str(folder / "findings.csv")
    )
    assert a.to_json() == b.to_json()
    assert a.organisation["sites"][0]["headcount"] == 30
    assert a.evidence[0]["effective"] == "2025-01-15"
    back = iso_core.Register.from_json(a.to_json(), cat)
    assert back.to_json() == a.to_json()


def test_dataframes_with_other_headers(cat: iso_core.Catalogue) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "Código": ["E1"],
            "Título": ["Política ambiental"],
            "Tipo": ["política"],
            "Requisitos": ["ISO 14001:2015/5.2"],
            "Estado": ["Aprovado"],
            "Em vigor": [pd.Timestamp("2025-01-15")],
        }
    )
    columns = {"evidence": {"Código": "id", "Título": "title", "Tipo": "kind", "Requisitos": "links", "Estado": "status", "Em vigor": "effective"}}
    register = iso_core.Register.from_dataframe(cat, ORG, evidence=frame, columns=columns)
    assert register.evidence[0]["kind"] == "policy"
    assert register.evidence[0]["effective"] == "2025-01-15"
    with pytest.raises(TypeError):
        iso_core.Register.from_dataframe(cat, ORG, evidence="evidence.csv")


def test_every_bad_row_is_reported(cat: iso_core.Catalogue, folder: Path) -> None:
    bad = EVIDENCE + "E1,Duplicate,record,ISO14001:2015/6.1.9,approved,mars,2025-13-01,\n"
    (folder / "evidence.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(iso_core.ValidationError) as raised:
        iso_core.Register.from_folder(folder, cat)
    err = raised.value
    assert isinstance(err, ValueError)
    assert err.line == 5 and err.path and err.path.endswith("evidence.csv")
    messages = [i["message"] for i in err.issues]
    assert any("effective: \"2025-13-01\" is not a date" in m for m in messages)
    assert any("duplicate id" in m for m in messages)
    assert any("unknown site \"mars\"" in m for m in messages)


def test_missing_folder_is_an_os_error(cat: iso_core.Catalogue, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        iso_core.Register.from_folder(tmp_path / "nowhere", cat)


def test_assess_with_exact_options(cat: iso_core.Catalogue, folder: Path) -> None:
    register = iso_core.Register.from_folder(folder, cat)
    a = iso_core.assess(cat, register, datetime.date(2025, 6, 30), threshold=0.8, site_rollup="headcount")
    assert a.as_of == datetime.date(2025, 6, 30)
    score = a.score("ISO 14001:2015")
    assert isinstance(score, decimal.Decimal) and decimal.Decimal(0) <= score <= decimal.Decimal(1)
    north, south = a.score("ISO 14001:2015", "north"), a.score("ISO 14001:2015", "south")
    assert north is not None and south is not None
    assert abs(score - (30 * north + 10 * south) / 40) < decimal.Decimal("1e-25")
    readiness = a.readiness[0]
    assert readiness["ready"] is False
    assert readiness["reasons"][0] == {"kind": "open_major_nonconformity", "finding": "F1", "requirement": "ISO14001:2015/8.2", "site": "south"}
    assert a.to_dict()["options"]["threshold"] == "0.8"
    with pytest.raises(ValueError, match="threshold"):
        iso_core.assess(cat, register, datetime.date(2025, 6, 30), threshold=2)
    with pytest.raises(ValueError, match="ISO 45001:2018 is not run"):
        iso_core.assess(cat, register, datetime.date(2025, 6, 30), norms=["ISO 45001:2018"])
    with pytest.raises(iso_core.NotFoundError):
        a.score("ISO 14001:2015", "west")


def test_to_pandas_and_notebook_html(cat: iso_core.Catalogue, folder: Path) -> None:
    pd = pytest.importorskip("pandas")
    a = iso_core.assess(cat, iso_core.Register.from_folder(folder, cat), datetime.date(2025, 6, 30))
    frame = a.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(a.results) == 2 * len(cat.requirements(norm="ISO 14001:2015"))
    policy = frame[(frame.requirement == "ISO14001:2015/5.2/2") & (frame.site == "north")].iloc[0]
    assert policy.result == "conforming" and policy.points == decimal.Decimal(1)
    html = a._repr_html_()
    assert "ACME &lt;Recycling&gt; &amp; Co" in html and "<Recycling>" not in html


def test_compare_explains_changes(cat: iso_core.Catalogue, folder: Path) -> None:
    register = iso_core.Register.from_folder(folder, cat)
    before = iso_core.assess(cat, register, datetime.date(2025, 6, 30))
    after = iso_core.assess(cat, register, datetime.date(2026, 6, 30))
    diff = iso_core.compare(before, after)
    policy = [c for c in diff["changes"] if c["requirement"] == "ISO14001:2015/5.2/2" and c["site"] == "north"][0]
    assert (policy["before"], policy["after"], policy["evidence_removed"]) == ("conforming", "nonconforming", ["E1"])
    assert decimal.Decimal(diff["scores"][0]["delta"]) < 0
