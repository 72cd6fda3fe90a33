"""Where a slide's text gets its size, boldness and colour, and what is painted behind it.

PowerPoint text inherits: the run, the paragraph, the shape's list style, the layout's and
master's placeholder, the master's title/body/other text style, the presentation's default
text style. Placeholders also inherit their position. Tables take fills and text colour from
their table style (ppt/tableStyles.xml, or the built-in default python-pptx and PowerPoint use).

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
    if len(shape) and isinstance(shape[0].tag, str) and shape[0].tag.startswith(f"{P}nv"):
        return shape[0]
    return next((c for c in shape if isinstance(c.tag, str) and c.tag.startswith(f"{P}nv")), None)


def c_nv_pr(shape: etree._Element) -> etree._Element | None:
    nv = non_visual(shape)
    return nv.find(f"{P}cNvPr") if nv is not None else None


def placeholder_of(shape: etree._Element) -> etree._Element | None:
    nv = non_visual(shape)
    return nv.find(f"{P}nvPr/{P}ph") if nv is not None else None


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
    """Caches what every slide of a deck shares: masters, layouts, themes, table styles."""

    def __init__(self, prs) -> None:
        self.default_text_style = prs.part._element.find(f"{P}defaultTextStyle")
        self._masters: dict[int, MasterStyles] = {}
        self._layouts: dict[int, LayoutStyles] = {}
        self.table_styles: dict[str, etree._Element] = {}
        styles = related_xml(prs.part, RT_TABLE_STYLES)
        for style in styles.iter(f"{A}tblStyle") if styles is not None else []:
            self.table_styles[style.get("styleId", "")] = style
        self.table_styles.setdefault(DEFAULT_TABLE_STYLE_ID, default_table_style())

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


@dataclass
class SlideStyles:
    """One slide's view of its layout, master, theme and colour map."""

    deck: DeckStyles
    element: etree._Element
    layout: LayoutStyles
    palette: Palette
    _inherited: dict = field(default_factory=dict)

    @classmethod
    def of(cls, deck: DeckStyles, slide) -> SlideStyles:
        layout = deck.layout(slide.slide_layout)
        master = layout.master
        override = slide._element.find(f"{P}clrMapOvr/{A}overrideClrMapping")
        clr_map = clr_map_of(override) if override is not None else master.clr_map
        return cls(deck, slide._element, layout, Palette(master.theme.scheme, clr_map))

    @property
    def theme(self) -> Theme:
        return self.layout.master.theme

    def inherited(self, shape: etree._Element) -> list[etree._Element]:
        """The layout and master placeholders a slide placeholder inherits from (cached)."""
        if shape not in self._inherited:
            self._inherited[shape] = self._find_inherited(shape)
        return self._inherited[shape]

    def _find_inherited(self, shape: etree._Element) -> list[etree._Element]:
        ph = placeholder_of(shape)
        if ph is None:
            return []
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

    def background(self) -> Colour:
        """The slide's background; the layout's or master's when the slide has none; else white."""
        for element in (self.element, self.layout.element, self.layout.master.element):
            bg = element.find(f"{P}cSld/{P}bg")
            if bg is None:
                continue
            if bg.find(f"{P}bgPr") is not None:
                colour = fill_of(bg.find(f"{P}bgPr"), self.palette)
            else:
                colour = style_ref_fill(
                    bg.find(f"{P}bgRef"), self.palette, self.theme, background=True
                )
            return WHITE if colour is None else colour
        return WHITE

    def box(self, shape: etree._Element) -> Box | None:
        """The shape's position and size, inherited from its placeholders when not its own."""
        for candidate in [shape, *self.inherited(shape)]:
            xfrm = candidate.find(f"{P}xfrm")
            if xfrm is None:
                props = next((c for c in candidate if c.tag in {f"{P}spPr", f"{P}grpSpPr"}), None)
                xfrm = props.find(f"{A}xfrm") if props is not None else None
            if xfrm is None:
                continue
            off, ext = xfrm.find(f"{A}off"), xfrm.find(f"{A}ext")
            if off is None or ext is None:
                continue
            try:
                return (
                    int(off.get("x")),
                    int(off.get("y")),
                    int(ext.get("cx")),
                    int(ext.get("cy")),
                )
            except (TypeError, ValueError):
                return None
        return None

    def shape_fill(self, shape: etree._Element) -> Colour | None:
        """What a shape paints behind its text: its fill, its placeholder's, or its style's."""
        if shape.tag == f"{P}pic":
            return UNKNOWN
        if shape.tag not in {f"{P}sp", f"{P}cxnSp"}:
            return None
        for candidate in [shape, *self.inherited(shape)]:
            props = candidate.find(f"{P}spPr")
            if props is not None and any(c.tag in FILL_TAGS for c in props):
                return fill_of(props, self.palette)
        return style_ref_fill(shape.find(f"{P}style/{A}fillRef"), self.palette, self.theme)

    def outline(self, shape: etree._Element) -> Colour | None:
        """The colour of a shape's outline or a connector's line; None when it has none."""
        line = shape.find(f"{P}spPr/{A}ln")
        if line is not None and any(c.tag in FILL_TAGS for c in line):
            return fill_of(line, self.palette)
        ref = shape.find(f"{P}style/{A}lnRef")
        if ref is None or ref.get("idx", "0") == "0" or colour_child(ref) is None:
            return None
        return resolve(colour_child(ref), self.palette)

    def text_sources(self, shape: etree._Element) -> list[etree._Element | None]:
        """List styles (a:lstStyle, p:titleStyle...) a shape's paragraphs inherit, nearest first."""
        body = shape.find(f"{P}txBody")
        sources: list[etree._Element | None] = [
            body.find(f"{A}lstStyle") if body is not None else None
        ]
        ph = placeholder_of(shape)
        if ph is not None:
            for inherited in self.inherited(shape):
                inherited_body = inherited.find(f"{P}txBody")
                if inherited_body is not None:
                    sources.append(inherited_body.find(f"{A}lstStyle"))
            style = _TEXT_STYLE.get(
                ph_type(ph), "bodyStyle" if ph_type(ph) in _BODY_TYPES else "otherStyle"
            )
            sources.append(self.layout.master.text_styles.get(style))
        else:
            font_ref = shape.find(f"{P}style/{A}fontRef")
            if colour_child(font_ref) is not None:
                sources.append(synthetic_style(colour_child(font_ref), None))
        sources.append(self.deck.default_text_style)
        return sources


