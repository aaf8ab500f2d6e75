"""Bounded parameter types for every API operation: ids fit a 64-bit column, texts have a length.

Use these in every path, query, form and body schema (the schema test in ``tests/test_input_bounds.py`` fails on
an integer without bounds or a string without a maximum length), so an id of 2⁶³ or a 200 KB title is a 422 with
the field named, not a database error.
"""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Path

from dieuhanh.core.params import MAX_ID

# Texts a person writes: a progress report, a paragraph of a notice (the request body as a whole is limited too).
MAX_TEXT = 20_000
# Names, titles, codes and search words.
MAX_LINE = 500

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Percent = Annotated[int, Field(ge=0, le=100)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Line = Annotated[str, Field(max_length=MAX_LINE)]
Code = Annotated[str, Field(max_length=64)]
