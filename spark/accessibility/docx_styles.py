"""Where a Word run gets its size, boldness, italics, underline and colours, and its shading.

Word's order: direct formatting, then the character style, the paragraph style (each with
its basedOn chain), the table style (its conditional parts first: header row, first column,
bands), then docDefaults. Theme colours (w:themeColor with w:themeShade/w:themeTint) resolve
through word/theme/theme1.xml; when there is no theme, Word's own stored w:val is used.

Pure: lxml and the standard library only.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass, field

from lxml import etree

from spark.accessibility.contrast import WHITE, parse_hex
from spark.accessibility.pptx_colours import UNKNOWN, Colour, Theme
from spark.accessibility.pptx_styles import child, grandchild

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_STYLE_CHAIN = 20
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_THEME_SLOT = {
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "text1": "dk1",
    "background1": "lt1",
    "text2": "dk2",
    "background2": "lt2",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}
HIGHLIGHT = {
    "black": (0, 0, 0),
    "blue": (0, 0, 255),
    "cyan": (0, 255, 255),
    "green": (0, 255, 0),
    "magenta": (255, 0, 255),
    "red": (255, 0, 0),
    "yellow": (255, 255, 0),
    "white": (255, 255, 255),
    "darkBlue": (0, 0, 128),
    "darkCyan": (0, 128, 128),
    "darkGreen": (0, 128, 0),
    "darkMagenta": (128, 0, 128),
    "darkRed": (128, 0, 0),
    "darkYellow": (128, 128, 0),
    "darkGray": (128, 128, 128),
    "lightGray": (192, 192, 192),
}
_OFF = {"0", "false", "off", "none"}
AUTO = "auto"  # Word's automatic colour: black or white, whichever reads on the background
_UNSET = object()
_VAL, _PPR, _PSTYLE, _RPR, _RSTYLE = f"{W}val", f"{W}pPr", f"{W}pStyle", f"{W}rPr", f"{W}rStyle"
_OUTLINE_LVL, _SHD, _SZ, _U, _COLOR = f"{W}outlineLvl", f"{W}shd", f"{W}sz", f"{W}u", f"{W}color"
_HIGHLIGHT, _B, _I = f"{W}highlight", f"{W}b", f"{W}i"


def is_on(element: etree._Element | None) -> bool | None:
    """A Word toggle (w:b, w:i, w:tblHeader...): None when absent, else its value."""
    if element is None:
        return None
    return element.get(f"{W}val", "1").lower() not in _OFF


def theme_colour(theme: Theme | None, name: str | None, shade: str | None, tint: str | None):
    """A w:themeColor with its w:themeShade / w:themeTint (hex bytes), or None if unknown."""
    if theme is None or not name:
        return None
    colour = theme.scheme.get(_THEME_SLOT.get(name, name))
    if not isinstance(colour, tuple):
        return None
    if not shade and not tint:
        return colour
    h, lum, s = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    try:
        if shade:
            lum *= int(shade, 16) / 255
        if tint:
            t = int(tint, 16) / 255
            lum = lum * t + (1 - t)
    except ValueError:
        return None
    r, g, b = colorsys.hls_to_rgb(h, min(max(lum, 0.0), 1.0), s)
    return round(r * 255), round(g * 255), round(b * 255)


def text_colour(color: etree._Element, theme: Theme | None) -> Colour | str:
    """A w:color: an (r, g, b), AUTO, or UNKNOWN."""
    themed = theme_colour(
        theme,
        color.get(f"{W}themeColor"),
        color.get(f"{W}themeShade"),
        color.get(f"{W}themeTint"),
    )
    if themed is not None:
        return themed
    value = color.get(f"{W}val", "")
    if value.lower() == "auto":
        return AUTO
    return parse_hex(value) or UNKNOWN


def shading(shd: etree._Element | None, theme: Theme | None) -> Colour | None:
    """A w:shd: the colour it paints, UNKNOWN (a pattern), or None (nothing: look behind)."""
    if shd is None:
        return None
    pattern = shd.get(f"{W}val", "clear")
    if pattern == "nil":
        return None
    if pattern == "solid":
        attr, theme_attr = f"{W}color", f"{W}themeColor"
    elif pattern == "clear":
        attr, theme_attr = f"{W}fill", f"{W}themeFill"
    else:
        return UNKNOWN  # a dotted or striped pattern mixes two colours
    themed = theme_colour(
        theme,
        shd.get(theme_attr),
        shd.get(f"{W}themeFillShade") if pattern == "clear" else shd.get(f"{W}themeShade"),
        shd.get(f"{W}themeFillTint") if pattern == "clear" else shd.get(f"{W}themeTint"),
    )
    if themed is not None:
        return themed
    value = shd.get(attr, "auto")
    if value.lower() == "auto":
        return None
    return parse_hex(value) or UNKNOWN


@dataclass
class WordStyles:
    """The styles part, read once: styles by id, their basedOn chains, docDefaults.

    What depends only on a style (its chain, its run properties, its shading, heading level)
    is worked out once per style and cached: a document uses a few styles many times.
    """

    by_id: dict[str, etree._Element]
    default_paragraph: str | None
    default_rpr: etree._Element | None
    _chains: dict = field(default_factory=dict, repr=False, compare=False)
    _props: dict = field(default_factory=dict, repr=False, compare=False)
    _tails: dict = field(default_factory=dict, repr=False, compare=False)
    _merged: dict = field(default_factory=dict, repr=False, compare=False)
    _looks: dict = field(default_factory=dict, repr=False, compare=False)
    _shading: dict = field(default_factory=dict, repr=False, compare=False)
    _levels: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, root: etree._Element | None) -> WordStyles:
        if root is None:
            return cls({}, None, None)
        by_id = {s.get(f"{W}styleId", ""): s for s in root.iter(f"{W}style")}
        default = next(
            (
                sid
                for sid, s in by_id.items()
                if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in {"1", "true", "on"}
            ),
            None,
        )
        return cls(by_id, default, root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first (cycles and depth guarded).

        The list is cached and shared: do not change it.
        """
        if style_id in self._chains:
            return self._chains[style_id]
        found: list[etree._Element] = []
        seen: set[str] = set()
        key = style_id
        while style_id and style_id not in seen and len(found) < MAX_STYLE_CHAIN:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                break
            found.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        self._chains[key] = found
        return found

    def paragraph_style(self, paragraph: etree._Element) -> str | None:
        ps = grandchild(paragraph, _PPR, _PSTYLE)
        return ps.get(_VAL) if ps is not None else self.default_paragraph

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        name = style.find(f"{W}name") if style is not None else None
        return name.get(f"{W}val", "") if name is not None else (style_id or "")

    def heading_level(self, paragraph: etree._Element, style_id: object = _UNSET) -> int | None:
        """1 to 9 for a heading (by a 'heading N' style or an outline level), else None.

        `style_id` is paragraph_style(paragraph), when the caller has it.
        """
        if style_id is _UNSET:
            style_id = self.paragraph_style(paragraph)
        direct = grandchild(paragraph, _PPR, _OUTLINE_LVL)
        if direct is not None:
            return _outline_level(direct)
        if style_id not in self._levels:
            self._levels[style_id] = self._style_heading_level(self.chain(style_id))
        return self._levels[style_id]

    @staticmethod
    def _style_heading_level(styles: list[etree._Element]) -> int | None:
        for style in styles:
            source = style.find(f"{W}pPr/{W}outlineLvl")
            if source is not None:
                return _outline_level(source)
        for style in styles:
            name = style.find(f"{W}name")
            match = _HEADING_NAME.match(name.get(f"{W}val", "") if name is not None else "")
            if match:
                return int(match.group(1))
        return None

    def is_normal(self, paragraph: etree._Element, style_id: object = _UNSET) -> bool:
        if style_id is _UNSET:
            style_id = self.paragraph_style(paragraph)
        return (
            style_id is None
            or style_id == self.default_paragraph
            or (self.name(style_id).lower() == "normal")
        )

    def rpr_chain(
        self, run: etree._Element, paragraph: etree._Element, table_rprs: list[etree._Element]
    ) -> list[etree._Element]:
        """Run properties in Word's order: direct, character style, paragraph style, table style,
        docDefaults."""
        head = self._head(child(run, _RPR))
        return [*head, *self._tail(self.paragraph_style(paragraph), tuple(table_rprs))]

    def _head(self, rpr: etree._Element | None) -> list[etree._Element]:
        """The run's own properties and its character style's, nearest first."""
        if rpr is None:
            return []
        head = [rpr]
        rstyle = child(rpr, _RSTYLE)
        if rstyle is not None:
            head += [s.find(_RPR) for s in self.chain(rstyle.get(_VAL))]
        return [c for c in head if c is not None]

    def _tail(self, style_id: str | None, table_rprs: tuple) -> tuple[etree._Element, ...]:
        """The paragraph style's, table style's and default run properties, nearest first."""
        key = (style_id, table_rprs)
        if key not in self._tails:
            tail = [s.find(_RPR) for s in self.chain(style_id)]
            tail += [*table_rprs, self.default_rpr]
            self._tails[key] = tuple(c for c in tail if c is not None)
        return self._tails[key]

    def _merged_tail(self, tail: tuple[etree._Element, ...]) -> dict:
        """{tag: the first element of the chain's elements with that tag}, for a cached tail."""
        if tail not in self._merged:
            merged: dict = {}
            for rpr in reversed(tail):  # nearest last, so it wins
                if rpr not in self._props:
                    self._props[rpr] = _first_children(rpr)
                merged.update(self._props[rpr])
            self._merged[tail] = merged
        return self._merged[tail]

    def run_look(
        self,
        run: etree._Element,
        style_id: str | None,
        table_rprs: tuple,
        theme: Theme | None,
    ) -> WordRunLook:
        """word_run_look(rpr_chain(run, paragraph, table_rprs), theme), with what a run shares
        with others (its paragraph style, table style and the defaults) worked out once.

        `style_id` is paragraph_style(paragraph).
        """
        head = self._head(child(run, _RPR))
        tail = self._tail(style_id, table_rprs)
        if not head:  # the run sets nothing itself: the same look as every such run
            key = (tail, id(theme))
            if key not in self._looks:
                self._looks[key] = (_look_of(tail, self._merged_tail(tail), theme), theme)
            return self._looks[key][0]
        merged = dict(self._merged_tail(tail))
        for rpr in reversed(head):
            if rpr is head[0]:
                merged.update(_first_children(rpr))  # the run's own: not worth keeping
            else:
                if rpr not in self._props:
                    self._props[rpr] = _first_children(rpr)
                merged.update(self._props[rpr])
        return _look_of(head, merged, theme)  # chain[0] is the run's own a:rPr

    def paragraph_shading(
        self, paragraph: etree._Element, theme: Theme | None, style_id: object = _UNSET
    ) -> Colour | None:
        shd = grandchild(paragraph, _PPR, _SHD)
        if shd is not None:
            return shading(shd, theme)
        if style_id is _UNSET:
            style_id = self.paragraph_style(paragraph)
        if style_id not in self._shading:
            self._shading[style_id] = next(
                (
                    found
                    for found in (s.find(f"{W}pPr/{W}shd") for s in self.chain(style_id))
                    if found is not None
                ),
                None,
            )
        shd = self._shading[style_id]
        return shading(shd, theme) if shd is not None else None


