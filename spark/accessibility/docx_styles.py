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
from dataclasses import dataclass

from lxml import etree

from spark.accessibility.contrast import WHITE, parse_hex
from spark.accessibility.pptx_colours import UNKNOWN, Colour, Theme

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
    """The styles part, read once: styles by id, their basedOn chains, docDefaults."""

    by_id: dict[str, etree._Element]
    default_paragraph: str | None
    default_rpr: etree._Element | None

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
        """The style and the styles it is based on, nearest first (cycles and depth guarded)."""
        found: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(found) < MAX_STYLE_CHAIN:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                break
            found.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return found

    def paragraph_style(self, paragraph: etree._Element) -> str | None:
        ps = paragraph.find(f"{W}pPr/{W}pStyle")
        return ps.get(f"{W}val") if ps is not None else self.default_paragraph

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        name = style.find(f"{W}name") if style is not None else None
        return name.get(f"{W}val", "") if name is not None else (style_id or "")

    def heading_level(self, paragraph: etree._Element) -> int | None:
        """1 to 9 for a heading (by a 'heading N' style or an outline level), else None."""
        styles = self.chain(self.paragraph_style(paragraph))
        direct = paragraph.find(f"{W}pPr/{W}outlineLvl")
        for source in [direct, *(s.find(f"{W}pPr/{W}outlineLvl") for s in styles)]:
            if source is not None:
                try:
                    level = int(source.get(f"{W}val", "9")) + 1
                except ValueError:
                    return None
                return level if level <= 9 else None
        for style in styles:
            name = style.find(f"{W}name")
            match = _HEADING_NAME.match(name.get(f"{W}val", "") if name is not None else "")
            if match:
                return int(match.group(1))
        return None

    def is_normal(self, paragraph: etree._Element) -> bool:
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
        chain = []
        rpr = run.find(f"{W}rPr")
        if rpr is not None:
            chain.append(rpr)
            rstyle = rpr.find(f"{W}rStyle")
            if rstyle is not None:
                chain += [s.find(f"{W}rPr") for s in self.chain(rstyle.get(f"{W}val"))]
        chain += [s.find(f"{W}rPr") for s in self.chain(self.paragraph_style(paragraph))]
        chain += table_rprs
        chain.append(self.default_rpr)
        return [c for c in chain if c is not None]

    def paragraph_shading(self, paragraph: etree._Element, theme: Theme | None) -> Colour | None:
        for source in [paragraph, *self.chain(self.paragraph_style(paragraph))]:
            shd = source.find(f"{W}pPr/{W}shd")
            if shd is not None:
                return shading(shd, theme)
        return None


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
    size_el = first(chain, "sz")
    try:
        size = int(size_el.get(f"{W}val", "20")) / 2 if size_el is not None else 10.0
    except ValueError:
        size = 10.0
    underline = first(chain, "u")
    colour_el = first(chain, "color")
    background = shading(first(chain, "shd"), theme)
    highlight = first(chain, "highlight")
    if highlight is not None and highlight.get(f"{W}val", "none") != "none":
        background = HIGHLIGHT.get(highlight.get(f"{W}val", ""), UNKNOWN)
    rstyle = first(chain[:1], "rStyle")
    return WordRunLook(
        size=size,
        bold=bool(is_on(first(chain, "b"))),
        italic=bool(is_on(first(chain, "i"))),
        underline=underline is not None and underline.get(f"{W}val", "single") != "none",
        colour=text_colour(colour_el, theme) if colour_el is not None else AUTO,
        background=background,
        link_style=rstyle is not None and "hyperlink" in rstyle.get(f"{W}val", "").lower(),
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


def table_parts(
    styles: WordStyles, table: etree._Element, row: int, col: int, rows: int, cols: int
) -> list[etree._Element]:
    """The table style's parts for a cell, strongest first: header row, columns, bands, whole."""
    style = table.find(f"{W}tblPr/{W}tblStyle")
    chain = styles.chain(style.get(f"{W}val")) if style is not None else []
    if not chain:
        return []
    look = _look(table)
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
    parts = []
    for kind in kinds:
        for s in chain:
            part = next((p for p in s.iter(f"{W}tblStylePr") if p.get(f"{W}type") == kind), None)
            if part is not None:
                parts.append(part)
                break
    return parts + chain


def table_shading(parts: list[etree._Element], theme: Theme | None) -> Colour | None:
    for part in parts:
        shd = part.find(f"{W}tcPr/{W}shd")
        if shd is not None:
            return shading(shd, theme)
    return None
