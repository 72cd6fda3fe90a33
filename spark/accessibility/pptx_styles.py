"""Where a slide's text gets its size, boldness and colour, and what is painted behind it.

PowerPoint text inherits: the run, the paragraph, the shape's list style, the layout's and
master's placeholder, the master's title/body/other text style, the presentation's default
text style. Placeholders also inherit their position. Tables take fills and text colour from
their table style (ppt/tableStyles.xml, or the built-in default python-pptx and PowerPoint use).

What every slide shares (the layouts' and masters' placeholders, their list styles, boxes and
fills, the palette of a master) is worked out once per deck and cached in DeckStyles: a 40-slide
deck repeats the same few placeholders 40 times.

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
    clr_map_of,
    colour_child,
    fill_of,
    read_theme,
    resolve,
    style_ref_fill,
)
from spark.accessibility.pptx_tables import (
    DEFAULT_TABLE_STYLE_ID,
    default_table_style,
    synthetic_style,
)
from spark.accessibility.safety import parse_xml

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
RT_TABLE_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/tableStyles"

SHAPE_TAGS = {f"{P}{n}" for n in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp", "contentPart")}
TITLE_TYPES = {"title", "ctrTitle"}
_MASTER_TYPE = {"ctrTitle": "title", "title": "title", "dt": "dt", "ftr": "ftr", "sldNum": "sldNum"}
_TEXT_STYLE = {"title": "titleStyle", "ctrTitle": "titleStyle", "body": "bodyStyle"}
_BODY_TYPES = {"body", "obj", "subTitle", "chart", "tbl", "clipArt", "dgm", "media", "pic"}

Box = tuple[int, int, int, int]
_NV = f"{P}nv"
_C_NV_PR, _NV_PR, _PH = f"{P}cNvPr", f"{P}nvPr", f"{P}ph"
_XFRM_PROPS = {f"{P}spPr", f"{P}grpSpPr"}
_MISSING = object()  # a cached "not found here, look further"
_P_PIC, _P_SP, _P_CXN_SP = f"{P}pic", f"{P}sp", f"{P}cxnSp"
_P_XFRM, _A_XFRM, _A_OFF, _A_EXT = f"{P}xfrm", f"{A}xfrm", f"{A}off", f"{A}ext"
_SP_PR, _STYLE, _TX_BODY, _LST_STYLE = f"{P}spPr", f"{P}style", f"{P}txBody", f"{A}lstStyle"
_FILL_REF, _LN_REF, _FONT_REF, _LN = f"{A}fillRef", f"{A}lnRef", f"{A}fontRef", f"{A}ln"
_C_SLD, _BG, _BG_PR, _BG_REF = f"{P}cSld", f"{P}bg", f"{P}bgPr", f"{P}bgRef"
_CLR_MAP_OVR, _OVERRIDE_CLR_MAPPING = f"{P}clrMapOvr", f"{A}overrideClrMapping"
_A_PPR, _A_DEF_RPR, _A_DEF_PPR, _A_HLINK = f"{A}pPr", f"{A}defRPr", f"{A}defPPr", f"{A}hlinkClick"
_A_BODY_PR, _A_NORM_AUTOFIT, _A_TX_BODY = f"{A}bodyPr", f"{A}normAutofit", f"{A}txBody"
_A_RPR = f"{A}rPr"
_BOLD_ON = {"1", "true", "on"}


def child(element: etree._Element, tag: str) -> etree._Element | None:
    """element.find(tag) for a plain tag (its first child with that tag), without ElementPath."""
    return next(element.iterchildren(tag), None)


def grandchild(element: etree._Element, tag: str, inner: str) -> etree._Element | None:
    """element.find(f"{tag}/{inner}"): the first `inner` child of any `tag` child, in order."""
    for outer in element.iterchildren(tag):
        for found in outer.iterchildren(inner):
            return found
    return None


def shape_children(container: etree._Element) -> list[etree._Element]:
    """The shapes in a p:spTree or p:grpSp in reading order (mc:AlternateContent: first choice)."""
    shapes = []
    for child in container:
        if child.tag in SHAPE_TAGS:
            shapes.append(child)
        elif child.tag == f"{MC}AlternateContent":
            choice = child.find(f"{MC}Choice")
            if choice is None:
                choice = child.find(f"{MC}Fallback")
            if choice is not None:
                shapes.extend(c for c in choice if c.tag in SHAPE_TAGS)
    return shapes


def non_visual(shape: etree._Element) -> etree._Element | None:
    """The p:nvSpPr / p:nvPicPr / ... element (the schema puts it first)."""
    if len(shape):
        first = shape[0]
        if isinstance(first.tag, str) and first.tag.startswith(_NV):
            return first
    return next((c for c in shape if isinstance(c.tag, str) and c.tag.startswith(_NV)), None)


def c_nv_pr(shape: etree._Element) -> etree._Element | None:
    nv = non_visual(shape)
    return child(nv, _C_NV_PR) if nv is not None else None


def placeholder_of(shape: etree._Element) -> etree._Element | None:
    nv = non_visual(shape)
    return grandchild(nv, _NV_PR, _PH) if nv is not None else None


def ph_type(ph: etree._Element) -> str:
    return ph.get("type", "obj")


@dataclass
class PlaceholderIndex:
    by_idx: dict[str, etree._Element] = field(default_factory=dict)
    by_type: dict[str, etree._Element] = field(default_factory=dict)

    @classmethod
    def of(cls, root: etree._Element) -> PlaceholderIndex:
        index = cls()
        tree = root.find(f"{P}cSld/{P}spTree")
        for shape in shape_children(tree) if tree is not None else []:
            ph = placeholder_of(shape)
            if ph is None:
                continue
            if ph.get("idx") is not None:
                index.by_idx.setdefault(ph.get("idx"), shape)
            index.by_type.setdefault(ph_type(ph), shape)
        return index


@dataclass
class MasterStyles:
    element: etree._Element
    theme: Theme
    clr_map: dict[str, str]
    placeholders: PlaceholderIndex
    text_styles: dict[str, etree._Element | None]


@dataclass
class LayoutStyles:
    element: etree._Element
    master: MasterStyles
    placeholders: PlaceholderIndex


def related_xml(part, reltype: str) -> etree._Element | None:
    """A related part parsed with the safe parser (python-pptx keeps unknown parts as bytes)."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            target = rel.target_part
            element = getattr(target, "_element", None)
            return element if element is not None else parse_xml(target.blob)
    return None


