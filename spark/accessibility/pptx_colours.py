"""DrawingML colours: themes, colour maps, colour transforms and fills (slides and Word themes).

A colour resolves to an (r, g, b) tuple, or to UNKNOWN when it cannot be worked out honestly
(a gradient, a picture, a pattern, a see-through colour, a transform we do not model).
`None` from a fill means "nothing painted here": look at what is behind.

lumMod/lumOff/tint/shade are applied to the HSL lightness, as Office does for theme shades;
tint and shade are close approximations of Office's own maths. Hue and saturation changes
barely move luminance and are ignored; anything else makes the colour UNKNOWN.

Pure: lxml and the standard library only.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from spark.accessibility.contrast import RGB, parse_hex

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
Unknown = Literal["unknown"]
UNKNOWN: Unknown = "unknown"
Colour = RGB | Unknown

COLOUR_TAGS = {
    f"{A}{name}" for name in ("srgbClr", "schemeClr", "sysClr", "prstClr", "scrgbClr", "hslClr")
}
FILL_TAGS = {
    f"{A}{name}" for name in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
}
DEFAULT_CLR_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_PRESET = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "navy": (0, 0, 128),
    "orange": (255, 165, 0),
    "purple": (128, 0, 128),
}
_SYSTEM = {"windowText": (0, 0, 0), "window": (255, 255, 255)}
_IGNORED_TRANSFORMS = {"satMod", "satOff", "sat", "hueMod", "hueOff", "hue"}


@dataclass
class Theme:
    """The colour scheme and the fill styles a fillRef/bgRef points at."""

    scheme: dict[str, Colour] = field(default_factory=dict)
    fill_styles: list[etree._Element] = field(default_factory=list)
    bg_fill_styles: list[etree._Element] = field(default_factory=list)


def read_theme(root: etree._Element | None) -> Theme:
    theme = Theme()
    if root is None:
        return theme
    scheme = root.find(f"{A}themeElements/{A}clrScheme")
    if scheme is not None:
        for slot in scheme:
            if not isinstance(slot.tag, str):
                continue
            name = etree.QName(slot).localname
            colour = next((c for c in slot if c.tag in COLOUR_TAGS), None)
            palette = Palette(theme.scheme)
            theme.scheme[name] = resolve(colour, palette) if colour is not None else UNKNOWN
    styles = root.find(f"{A}themeElements/{A}fmtScheme")
    if styles is not None:
        fills = styles.find(f"{A}fillStyleLst")
        bg_fills = styles.find(f"{A}bgFillStyleLst")
        theme.fill_styles = [c for c in fills if c.tag in FILL_TAGS] if fills is not None else []
        theme.bg_fill_styles = (
            [c for c in bg_fills if c.tag in FILL_TAGS] if bg_fills is not None else []
        )
    return theme


@dataclass(frozen=True)
class Palette:
    """What colours resolve against: the theme's scheme, the colour map, a placeholder colour."""

    scheme: dict[str, Colour]
    clr_map: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CLR_MAP))
    ph_clr: Colour | None = None

    def with_placeholder(self, colour: Colour | None) -> Palette:
        return Palette(self.scheme, self.clr_map, colour)

    def scheme_colour(self, name: str) -> Colour:
        if name == "phClr":
            return self.ph_clr if self.ph_clr is not None else UNKNOWN
        slot = self.clr_map.get(name, DEFAULT_CLR_MAP.get(name, name))
        return self.scheme.get(slot, UNKNOWN)


def clr_map_of(element: etree._Element | None) -> dict[str, str]:
    """The attributes of a p:clrMap or a:overrideClrMapping as a dict; defaults when absent."""
    if element is None:
        return dict(DEFAULT_CLR_MAP)
    mapping = dict(DEFAULT_CLR_MAP)
    mapping.update({k: v for k, v in element.attrib.items() if isinstance(k, str)})
    return mapping


def _pct(element: etree._Element, default: float = 0.0) -> float:
    """A DrawingML percentage (100000 = 100%) as a fraction."""
    raw = element.get("val", "")
    try:
        return int(raw.rstrip("%")) / (100 if raw.endswith("%") else 100000)
    except ValueError:
        return default


