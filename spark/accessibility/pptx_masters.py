"""What every slide of a deck shares, worked out once per deck and cached in DeckStyles: the
masters and layouts (their placeholders, text styles, themes and colour maps), the table styles
(ppt/tableStyles.xml, or the built-in default python-pptx and PowerPoint use), and what the
slides' shapes inherit from the same layout and master placeholders. A 40-slide deck repeats the
same few placeholders 40 times. One slide's view of all this is SlideStyles (pptx_styles).

Pure: lxml and the standard library only (python-pptx objects are only walked to their parts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from spark.accessibility.pptx_colours import Colour, Palette, Theme, clr_map_of, read_theme
from spark.accessibility.pptx_runs import Inherited
from spark.accessibility.pptx_tables import (
    DEFAULT_TABLE_STYLE_ID,
    default_table_style,
    synthetic_style,
)
from spark.accessibility.pptx_xml import A, P, ph_type, placeholder_of, related_xml, shape_children

RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
RT_TABLE_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/tableStyles"


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
        self.tables: dict[tuple, tuple[Colour | None, Inherited]] = {}  # see pptx_slide
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