def level_props(style: etree._Element | None, level: int) -> etree._Element | None:
    """The a:defRPr for a paragraph level in a list style (falling back to a:defPPr)."""
    if style is None:
        return None
    props = style.find(f"{A}lvl{level + 1}pPr/{A}defRPr")
    return props if props is not None else style.find(f"{A}defPPr/{A}defRPr")


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
    size = next((c.get("sz") for c in chain if c.get("sz")), None)
    bold = next((c.get("b") for c in chain if c.get("b") is not None), None)
    fill = next((c for c in chain if any(x.tag in FILL_TAGS for x in c)), None)
    return size, bold, fill


def run_look(
    run: etree._Element,
    paragraph: etree._Element,
    inherited: Inherited,
    scale: float = 1.0,
) -> RunLook:
    ppr = paragraph.find(f"{A}pPr")
    try:
        level = int(ppr.get("lvl", "0")) if ppr is not None else 0
    except ValueError:
        level = 0
    rpr = run.find(f"{A}rPr")
    own = [rpr, ppr.find(f"{A}defRPr") if ppr is not None else None]
    own_size, own_bold, own_fill = _first_props([c for c in own if c is not None])
    base_size, base_bold, _ = inherited.at(level)
    size = own_size or base_size
    bold = own_bold if own_bold is not None else (base_bold or "0")
    has_own_fill = rpr is not None and any(c.tag in FILL_TAGS for c in rpr)
    if rpr is not None and rpr.find(f"{A}hlinkClick") is not None and not has_own_fill:
        colour: Colour | None = inherited.palette.scheme_colour("hlink")
    elif own_fill is not None:
        colour = fill_of(own_fill, inherited.palette)
    else:
        colour = inherited.colour(level)
    try:
        points = int(size) / 100 * scale if size else None
    except ValueError:
        points = None
    return RunLook(points, bold in {"1", "true", "on"}, colour)


def text_scale(shape_or_cell: etree._Element) -> float:
    """normAutofit@fontScale: PowerPoint shrinks the text to fit, so it is shown smaller."""
    fit = shape_or_cell.find(f"{P}txBody/{A}bodyPr/{A}normAutofit")
    if fit is None:
        fit = shape_or_cell.find(f"{A}txBody/{A}bodyPr/{A}normAutofit")
    try:
        return int(fit.get("fontScale", "100000")) / 100000 if fit is not None else 1.0
    except ValueError:
        return 1.0