def _base(element: etree._Element, palette: Palette) -> Colour:
    local = etree.QName(element).localname
    if local == "srgbClr":
        return parse_hex(element.get("val")) or UNKNOWN
    if local == "schemeClr":
        return palette.scheme_colour(element.get("val", ""))
    if local == "sysClr":
        return parse_hex(element.get("lastClr")) or _SYSTEM.get(element.get("val", ""), UNKNOWN)
    if local == "prstClr":
        return _PRESET.get(element.get("val", ""), UNKNOWN)
    if local == "scrgbClr":
        try:
            linear = [int(element.get(k, "")) / 100000 for k in ("r", "g", "b")]
        except ValueError:
            return UNKNOWN
        return tuple(_to_srgb(c) for c in linear)  # type: ignore[return-value]
    if local == "hslClr":
        try:
            h = int(element.get("hue", "")) / 21600000
            s, lum = (int(element.get(k, "")) / 100000 for k in ("sat", "lum"))
        except ValueError:
            return UNKNOWN
        return _from_hls(h, lum, s)
    return UNKNOWN


def _to_srgb(linear: float) -> int:
    linear = min(max(linear, 0.0), 1.0)
    c = linear * 12.92 if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055
    return round(c * 255)


def _from_hls(h: float, lum: float, s: float) -> RGB:
    r, g, b = colorsys.hls_to_rgb(h, min(max(lum, 0.0), 1.0), min(max(s, 0.0), 1.0))
    return round(r * 255), round(g * 255), round(b * 255)


def resolve(element: etree._Element | None, palette: Palette) -> Colour:
    """The colour of an a:srgbClr/a:schemeClr/... element with its transforms applied."""
    if element is None:
        return UNKNOWN
    colour = _base(element, palette)
    if colour == UNKNOWN:
        return UNKNOWN
    transforms = [t for t in element if isinstance(t.tag, str)]
    if not transforms:
        return colour
    h, lum, s = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    for transform in transforms:
        name = etree.QName(transform).localname
        if name == "lumMod":
            lum *= _pct(transform, 1.0)
        elif name == "lumOff":
            lum += _pct(transform)
        elif name == "tint":
            t = _pct(transform, 1.0)
            lum = lum * t + (1 - t)
        elif name == "shade":
            lum *= _pct(transform, 1.0)
        elif name in {"alpha", "alphaMod"}:
            if _pct(transform, 1.0) < 1.0:
                return UNKNOWN  # see-through: the colour depends on what is behind
        elif name not in _IGNORED_TRANSFORMS:
            return UNKNOWN
        lum = min(max(lum, 0.0), 1.0)
    return _from_hls(h, lum, s)


def colour_child(element: etree._Element | None) -> etree._Element | None:
    if element is None:
        return None
    return next((c for c in element if c.tag in COLOUR_TAGS), None)


def fill_of(parent: etree._Element | None, palette: Palette) -> Colour | None:
    """What a fill inside `parent` paints: a colour, UNKNOWN, or None (nothing: look behind).

    `parent` is a p:spPr, a:tcPr, p:bgPr or anything holding one of the a:*Fill choices.
    """
    if parent is None:
        return None
    return paint(next((c for c in parent if c.tag in FILL_TAGS), None), palette)


def paint(fill: etree._Element | None, palette: Palette) -> Colour | None:
    """What one a:*Fill element paints."""
    if fill is None:
        return None
    local = etree.QName(fill).localname
    if local == "noFill":
        return None
    if local == "solidFill":
        return resolve(colour_child(fill), palette)
    return UNKNOWN  # gradients, pictures, patterns and group fills are not worked out


def style_ref_fill(
    ref: etree._Element | None, palette: Palette, theme: Theme, *, background: bool = False
) -> Colour | None:
    """The fill an a:fillRef (or p:bgRef) points at in the theme, with its colour as phClr."""
    if ref is None:
        return None
    try:
        idx = int(ref.get("idx", "0"))
    except ValueError:
        return UNKNOWN
    if idx == 0 or idx == 1000:
        return None  # no fill
    styles = theme.bg_fill_styles if background or idx > 1000 else theme.fill_styles
    position = idx - 1001 if idx > 1000 else idx - 1
    if not 0 <= position < len(styles):
        return UNKNOWN
    ph_colour = resolve(colour_child(ref), palette) if colour_child(ref) is not None else None
    return paint(styles[position], palette.with_placeholder(ph_colour))