class DeckStyles:
    """Caches what every slide of a deck shares: masters, layouts, themes, table styles.

    Also what the slides' shapes inherit from the same layout and master placeholders: their
    boxes and fills, the list styles their text inherits and what those work out to, and the
    backgrounds of layouts and masters. Keys are lxml elements (or their ids with the palette
    kept alive here), so a cached answer is the one the uncached code gives.
    """

    def __init__(self, prs) -> None:
        self.default_text_style = prs.part._element.find(f"{P}defaultTextStyle")
        self._masters: dict[int, MasterStyles] = {}
        self._layouts: dict[int, LayoutStyles] = {}
        self.table_styles: dict[str, etree._Element] = {}
        styles = related_xml(prs.part, RT_TABLE_STYLES)
        for style in styles.iter(f"{A}tblStyle") if styles is not None else []:
            self.table_styles[style.get("styleId", "")] = style
        self.table_styles.setdefault(DEFAULT_TABLE_STYLE_ID, default_table_style())
        self._palettes: dict[int, Palette] = {}  # by master, for slides without clrMapOvr
        self._kept: list[Palette] = []  # palettes whose id() is in a cache key
        self.boxes: dict[etree._Element, object] = {}
        self.fills: dict[tuple[etree._Element, int], object] = {}
        self.backgrounds: dict[tuple[etree._Element, int], Colour] = {}
        self._inherited: dict[tuple, Inherited] = {}
        self._synthetic: dict[bytes, etree._Element] = {}
        self.tables: dict[tuple, tuple[Colour | None, Inherited]] = {}  # see pptx_check
        self.chains: dict[tuple, list[etree._Element]] = {}  # see SlideStyles.inherited
        self.text_tails: dict[tuple, list[etree._Element | None]] = {}  # see text_sources

    def master(self, master) -> MasterStyles:
        key = id(master.part)
        if key not in self._masters:
            element = master._element
            styles = element.find(f"{P}txStyles")
            self._masters[key] = MasterStyles(
                element=element,
                theme=read_theme(related_xml(master.part, RT_THEME)),
                clr_map=clr_map_of(element.find(f"{P}clrMap")),
                placeholders=PlaceholderIndex.of(element),
                text_styles={
                    name: styles.find(f"{P}{name}") if styles is not None else None
                    for name in ("titleStyle", "bodyStyle", "otherStyle")
                },
            )
        return self._masters[key]

    def layout(self, layout) -> LayoutStyles:
        key = id(layout.part)
        if key not in self._layouts:
            self._layouts[key] = LayoutStyles(
                layout._element,
                self.master(layout.slide_master),
                PlaceholderIndex.of(layout._element),
            )
        return self._layouts[key]

    def palette(self, master: MasterStyles, override: etree._Element | None) -> Palette:
        """The master's palette, shared by its slides, or a slide's own (a:overrideClrMapping)."""
        if override is not None:
            palette = Palette(master.theme.scheme, clr_map_of(override))
            self._kept.append(palette)
            return palette
        key = id(master)
        if key not in self._palettes:
            self._palettes[key] = Palette(master.theme.scheme, master.clr_map)
            self._kept.append(self._palettes[key])
        return self._palettes[key]

    def synthetic(self, colour: etree._Element) -> etree._Element:
        """synthetic_style(colour, None), one per distinct colour element."""
        key = etree.tostring(colour, with_tail=False)
        if key not in self._synthetic:
            self._synthetic[key] = synthetic_style(colour, None)
        return self._synthetic[key]

    def inherited(self, sources: list[etree._Element | None], palette: Palette) -> Inherited:
        """Inherited(sources, palette), shared by every shape with the same sources.

        A list style with no children gives nothing at any level, just as None does.
        """
        plain = [s if s is not None and len(s) else None for s in sources]
        key = (*plain, id(palette))
        if key not in self._inherited:
            self._inherited[key] = Inherited(plain, palette)
        return self._inherited[key]


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
