"""Where a slide's shapes get their position, fill, outline and background, and which list
styles their text inherits.

PowerPoint text inherits: the run, the paragraph, the shape's list style, the layout's and
master's placeholder, the master's title/body/other text style, the presentation's default
text style. Placeholders also inherit their position. SlideStyles is one slide's view of its
layout, master, theme and colour map; what every slide shares is cached in DeckStyles
(pptx_masters); how a run's size, boldness and colour come out of its styles is pptx_runs.

Pure: lxml and the standard library only (python-pptx objects are only walked to their parts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from spark.accessibility.contrast import WHITE
from spark.accessibility.pptx_colours import (
    FILL_TAGS,
    UNKNOWN,
    Colour,
    Palette,
    Theme,
    colour_child,
    fill_of,
    resolve,
    style_ref_fill,
)
from spark.accessibility.pptx_masters import DeckStyles, LayoutStyles
from spark.accessibility.pptx_runs import Inherited
from spark.accessibility.pptx_xml import A, P, child, grandchild, ph_type, placeholder_of

_MASTER_TYPE = {"ctrTitle": "title", "title": "title", "dt": "dt", "ftr": "ftr", "sldNum": "sldNum"}
_TEXT_STYLE = {"title": "titleStyle", "ctrTitle": "titleStyle", "body": "bodyStyle"}
_BODY_TYPES = {"body", "obj", "subTitle", "chart", "tbl", "clipArt", "dgm", "media", "pic"}

Box = tuple[int, int, int, int]
_XFRM_PROPS = {f"{P}spPr", f"{P}grpSpPr"}
_MISSING = object()  # a cached "not found here, look further"
_P_PIC, _P_SP, _P_CXN_SP = f"{P}pic", f"{P}sp", f"{P}cxnSp"
_P_XFRM, _A_XFRM, _A_OFF, _A_EXT = f"{P}xfrm", f"{A}xfrm", f"{A}off", f"{A}ext"
_SP_PR, _STYLE, _TX_BODY, _LST_STYLE = f"{P}spPr", f"{P}style", f"{P}txBody", f"{A}lstStyle"
_FILL_REF, _LN_REF, _FONT_REF, _LN = f"{A}fillRef", f"{A}lnRef", f"{A}fontRef", f"{A}ln"
_C_SLD, _BG, _BG_PR, _BG_REF = f"{P}cSld", f"{P}bg", f"{P}bgPr", f"{P}bgRef"
_CLR_MAP_OVR, _OVERRIDE_CLR_MAPPING = f"{P}clrMapOvr", f"{A}overrideClrMapping"


def _box_of(candidate: etree._Element) -> object:
    """The box a shape or placeholder sets itself; _MISSING when it sets none."""
    xfrm = child(candidate, _P_XFRM)
    if xfrm is None:
        props = next((c for c in candidate if c.tag in _XFRM_PROPS), None)
        xfrm = child(props, _A_XFRM) if props is not None else None
    if xfrm is None:
        return _MISSING
    off, ext = child(xfrm, _A_OFF), child(xfrm, _A_EXT)
    if off is None or ext is None:
        return _MISSING
    try:
        return (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
    except (TypeError, ValueError):
        return None


def _fill_of_shape(candidate: etree._Element, palette: Palette) -> object:
    """The fill a shape or placeholder's p:spPr sets; _MISSING when it sets none."""
    props = child(candidate, _SP_PR)
    if props is not None and any(c.tag in FILL_TAGS for c in props):
        return fill_of(props, palette)
    return _MISSING


