"""Exceptions raised by iso_core.

Every exception derives from :class:`IsoError`; each also derives from the built-in exception a Python programmer
would catch for that failure (``ValueError`` for bad input, ``KeyError`` for an unknown id). I/O failures are plain
``OSError``.
"""

from __future__ import annotations

from typing import Any


class IsoError(Exception):
    """Base class of every error raised by iso_core."""

    #: The file or input label where the problem was found, when known.
    path: str | None = None
    #: 1-based line, when the input is text.
    line: int | None = None
    #: 1-based column, when the input is text.
    column: int | None = None


class ParseError(IsoError, ValueError):
    """The input could not be read: bad syntax, a wrong type, an unknown key, an oversized file."""


class ValidationError(IsoError, ValueError):
    """The input was read but breaks a rule: duplicate ids, dangling references, missing texts.

    ``issues`` lists every problem found, each a dict with ``location``, ``id``, ``problem`` and ``message``.
    """

    issues: list[dict[str, Any]]

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.issues = []


class UnitError(IsoError, ValueError):
    """Quantities of incompatible units or dimensions were combined, or a unit is unknown."""


class UndefinedError(IsoError, ArithmeticError):
    """A value is undefined (a ratio with a zero denominator) and a number was asked for."""


class NotFoundError(IsoError, KeyError):
    """An id (norm, clause, requirement) is not in the catalogue."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


__all__ = ["IsoError", "NotFoundError", "ParseError", "UndefinedError", "UnitError", "ValidationError"]
