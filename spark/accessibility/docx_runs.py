"""How a Word run looks: its size, boldness, italics, underline, colour and its own shading or
highlight, from its run properties nearest first (direct formatting, character style, paragraph
style, table style, docDefaults: the chain WordStyles in docx_styles builds), and Word's toggles.

Pure: lxml and the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from spark.accessibility.docx_colours import AUTO, HIGHLIGHT, shading, text_colour
from spark.accessibility.pptx_colours import UNKNOWN, Colour, Theme
from spark.accessibility.pptx_xml import child

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFF = {"0", "false", "off", "none"}
_VAL, _RSTYLE, _SHD = f"{W}val", f"{W}rStyle", f"{W}shd"
_SZ, _U, _COLOR = f"{W}sz", f"{W}u", f"{W}color"
_HIGHLIGHT, _B, _I = f"{W}highlight", f"{W}b", f"{W}i"


def is_on(element: etree._Element | None) -> bool | None:
    """A Word toggle (w:b, w:i, w:tblHeader...): None when absent, else its value."""
    if element is None:
        return None
    return element.get(f"{W}val", "1").lower() not in _OFF


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
