"""A Word table's style: which conditional parts of it (header row, first and last row and
column, bands, as the table's w:tblLook turns them on) apply to each cell, strongest first, and
the shading they give the cell.

Pure: lxml and the standard library only.
"""

from __future__ import annotations

from lxml import etree

from spark.accessibility.docx_colours import shading
from spark.accessibility.docx_runs import _OFF
from spark.accessibility.docx_styles import WordStyles
from spark.accessibility.pptx_colours import Colour, Theme

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_LOOK_BITS = {
    "firstRow": 0x20,
    "lastRow": 0x40,
    "firstColumn": 0x80,
    "lastColumn": 0x100,
    "noHBand": 0x200,
    "noVBand": 0x400,
}


def _look(table: etree._Element) -> dict[str, bool]:
    look = table.find(f"{W}tblPr/{W}tblLook")
    flags = dict.fromkeys(_LOOK_BITS, False)
    if look is None:
        return flags
    try:
        bits = int(look.get(f"{W}val", "0"), 16)
    except ValueError:
        bits = 0
    for name, bit in _LOOK_BITS.items():
        attr = look.get(f"{W}{name}")
        flags[name] = attr.lower() not in _OFF if attr is not None else bool(bits & bit)
    return flags


class TableParts:
    """A table's style chain and look flags, read once per table: table_parts() for each cell."""

    def __init__(self, styles: WordStyles, table: etree._Element) -> None:
        style = table.find(f"{W}tblPr/{W}tblStyle")
        self.chain = styles.chain(style.get(f"{W}val")) if style is not None else []
        self.look = _look(table) if self.chain else {}
        self._parts: dict[str, etree._Element | None] = {}

    def part(self, kind: str) -> etree._Element | None:
        """The nearest style's conditional formatting of this kind (w:tblStylePr)."""
        if kind not in self._parts:
            self._parts[kind] = None
            for s in self.chain:
                part = next(
                    (p for p in s.iter(f"{W}tblStylePr") if p.get(f"{W}type") == kind), None
                )
                if part is not None:
                    self._parts[kind] = part
                    break
        return self._parts[kind]

    def cell(self, row: int, col: int, rows: int, cols: int) -> list[etree._Element]:
        """The table style's parts for a cell, strongest first: header row, columns, bands,
        whole."""
        if not self.chain:
            return []
        look = self.look
        kinds = []
        if look["firstRow"] and row == 0:
            kinds.append("firstRow")
        if look["lastRow"] and row == rows - 1:
            kinds.append("lastRow")
        if look["firstColumn"] and col == 0:
            kinds.append("firstCol")
        if look["lastColumn"] and col == cols - 1:
            kinds.append("lastCol")
        if not look["noHBand"]:
            body_row = row - (1 if look["firstRow"] else 0)
            kinds.append("band1Horz" if body_row % 2 == 0 else "band2Horz")
        if not look["noVBand"]:
            kinds.append("band1Vert" if col % 2 == 0 else "band2Vert")
        parts = [self.part(kind) for kind in kinds]
        return [p for p in parts if p is not None] + self.chain


def table_parts(
    styles: WordStyles, table: etree._Element, row: int, col: int, rows: int, cols: int
) -> list[etree._Element]:
    """The table style's parts for a cell, strongest first: header row, columns, bands, whole."""
    return TableParts(styles, table).cell(row, col, rows, cols)


def table_shading(parts: list[etree._Element], theme: Theme | None) -> Colour | None:
    for part in parts:
        shd = part.find(f"{W}tcPr/{W}shd")
        if shd is not None:
            return shading(shd, theme)
    return None
