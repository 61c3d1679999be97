"""iso_core — ISO management-system certification work as data and computation.

The same engine as the Rust crate ``iso-core`` and the npm package: catalogues of ISO 9001, 14001, 45001, 50001 and
ISO 26000, with the harmonized-structure mapping between them.

>>> import iso_core
>>> cat = iso_core.Catalogue.builtin()
>>> cat.norm("ISO 14001:2015").title.get("pt")[:28]
'Sistemas de gestão ambiental'
"""

from __future__ import annotations

import datetime
import decimal
import json
import os
from typing import TYPE_CHECKING, Any

from . import _native, egar
from ._native import Assessment, Catalogue, Clause, Indicators, KpiResults, MaturityLevel, Norm, Register, Requirement
from ._native import GuideImport, Mirr, Reconciliation, Text, __version__
from ._native import material_circularity, report_formats
from .errors import IsoError, NotFoundError, ParseError, UndefinedError, UnitError, ValidationError

if TYPE_CHECKING:
    import pandas


_INTEGER_OPTIONS = {"expiring_within_days", "review_interval_months"}


def _exact(value: Any, key: str = "") -> Any:
    """Numbers become decimal strings (never binary floats), dates ISO strings, recursively."""
    if isinstance(value, dict):
        return {k: _exact(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_exact(v, key) for v in value]
    if isinstance(value, bool) or key in _INTEGER_OPTIONS:
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(decimal.Decimal(str(value)))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def assess(catalogue: Catalogue, register: Register, as_of: datetime.date, **options: Any) -> Assessment:
    """Assesses ``register`` as of ``as_of``.

    ``options`` are those of the engine's ``AssessOptions``: ``points`` (dict), ``weights`` ({id: weight}),
    ``aggregation`` ("weighted_mean" or "mean_of_clause_means"), ``site_rollup`` ("mean", "headcount", "worst"),
    ``threshold``, ``expiring_within_days``, ``share_evidence``, ``audit_date``, ``review_interval_months``,
    ``norms``. Numbers are taken exactly (``0.8`` means 8/10, not the nearest binary float).
    """
    encoded = json.dumps(_exact(options)) if options else None
    return _native.assess(catalogue, register, as_of, encoded)


def compare(before: Assessment, after: Assessment) -> dict[str, Any]:
    """What changed between two assessments: score deltas and requirement results, with evidence and findings."""
    result: dict[str, Any] = _native.compare(before, after)
    return result


def compute_kpis(
    register: Register,
    measurements: Any,
    period: str,
    *,
    baseline: str | None = None,
    targets: Any = None,
    ghg: Any = None,
    energy: Any = None,
    kpis: Any = None,
    only: list[str] | None = None,
    guides: GuideImport | None = None,
) -> KpiResults:
    """Computes the performance indicators of ``register``'s organisation for ``period``.

    ``measurements`` is a pandas DataFrame, a CSV path or CSV text in long form (site, period, metric, value, unit);
    ``targets`` likewise (kpi, target, site, period, warning). ``ghg`` (the inventory's GWP set, sector, densities,
    electricity factors), ``energy`` (``[[model]]`` baselines) and ``kpis`` (own metrics and indicators) are TOML
    paths or texts. ``baseline`` adds the improvement against that period; ``only`` limits the indicators.
    ``guides`` (from :func:`iso_core.egar.read`) adds the waste metrics of the organisation's own guides, so the
    waste KPIs (``waste-total``, ``waste-recycling-rate``, …) are computed too; ``measurements`` may then be ``None``.

    >>> import iso_core
    >>> cat = iso_core.Catalogue.builtin()
    >>> reg = iso_core.Register.from_csv(cat, {"id": "o", "name": "O", "sites": [{"id": "a", "name": "A"}]})
    >>> sheet = "site,period,metric,value,unit\na,2025,hs.hours.employees,400000,h\na,2025,hs.lost_time.employees,3,1\n"
    >>> iso_core.compute_kpis(reg, sheet, "2025", only=["ltifr-1m"]).value("ltifr-1m")
    Decimal('7.5')
    """
    data = Indicators(register, measurements, targets=targets, ghg=ghg, energy=energy, kpis=kpis, guides=guides)
    return data.compute(str(period), baseline=None if baseline is None else str(baseline), kpis=only)


_REPORT_KEYS = {"as_of", "title", "compare_previous", "top_gaps", "baseline"}


class Report(_native.Report):
    """An audit-ready periodic report of ``register`` for ``period`` ("2025", "2025-Q4", "2025-03", "R12-2025-06",
    "2025-01-01..2025-06-30") in ``lang`` ("en", "fr", "pt").

    ``indicators`` (an :class:`Indicators`) adds the performance-indicator section, with ``baseline`` for its
    improvement column; ``waste`` (guides from :func:`iso_core.egar.read`) the waste and circularity section and
    the waste KPIs, and ``mirr`` (a declared MIRR, CSV path or text) its reconciliation with the guides. Options: ``as_of``, ``title``, ``compare_previous``, ``top_gaps``, and any assessment option (``audit_date``,
    ``threshold``, ``aggregation``, ``site_rollup``, …). Render with ``to_html()``, ``to_markdown()``, ``to_json()``,
    ``to_xml()``, ``to_xlsx()``, ``to_csv_zip()``, or ``save(path)``; a notebook shows the HTML.
    """

    def __new__(
        cls,
        catalogue: Catalogue,
        register: Register,
        period: str,
        lang: str = "en",
        indicators: Indicators | None = None,
        waste: GuideImport | None = None,
        mirr: str | os.PathLike[str] | None = None,
        **options: Any,
    ) -> "Report":
        report_options = {k: v for k, v in options.items() if k in _REPORT_KEYS}
        assess_options = {k: v for k, v in options.items() if k not in _REPORT_KEYS}
        if assess_options:
            report_options["assess"] = assess_options
        encoded = json.dumps(_exact(report_options)) if report_options else None
        mirr_source = None if mirr is None else os.fspath(mirr)
        return super().__new__(cls, catalogue, register, str(period), lang, encoded, indicators, waste, mirr_source)


def requirements_frame(catalogue: Catalogue, lang: str = "en", **filters: Any) -> "pandas.DataFrame":
    """The catalogue's requirements as a pandas DataFrame, one row per requirement.

    ``filters`` are those of :meth:`Catalogue.requirements` (``norm``, ``clause``, ``documented``, ``excludable``);
    texts are given in ``lang``. Requires pandas.
    """
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("requirements_frame needs pandas: pip install pandas") from e
    rows = []
    for r in catalogue.requirements(**filters):
        clause = catalogue.clause(r.clause)
        info = r.information
        rows.append(
            {
                "id": r.id,
                "norm": r.norm,
                "clause": clause.number if clause else r.clause,
                "clause_title": clause.title.get(lang) if clause else None,
                "item": r.item,
                "statement": r.statement.get(lang),
                "documented": r.documented,
                "information": info.get(lang) if info else None,
                "excludable": r.excludable,
                "amendment": r.amendment,
            }
        )
    columns = ["id", "norm", "clause", "clause_title", "item", "statement", "documented", "information", "excludable", "amendment"]
    return pd.DataFrame(rows, columns=columns)


__all__ = [
    "Assessment",
    "Catalogue",
    "Clause",
    "GuideImport",
    "Indicators",
    "IsoError",
    "KpiResults",
    "MaturityLevel",
    "Mirr",
    "Norm",
    "NotFoundError",
    "ParseError",
    "Reconciliation",
    "Register",
    "Report",
    "Requirement",
    "Text",
    "UndefinedError",
    "UnitError",
    "ValidationError",
    "__version__",
    "assess",
    "compare",
    "egar",
    "material_circularity",
    "compute_kpis",
    "report_formats",
    "requirements_frame",
]
