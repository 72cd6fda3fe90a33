"""PowerPoint table styles: the fill and text colour a cell takes from its table's style.

A table names its style by id (a:tableStyleId); PowerPoint writes the definitions it uses into
ppt/tableStyles.xml, except its built-in default, which is given here. The parts that apply
to a cell (header row, first column, bands, whole table) are tried strongest first.

Pure: lxml and the standard library only.
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from spark.accessibility.pptx_colours import (
    COLOUR_TAGS,
    FILL_TAGS,
    Colour,
    Palette,
    Theme,
    fill_of,
    style_ref_fill,
)
from spark.accessibility.safety import parse_xml

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

# PowerPoint's built-in default table style, used when ppt/tableStyles.xml does not define it.
DEFAULT_TABLE_STYLE_ID = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"
_DEFAULT_TABLE_STYLE = f"""<a:tblStyle xmlns:a="{A[1:-1]}" styleId="{DEFAULT_TABLE_STYLE_ID}">
<a:wholeTbl><a:tcTxStyle><a:schemeClr val="dk1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill>
<a:schemeClr val="accent1"><a:tint val="20000"/></a:schemeClr></a:solidFill></a:fill></a:tcStyle>
</a:wholeTbl><a:band1H><a:tcStyle><a:fill><a:solidFill><a:schemeClr val="accent1">
<a:tint val="40000"/></a:schemeClr></a:solidFill></a:fill></a:tcStyle></a:band1H>
<a:firstRow><a:tcTxStyle b="on"><a:schemeClr val="lt1"/></a:tcTxStyle><a:tcStyle><a:fill>
<a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:fill></a:tcStyle></a:firstRow>
<a:lastRow><a:tcTxStyle b="on"><a:schemeClr val="lt1"/></a:tcTxStyle><a:tcStyle><a:fill>
<a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:fill></a:tcStyle></a:lastRow>
<a:firstCol><a:tcTxStyle b="on"><a:schemeClr val="lt1"/></a:tcTxStyle><a:tcStyle><a:fill>
<a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:fill></a:tcStyle></a:firstCol>
<a:lastCol><a:tcTxStyle b="on"><a:schemeClr val="lt1"/></a:tcTxStyle><a:tcStyle><a:fill>
<a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:fill></a:tcStyle></a:lastCol>
</a:tblStyle>"""


def default_table_style() -> etree._Element:
    return parse_xml(_DEFAULT_TABLE_STYLE.encode())


def synthetic_style(colour: etree._Element | None, bold: str | None) -> etree._Element:
    """A one-level list style carrying a colour and boldness, for style and table references."""
    style = etree.Element(f"{A}lstStyle")
    props = etree.SubElement(etree.SubElement(style, f"{A}defPPr"), f"{A}defRPr")
    if bold is not None:
        props.set("b", "1" if bold in {"on", "1", "true"} else "0")
    if colour is not None:
        etree.SubElement(props, f"{A}solidFill").append(deepcopy(colour))
    return style


class TableLook:
    """What a table's style and its a:tblPr flags give each cell, worked out once per table."""

    def __init__(self, table_styles: dict[str, etree._Element], table: etree._Element) -> None:
        self.style: etree._Element | None = None
        self.known = True
        self._parts: dict[str, etree._Element | None] = {}
        props = next(table.iterchildren(f"{A}tblPr"), None)
        if props is None:
            return
        style_id = props.findtext(f"{A}tableStyleId")
        if not style_id:
            return
        self.style = table_styles.get(style_id)
        if self.style is None:
            self.known = False
            return
        flags = ("firstRow", "lastRow", "firstCol", "lastCol", "bandRow", "bandCol")
        self.on = {name: props.get(name) in {"1", "true"} for name in flags}

    def part(self, name: str) -> etree._Element | None:
        if name not in self._parts:
            self._parts[name] = next(self.style.iterchildren(f"{A}{name}"), None)
        return self._parts[name]

    def cell(self, row: int, col: int, rows: int, cols: int) -> tuple[list[etree._Element], bool]:
        """The style parts that apply to a cell, strongest first, and whether the style is known."""
        if self.style is None:
            return [], self.known
        on = self.on
        names = []
        if on["firstRow"] and row == 0:
            names.append("firstRow")
        if on["lastRow"] and row == rows - 1:
            names.append("lastRow")
        if on["firstCol"] and col == 0:
            names.append("firstCol")
        if on["lastCol"] and col == cols - 1:
            names.append("lastCol")
        if on["bandRow"]:
            body_row = row - (1 if on["firstRow"] else 0)
            names.append("band1H" if body_row % 2 == 0 else "band2H")
        if on["bandCol"]:
            names.append("band1V" if col % 2 == 0 else "band2V")
        names.append("wholeTbl")
        parts = [self.part(name) for name in names]
        return [p for p in parts if p is not None], True


def table_cell_style(
    table_styles: dict[str, etree._Element],
    table: etree._Element,
    row: int,
    col: int,
    rows: int,
    cols: int,
) -> tuple[list[etree._Element], bool]:
    """The style parts that apply to a cell, strongest first, and whether the style is known."""
    return TableLook(table_styles, table).cell(row, col, rows, cols)


def table_cell_fill(parts: list[etree._Element], palette: Palette, theme: Theme) -> Colour | None:
    for part in parts:
        style = part.find(f"{A}tcStyle")
        if style is None:
            continue
        fill = style.find(f"{A}fill")
        if fill is not None and any(c.tag in FILL_TAGS for c in fill):
            return fill_of(fill, palette)
        if style.find(f"{A}fillRef") is not None:
            return style_ref_fill(style.find(f"{A}fillRef"), palette, theme)
    return None


def table_text_style(parts: list[etree._Element]) -> etree._Element | None:
    colour, bold = None, None
    for part in parts:
        text = part.find(f"{A}tcTxStyle")
        if text is None:
            continue
        if bold is None and text.get("b") in {"on", "off"}:
            bold = text.get("b")
        if colour is None:
            colour = next((c for c in text if c.tag in COLOUR_TAGS), None)
    if colour is None and bold is None:
        return None
    return synthetic_style(colour, bold)
