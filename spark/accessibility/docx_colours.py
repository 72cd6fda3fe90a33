"""Word's colours: theme colours with their shade and tint, a w:color, w:shd shading, the
highlighter's named colours and the page background.

Theme colours (w:themeColor with w:themeShade/w:themeTint) resolve through
word/theme/theme1.xml; when there is no theme, Word's own stored w:val is used.

Pure: lxml and the standard library only.
"""

from __future__ import annotations

import colorsys

from lxml import etree

from spark.accessibility.contrast import WHITE, parse_hex
from spark.accessibility.pptx_colours import UNKNOWN, Colour, Theme

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
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
AUTO = "auto"  # Word's automatic colour: black or white, whichever reads on the background


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


def page_background(body_root: etree._Element, theme: Theme | None) -> Colour:
    bg = body_root.find(f"{W}background")
    if bg is None:
        return WHITE
    themed = theme_colour(theme, bg.get(f"{W}themeColor"), bg.get(f"{W}themeShade"), None)
    return themed or parse_hex(bg.get(f"{W}color")) or WHITE
