"""How a run of slide text looks: the size (after the text box's shrink-to-fit scale),
boldness and colour it sets itself or inherits through its paragraph and the list styles above
it. Inherited works that out once per paragraph level, shared by every shape whose text
inherits the same styles.

Pure: lxml and the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from spark.accessibility.pptx_colours import FILL_TAGS, Colour, Palette, fill_of
from spark.accessibility.pptx_xml import A, P, child, grandchild

_TX_BODY = f"{P}txBody"
_A_PPR, _A_DEF_RPR, _A_DEF_PPR, _A_HLINK = f"{A}pPr", f"{A}defRPr", f"{A}defPPr", f"{A}hlinkClick"
_A_BODY_PR, _A_NORM_AUTOFIT, _A_TX_BODY = f"{A}bodyPr", f"{A}normAutofit", f"{A}txBody"
_A_RPR = f"{A}rPr"
_BOLD_ON = {"1", "true", "on"}


def level_props(style: etree._Element | None, level: int) -> etree._Element | None:
    """The a:defRPr for a paragraph level in a list style (falling back to a:defPPr)."""
    if style is None:
        return None
    props = grandchild(style, f"{A}lvl{level + 1}pPr", _A_DEF_RPR)
    return props if props is not None else grandchild(style, _A_DEF_PPR, _A_DEF_RPR)


@dataclass(frozen=True)
class RunLook:
    size: float | None  # points, after the text box's shrink-to-fit scale
    bold: bool
    colour: Colour | None  # None: the text is not painted (a:noFill)


class Inherited:
    """What a shape's text inherits at each paragraph level, worked out once per level."""

    def __init__(self, sources: list[etree._Element | None], palette: Palette) -> None:
        self.sources = sources
        self.palette = palette
        self._levels: dict[int, tuple[str | None, str | None, etree._Element | None]] = {}
        self._colours: dict[int, Colour | None] = {}
        self._plain: dict[tuple[int, float], tuple[float | None, bool, Colour | None]] = {}

    def at(self, level: int) -> tuple[str | None, str | None, etree._Element | None]:
        """(size, bold, the element holding the fill) inherited at this level."""
        if level not in self._levels:
            chain = [level_props(style, level) for style in self.sources]
            self._levels[level] = _first_props([c for c in chain if c is not None])
        return self._levels[level]

    def colour(self, level: int) -> Colour | None:
        """The text colour inherited at this level (text 1 when nothing sets one)."""
        if level not in self._colours:
            fill = self.at(level)[2]
            self._colours[level] = (
                fill_of(fill, self.palette)
                if fill is not None
                else self.palette.scheme_colour("tx1")
            )
        return self._colours[level]


def _first_props(
    chain: list[etree._Element],
) -> tuple[str | None, str | None, etree._Element | None]:
    """The first size, the first boldness and the first element holding a fill, in order."""
    size = bold = fill = None
    for props in chain:
        if size is None:
            size = props.get("sz") or None
        if bold is None:
            bold = props.get("b")
        if fill is None and any(x.tag in FILL_TAGS for x in props):
            fill = props
    return size, bold, fill


def paragraph_props(paragraph: etree._Element) -> tuple[int, etree._Element | None]:
    """(list level, a:pPr/a:defRPr) of an a:p: what every run in it starts from."""
    ppr = child(paragraph, _A_PPR)
    if ppr is None:
        return 0, None
    try:
        level = int(ppr.get("lvl", "0"))
    except ValueError:
        level = 0
    return level, child(ppr, _A_DEF_RPR)


def look(
    rpr: etree._Element | None,
    level: int,
    paragraph_rpr: etree._Element | None,
    inherited: Inherited,
    scale: float = 1.0,
) -> tuple[float | None, bool, Colour | None]:
    """run_look's (size, bold, colour) from a run's first a:rPr and paragraph_props()."""
    if paragraph_rpr is None and (
        rpr is None or (not len(rpr) and not rpr.get("sz") and rpr.get("b") is None)
    ):
        # Neither sets a size, boldness, fill or link (PowerPoint writes <a:rPr lang="en-GB"
        # dirty="0"/> on most runs): the run looks as its level inherits, worked out once.
        key = (level, scale)
        if key not in inherited._plain:
            inherited._plain[key] = _look(None, level, None, inherited, scale)
        return inherited._plain[key]
    return _look(rpr, level, paragraph_rpr, inherited, scale)


def _look(
    rpr: etree._Element | None,
    level: int,
    paragraph_rpr: etree._Element | None,
    inherited: Inherited,
    scale: float,
) -> tuple[float | None, bool, Colour | None]:
    if rpr is None:
        own = [] if paragraph_rpr is None else [paragraph_rpr]
    else:
        own = [rpr] if paragraph_rpr is None else [rpr, paragraph_rpr]
    own_size, own_bold, own_fill = _first_props(own)
    base_size, base_bold, _ = inherited.at(level)
    size = own_size or base_size
    bold = own_bold if own_bold is not None else (base_bold or "0")
    has_own_fill = rpr is not None and own_fill is rpr
    if rpr is not None and not has_own_fill and child(rpr, _A_HLINK) is not None:
        colour: Colour | None = inherited.palette.scheme_colour("hlink")
    elif own_fill is not None:
        colour = fill_of(own_fill, inherited.palette)
    else:
        colour = inherited.colour(level)
    try:
        points = int(size) / 100 * scale if size else None
    except ValueError:
        points = None
    return points, bold in _BOLD_ON, colour


def run_look(
    run: etree._Element,
    paragraph: etree._Element,
    inherited: Inherited,
    scale: float = 1.0,
) -> RunLook:
    level, paragraph_rpr = paragraph_props(paragraph)
    return RunLook(*look(child(run, _A_RPR), level, paragraph_rpr, inherited, scale))


def _find3(element: etree._Element, first: str, second: str, third: str) -> etree._Element | None:
    """element.find(f"{first}/{second}/{third}") for plain tags: the first match in order."""
    for one in element.iterchildren(first):
        for two in one.iterchildren(second):
            for three in two.iterchildren(third):
                return three
    return None


def text_scale(shape_or_cell: etree._Element) -> float:
    """normAutofit@fontScale: PowerPoint shrinks the text to fit, so it is shown smaller."""
    fit = _find3(shape_or_cell, _TX_BODY, _A_BODY_PR, _A_NORM_AUTOFIT)
    if fit is None:
        fit = _find3(shape_or_cell, _A_TX_BODY, _A_BODY_PR, _A_NORM_AUTOFIT)
    try:
        return int(fit.get("fontScale", "100000")) / 100000 if fit is not None else 1.0
    except ValueError:
        return 1.0
