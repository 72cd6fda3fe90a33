"""Word's styles part, read once into WordStyles: styles by id, their basedOn chains, heading
levels, which paragraphs are 'Normal', paragraph shading, and a run's properties in Word's order.

Word's order: direct formatting, then the character style, the paragraph style (each with
its basedOn chain), the table style (its conditional parts first: header row, first column,
bands), then docDefaults. How a run looks in the end is docx_runs, Word's colours docx_colours,
a table style's conditional parts docx_tables.

Pure: lxml and the standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from spark.accessibility.docx_colours import shading
from spark.accessibility.docx_runs import WordRunLook, _first_children, _look_of
from spark.accessibility.pptx_colours import Colour, Theme
from spark.accessibility.pptx_xml import child, grandchild

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_STYLE_CHAIN = 20
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_UNSET = object()
_VAL, _PPR, _PSTYLE, _RPR, _RSTYLE = f"{W}val", f"{W}pPr", f"{W}pStyle", f"{W}rPr", f"{W}rStyle"
_OUTLINE_LVL, _SHD = f"{W}outlineLvl", f"{W}shd"


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