@dataclass
class SlideStyles:
    """One slide's view of its layout, master, theme and colour map."""

    deck: DeckStyles
    element: etree._Element
    layout: LayoutStyles
    palette: Palette
    _inherited: dict = field(default_factory=dict)
    _placeholders: dict = field(default_factory=dict)

    @classmethod
    def of(cls, deck: DeckStyles, slide) -> SlideStyles:
        layout = deck.layout(slide.slide_layout)
        override = grandchild(slide._element, _CLR_MAP_OVR, _OVERRIDE_CLR_MAPPING)
        return cls(deck, slide._element, layout, deck.palette(layout.master, override))

    @property
    def theme(self) -> Theme:
        return self.layout.master.theme

    def placeholder(self, shape: etree._Element) -> etree._Element | None:
        """placeholder_of(shape), worked out once per shape."""
        if shape not in self._placeholders:
            self._placeholders[shape] = placeholder_of(shape)
        return self._placeholders[shape]

    def inherited(self, shape: etree._Element) -> list[etree._Element]:
        """The layout and master placeholders a slide placeholder inherits from (cached)."""
        if shape not in self._inherited:
            self._inherited[shape] = self._find_inherited(shape)
        return self._inherited[shape]

    def _find_inherited(self, shape: etree._Element) -> list[etree._Element]:
        ph = self.placeholder(shape)
        if ph is None:
            return []
        # The chain depends only on the layout and the placeholder's idx and type.
        key = (self.layout.element, ph.get("idx"), ph_type(ph))
        chains = self.deck.chains
        if key not in chains:
            chains[key] = self._placeholder_chain(ph)
        return chains[key]

    def _placeholder_chain(self, ph: etree._Element) -> list[etree._Element]:
        chain = []
        layout_ph = None
        if ph.get("idx") is not None:
            layout_ph = self.layout.placeholders.by_idx.get(ph.get("idx"))
        if layout_ph is None:
            layout_ph = self.layout.placeholders.by_type.get(ph_type(ph))
        if layout_ph is not None:
            chain.append(layout_ph)
        kind = ph_type(placeholder_of(layout_ph)) if layout_ph is not None else ph_type(ph)
        master_kind = "body" if kind in _BODY_TYPES else _MASTER_TYPE.get(kind, kind)
        master_ph = self.layout.master.placeholders.by_type.get(master_kind)
        if master_ph is not None:
            chain.append(master_ph)
        return chain

    def _own_background(self, element: etree._Element) -> object:
        """The background one slide, layout or master sets; _MISSING when it sets none."""
        bg = grandchild(element, _C_SLD, _BG)
        if bg is None:
            return _MISSING
        props = child(bg, _BG_PR)
        if props is not None:
            colour = fill_of(props, self.palette)
        else:
            colour = style_ref_fill(child(bg, _BG_REF), self.palette, self.theme, background=True)
        return WHITE if colour is None else colour

    def background(self) -> Colour:
        """The slide's background; the layout's or master's when the slide has none; else white."""
        own = self._own_background(self.element)
        if own is not _MISSING:
            return own  # type: ignore[return-value]
        key = (self.layout.element, id(self.palette))
        cache = self.deck.backgrounds
        if key not in cache:
            colour = WHITE
            for element in (self.layout.element, self.layout.master.element):
                found = self._own_background(element)
                if found is not _MISSING:
                    colour = found  # type: ignore[assignment]
                    break
            cache[key] = colour
        return cache[key]

    def box(self, shape: etree._Element) -> Box | None:
        """The shape's position and size, inherited from its placeholders when not its own."""
        found = _box_of(shape)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        boxes = self.deck.boxes
        for candidate in self.inherited(shape):
            if candidate not in boxes:
                boxes[candidate] = _box_of(candidate)
            if boxes[candidate] is not _MISSING:
                return boxes[candidate]  # type: ignore[return-value]
        return None

    def shape_fill(self, shape: etree._Element) -> Colour | None:
        """What a shape paints behind its text: its fill, its placeholder's, or its style's."""
        tag = shape.tag
        if tag == _P_PIC:
            return UNKNOWN
        if tag != _P_SP and tag != _P_CXN_SP:
            return None
        found = _fill_of_shape(shape, self.palette)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        fills = self.deck.fills
        for candidate in self.inherited(shape):
            key = (candidate, id(self.palette))
            if key not in fills:
                fills[key] = _fill_of_shape(candidate, self.palette)
            if fills[key] is not _MISSING:
                return fills[key]  # type: ignore[return-value]
        return style_ref_fill(grandchild(shape, _STYLE, _FILL_REF), self.palette, self.theme)

    def outline(self, shape: etree._Element) -> Colour | None:
        """The colour of a shape's outline or a connector's line; None when it has none."""
        line = grandchild(shape, _SP_PR, _LN)
        if line is not None and any(c.tag in FILL_TAGS for c in line):
            return fill_of(line, self.palette)
        ref = grandchild(shape, _STYLE, _LN_REF)
        if ref is None or ref.get("idx", "0") == "0" or colour_child(ref) is None:
            return None
        return resolve(colour_child(ref), self.palette)

    def text_sources(self, shape: etree._Element) -> list[etree._Element | None]:
        """List styles (a:lstStyle, p:titleStyle...) a shape's paragraphs inherit, nearest first."""
        body = child(shape, _TX_BODY)
        sources: list[etree._Element | None] = [
            child(body, _LST_STYLE) if body is not None else None
        ]
        ph = self.placeholder(shape)
        if ph is not None:
            chain = self.inherited(shape)
            kind = ph_type(ph)
            key = (*chain, kind, id(self.layout.master))
            tails = self.deck.text_tails
            if key not in tails:  # the same for every shape with this chain and type
                tail = []
                for inherited in chain:
                    inherited_body = child(inherited, _TX_BODY)
                    if inherited_body is not None:
                        tail.append(child(inherited_body, _LST_STYLE))
                style = _TEXT_STYLE.get(kind, "bodyStyle" if kind in _BODY_TYPES else "otherStyle")
                tail.append(self.layout.master.text_styles.get(style))
                tails[key] = tail
            sources += tails[key]
        else:
            colour = colour_child(grandchild(shape, _STYLE, _FONT_REF))
            if colour is not None:
                sources.append(self.deck.synthetic(colour))
        sources.append(self.deck.default_text_style)
        return sources

    def text_inherited(self, shape: etree._Element) -> Inherited:
        """What the shape's text inherits, shared with every shape inheriting the same."""
        return self.deck.inherited(self.text_sources(shape), self.palette)
