"""iso_core — ISO management-system certification work as data and computation.

The same engine as the Rust crate ``iso-core`` and the npm package: catalogues of ISO 9001, 14001, 45001, 50001 and
ISO 26000, with the harmonized-structure mapping between them.

>>> import iso_core
>>> cat = iso_core.Catalogue.builtin()
>>> cat.norm("ISO 14001:2015").title.get("pt")[:28]
'Sistemas de gestão ambiental'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._native import Catalogue, Clause, MaturityLevel, Norm, Requirement, Text, __version__
from .errors import IsoError, NotFoundError, ParseError, UndefinedError, UnitError, ValidationError

if TYPE_CHECKING:
    import pandas


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
    "Catalogue",
    "Clause",
    "IsoError",
    "MaturityLevel",
    "Norm",
    "NotFoundError",
    "ParseError",
    "Requirement",
    "Text",
    "UndefinedError",
    "UnitError",
    "ValidationError",
    "__version__",
    "requirements_frame",
]
