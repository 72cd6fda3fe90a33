"""CSV files that open cleanly and safely in a spreadsheet.

Pure: the standard library only.

The rules:

- **Formula injection** (``safe_cell``): Excel, LibreOffice Calc and Google Sheets run a cell
  that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and a leading tab, carriage
  return, line feed or null character can smuggle one in (OWASP "CSV Injection", ASVS 1.2.10).
  So any text whose first character is one of ``= + - @``, tab, carriage return, line feed or
  null - or whose first character after leading spaces is one of them (" =1") - gets a
  leading apostrophe, which spreadsheets read as "this is text" and do not show. Text is
  never otherwise changed (the csv module quotes commas, quotes and line breaks).
- **Numbers stay numbers**: an ``int``, ``float`` or ``Decimal`` value (not text that looks
  like one) is written as the number it is, so -12.5 stays a number a spreadsheet can add up.
  Only a plainly written number is trusted: one that does not read as ``-12.5``, ``3``,
  ``1e-07`` (such as ``nan`` or ``-inf``) is guarded like text. ``True`` and ``False`` are
  written as "Yes" and "No"; ``None`` as an empty cell.
- **The file** (``csv_bytes``): a header row then the rows, every cell through ``safe_cell``;
  UTF-8 with a byte order mark, so Excel reads "£" and accented names correctly, and CRLF line
  endings (the csv module's default, as RFC 4180 says). A row with a different number of
  cells from the header is a programming error (ValueError).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

#: A cell starting with one of these (after any spaces) is guarded with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")


def safe_cell(value: object) -> str:
    """``value`` as the text of one CSV cell, guarded against formula injection (see the
    module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal):
        text = str(value)
        if _PLAIN_NUMBER.match(text):
            return text
        return _guard(text)
    return _guard(str(value))


def _guard(text: str) -> str:
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file: the header row, then ``rows``, every cell through ``safe_cell``; UTF-8 with
    a byte order mark and CRLF line endings. ValueError for a row whose length differs from
    the header's."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(header) for header in headers])
    for number, row in enumerate(rows, start=1):
        if len(row) != len(headers):
            raise ValueError(f"Row {number} has {len(row)} cells; the header has {len(headers)}")
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
