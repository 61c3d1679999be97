"""The catalogue through Python: immutable values, Pythonic errors, DataFrames."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import iso_core
from iso_core import Catalogue


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return Catalogue.builtin()


def test_values_are_immutable_and_comparable(cat: Catalogue) -> None:
    clause = cat.clause("ISO14001:2015/6.1.2")
    assert clause is not None
    assert clause.title.en == "Environmental aspects"
    assert str(clause.title) == "Environmental aspects"
    assert clause.title["pt"] == clause.title.get("pt") == clause.title.pt
    with pytest.raises(AttributeError):
        clause.number = "9"  # type: ignore[misc]
    assert clause == cat.clause("ISO14001:2015/6.1.2")
    assert len({clause, cat.clause("ISO14001:2015/6.1.2")}) == 1
    assert "Environmental aspects" in repr(clause)


def test_requirements_filter_and_documented_information(cat: Catalogue) -> None:
    records = cat.requirements(norm="ISO 45001:2018", documented="retain")
    assert records and all(r.documented == "retain" for r in records)
    assert all(r.information is not None for r in records)
    under = cat.requirements_under("ISO9001:2015/7.1.5")
    assert {r.clause for r in under} == {"ISO9001:2015/7.1.5.1", "ISO9001:2015/7.1.5.2"}
    with pytest.raises(ValueError, match="none, maintain or retain"):
        cat.requirements(documented="sometimes")


def test_unknown_ids_and_norms(cat: Catalogue) -> None:
    assert cat.requirement("ISO14001:2015/99/z") is None
    with pytest.raises(iso_core.NotFoundError) as raised:
        cat.requirements(norm="ISO 9999")
    assert isinstance(raised.value, KeyError)
    assert "loaded norms are ISO 9001:2015" in str(raised.value)
    with pytest.raises(KeyError):
        cat.children("nope")


def test_bad_language_is_a_value_error(cat: Catalogue) -> None:
    with pytest.raises(ValueError, match="supported languages are en, fr, pt"):
        cat.search("policy", "de")


def test_validation_errors_list_every_issue_with_location() -> None:
    text = """
[norm]
id = "T"
key = "T"
kind = "requirements"
title = { en = "T" }

[[clause]]
number = "1"
title = { en = "One" }

[[requirement]]
clause = "2"
item = "a"
statement = { en = "x" }

[[requirement]]
clause = "1"
item = "a"
statement = { en = " " }
"""
    with pytest.raises(iso_core.ValidationError) as raised:
        Catalogue.from_toml(text, name="mine.toml")
    err = raised.value
    assert isinstance(err, ValueError)
    assert (err.path, err.line, err.column) == ("mine.toml", 12, 1)
    assert [i["problem"]["kind"] for i in err.issues] == ["unknown_clause", "missing_text"]
    assert err.issues[1]["message"] == "mine.toml:17:1: T/1/a: missing statement (the English text is required)"


def test_parse_errors_have_line_and_column() -> None:
    with pytest.raises(iso_core.ParseError) as raised:
        Catalogue.from_toml('[norm]\nid = "x"\nkind = "requirements"\nkey = "x"\ntitle = { en = "x" }\nwhat = 1\n')
    assert raised.value.line == 6
    assert "unknown field `what`" in str(raised.value)


def test_oversized_input_is_refused() -> None:
    with pytest.raises(iso_core.ParseError, match="exceeds the limit"):
        Catalogue.from_toml("#" * (8 * 1024 * 1024 + 1))


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Catalogue.from_path(tmp_path / "absent.toml")


def test_folder_of_catalogues(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(
        '[norm]\nid = "A:1"\nkey = "A:1"\nkind = "requirements"\ntitle = { en = "A" }\n'
        '[[clause]]\nnumber = "1"\ntitle = { en = "One" }\n',
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    cat = Catalogue.from_path(tmp_path)
    assert [n.id for n in cat.norms] == ["A:1"]
    assert cat.norms[0].source.endswith("a.toml")


def test_json_round_trip_and_pickle_free_transport(cat: Catalogue) -> None:
    back = Catalogue.from_json(cat.to_json())
    assert back.to_json() == cat.to_json()
    assert len(back) == len(cat)
    with pytest.raises(iso_core.ParseError):
        Catalogue.from_json("{not json")
    with pytest.raises(TypeError):
        pickle.dumps(cat)


def test_requirements_frame(cat: Catalogue) -> None:
    pd = pytest.importorskip("pandas")
    frame = iso_core.requirements_frame(cat, lang="fr", norm="ISO 50001:2018")
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(cat.requirements(norm="ISO 50001:2018"))
    assert list(frame.columns[:4]) == ["id", "norm", "clause", "clause_title"]
    row = frame[frame["clause"] == "5.2"].iloc[0]
    assert row["clause_title"].startswith("Politique")


def test_maturity_scale_of_guidance_norm(cat: Catalogue) -> None:
    norm = cat.norm("ISO 26000:2010")
    assert norm is not None and norm.kind == "guidance" and not norm.certifiable
    assert [m.level for m in norm.maturity] == [0, 1, 2, 3, 4]


def test_file_schema_describes_the_format() -> None:
    schema = Catalogue.file_schema()
    assert schema["title"] == "iso-core catalogue file"
    assert "requirement" in schema["properties"]