def _outline_level(source: etree._Element) -> int | None:
    try:
        level = int(source.get(f"{W}val", "9")) + 1
    except ValueError:
        return None
    return level if level <= 9 else None


def first(chain: list[etree._Element], tag: str) -> etree._Element | None:
    return next((c.find(f"{W}{tag}") for c in chain if c.find(f"{W}{tag}") is not None), None)


@dataclass(frozen=True)
class WordRunLook:
    size: float  # points
    bold: bool
    italic: bool
    underline: bool
    colour: Colour | str  # (r, g, b), AUTO or UNKNOWN
    background: Colour | None  # the run's own shading or highlight, if any
    link_style: bool  # the Hyperlink character style


def word_run_look(chain: list[etree._Element], theme: Theme | None) -> WordRunLook:
    merged: dict = {}
    for rpr in reversed(chain):  # nearest last, so it wins: first(chain, tag) for every tag
        merged.update(_first_children(rpr))
    return _look_of(chain, merged, theme)


def _first_children(element: etree._Element) -> dict:
    """{tag: the element's first child with that tag}: element.find(tag) for every tag."""
    found: dict = {}
    for node in element:
        found.setdefault(node.tag, node)
    return found


def _look_of(chain: list | tuple, merged: dict, theme: Theme | None) -> WordRunLook:
    """The look from `merged` ({tag: first(chain, tag)}); chain[0] is only read for rStyle."""
    size_el = merged.get(_SZ)
    try:
        size = int(size_el.get(_VAL, "20")) / 2 if size_el is not None else 10.0
    except ValueError:
        size = 10.0
    underline = merged.get(_U)
    colour_el = merged.get(_COLOR)
    background = shading(merged.get(_SHD), theme)
    highlight = merged.get(_HIGHLIGHT)
    if highlight is not None and highlight.get(_VAL, "none") != "none":
        background = HIGHLIGHT.get(highlight.get(_VAL, ""), UNKNOWN)
    rstyle = child(chain[0], _RSTYLE) if chain else None
    return WordRunLook(
        size=size,
        bold=bool(is_on(merged.get(_B))),
        italic=bool(is_on(merged.get(_I))),
        underline=underline is not None and underline.get(_VAL, "single") != "none",
        colour=text_colour(colour_el, theme) if colour_el is not None else AUTO,
        background=background,
        link_style=rstyle is not None and "hyperlink" in rstyle.get(_VAL, "").lower(),
    )


def page_background(body_root: etree._Element, theme: Theme | None) -> Colour:
    bg = body_root.find(f"{W}background")
    if bg is None:
        return WHITE
    themed = theme_colour(theme, bg.get(f"{W}themeColor"), bg.get(f"{W}themeShade"), None)
    return themed or parse_hex(bg.get(f"{W}color")) or WHITE


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
