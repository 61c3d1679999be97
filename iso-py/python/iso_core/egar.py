"""e-GAR guides (Portugal's electronic waste transport guides, SILiAmb): read, aggregate, reconcile with the MIRR.

>>> from iso_core import egar
>>> csv = (
...     "numeroGuia;codigoEstado;dataEmissao;nifRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\\n"
...     "PT1;CC;2025-02-03;500000000;500000001;20 03 01;D1;21,5\\n"
... )
>>> guides = egar.read(csv.encode())
>>> guides.report["counted"], guides.tonnes
(1, Decimal('21.5'))
"""

from __future__ import annotations

import decimal
import json
import os
from collections.abc import Iterable
from typing import Any

from . import _native
from ._native import GuideImport, Mirr, Reconciliation

__all__ = ["GuideImport", "Mirr", "Reconciliation", "compile_mirr", "generate", "read", "reconcile_mirr"]


def read(
    source: str | os.PathLike[str] | bytes,
    *,
    unit: str = "t",
    mode: str = "strict",
    states: str = "concluded",
    encoding: str = "utf-8",
    max_tonnes: str | int | None = None,
    max_listed: int | None = None,
    parties: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    name: str | None = None,
) -> GuideImport:
    """Reads e-GAR guides from a file, a folder of exports (every ``.xml`` and ``.csv`` file) or bytes.

    ``unit`` is the unit of quantities that do not state their own (``"t"`` or ``"kg"``); ``mode`` is ``"strict"``
    (the first bad guide raises ``ValidationError`` with its number, line and field) or ``"lenient"`` (bad guides are
    counted and listed in ``report["issues"]``); ``states`` is ``"concluded"`` (the MIRR's figures) or
    ``"received"``; ``encoding`` is ``"utf-8"`` or ``"windows-1252"`` for CSV; ``parties`` keeps only these NIFs
    (the organisation's own); ``roles`` is a subset of ``producer``, ``destination``, ``transporter``. The file is
    streamed: memory grows with the number of groups, not of guides.
    """
    options: dict[str, Any] = {"unit": unit, "mode": mode, "states": states, "encoding": encoding}
    if max_tonnes is not None:
        options["max_tonnes"] = str(max_tonnes)
    if max_listed is not None:
        options["max_listed"] = max_listed
    aggregate: dict[str, Any] = {}
    if parties is not None:
        aggregate["parties"] = sorted(parties)
    if roles is not None:
        aggregate["roles"] = sorted(roles)
    if aggregate:
        options["aggregate"] = aggregate
    if not isinstance(source, bytes):
        source = os.fspath(source)
    return _native.read_guides(source, json.dumps(options), name)


def generate(
    path: str | os.PathLike[str],
    guides: int,
    *,
    format: str = "csv",
    seed: int = 2026,
    year: int = 2025,
    kilograms: bool = False,
) -> None:
    """Writes ``guides`` deterministic synthetic guides to ``path`` as ``"csv"`` (the portal's list, ``;``, UTF-8
    with BOM) or ``"xml"`` (the web service's ``guias``): realistic producers, destinations, codes, states,
    corrections and ADR data, the same for the same seed. For tests, demos and benchmarks."""
    _native.write_synthetic_guides(os.fspath(path), guides, format, seed=seed, year=year, kilograms=kilograms)


def compile_mirr(guides: GuideImport, year: int, *, parties: Iterable[str] | None = None) -> Mirr:
    """The MIRR forms of ``year`` compiled from ``guides``: B (produced), C1 (received), C2 (processed, a draft from
    receipts) and D1 (transported), for ``parties`` (NIFs; every party when ``None``). ``Mirr.to_csv()`` writes
    them in the columns a declared register is read in."""
    return guides.compile_mirr(year, None if parties is None else sorted(parties))


def reconcile_mirr(
    guides: GuideImport,
    declared: str | os.PathLike[str],
    year: int,
    *,
    tolerance: str | int = 0,
) -> Reconciliation:
    """Reconciles a declared MIRR (a CSV path or text, see ``docs/mirr.md``) of ``year`` with the forms compiled from
    ``guides`` for the parties it names: every line of either with both quantities, its difference (declared −
    compiled) and status; ``to_pandas(discrepancies_only=True)`` lists what to correct. ``tolerance`` in tonnes."""
    text = os.fspath(declared)
    name = "mirr.csv"
    if "\n" not in text:
        name = text
        with open(text, encoding="utf-8-sig") as f:
            text = f.read()
    return guides.reconcile_mirr(name, text, year, decimal.Decimal(str(tolerance)))
