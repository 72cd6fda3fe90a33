"""Slide shapes: what people call them, whether they are decorative, and slide titles.

Pure: lxml and the standard library only.
"""

from __future__ import annotations

from lxml import etree

from spark.accessibility.doc_rules import finding, quote
from spark.accessibility.findings import Finding
from spark.accessibility.pptx_xml import (
    TITLE_TYPES,
    A,
    P,
    c_nv_pr,
    grandchild,
    ph_type,
    placeholder_of,
    shape_children,
)

DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_GRAPHIC_KINDS = {"chart": "chart", "diagram": "diagram", "table": "table"}
_KINDS = {f"{P}pic": "picture", f"{P}grpSp": "group", f"{P}cxnSp": "line"}
_A_T = f"{A}t"
_UNSET = object()


def is_decorative(c_nv: etree._Element | None) -> bool:
    """Office's 'Mark as decorative': a:ext uri={C183D7F6-...} holding adec:decorative val=1."""
    if c_nv is None:
        return False
    for ext in c_nv.iter(f"{A}ext"):
        if ext.get("uri", "").upper() == DECORATIVE_URI:
            for flag in ext:
                if etree.QName(flag).localname == "decorative":
                    return flag.get("val", "0").lower() in {"1", "true"}
    return False


def graphic_kind(frame: etree._Element) -> str:
    data = grandchild(frame, f"{A}graphic", f"{A}graphicData")
    uri = data.get("uri", "") if data is not None else ""
    return _GRAPHIC_KINDS.get(uri.rstrip("/").rsplit("/", 1)[-1], "object")


def shape_label(shape: etree._Element, ph: etree._Element | None | object = _UNSET) -> str:
    """What people call the shape: "title", "picture 'Chart'". `ph` is placeholder_of(shape)."""
    c_nv = c_nv_pr(shape)
    name = c_nv.get("name", "") if c_nv is not None else ""
    if ph is _UNSET:
        ph = placeholder_of(shape)
    if ph is not None and ph_type(ph) in TITLE_TYPES:
        return "title"
    tag = shape.tag
    if tag == f"{P}graphicFrame":
        kind = graphic_kind(shape)
    elif tag == f"{P}sp":
        box = grandchild(shape, f"{P}nvSpPr", f"{P}cNvSpPr")
        kind = "text box" if box is not None and box.get("txBox") == "1" else "shape"
        kind = "placeholder" if ph is not None else kind
    else:
        kind = _KINDS.get(tag, "object")
    return f"{kind} '{name}'" if name else kind


def texts(element: etree._Element) -> str:
    """The text of every a:t inside the element, in order (their tails are not text)."""
    return "".join([t.text or "" for t in element.iter(_A_T)])


def _title(shapes: list[etree._Element]) -> tuple[etree._Element | None, str]:
    for shape in shapes:
        ph = placeholder_of(shape)
        if ph is not None and ph_type(ph) in TITLE_TYPES:
            return shape, " ".join(texts(shape).split())
    return None, ""


def title_findings(
    number: int,
    tree: etree._Element | None,
    titles: dict[str, int],
    shapes: list[etree._Element] | None = None,
) -> list[Finding]:
    """`shapes` is shape_children(tree), when the caller has it."""
    if shapes is None:
        shapes = shape_children(tree) if tree is not None else []
    shape, title = _title(shapes)
    if shape is None or not title:
        return [
            finding(
                "slide-title-missing",
                f"slide {number}" if shape is None else f"slide {number}, title",
                f"Slide {number} has no title." if shape is None else "The title is empty.",
                "Give every slide a title in the slide's title placeholder (choose a layout "
                "with a title). A text box that looks like a title does not count.",
            )
        ]
    found = []
    first = shapes[0]
    if first is not shape:
        found.append(
            finding(
                "slide-reading-order",
                f"slide {number}, title",
                f"Screen readers read this slide's shapes in order, and the title is not first: "
                f"they read {shape_label(first)} before it.",
                "In PowerPoint, open Review > Check Accessibility > Reading Order and move the "
                "title to the top of the list.",
            )
        )
    key = " ".join(title.casefold().split())
    if key in titles:
        found.append(
            finding(
                "slide-title-duplicate",
                f"slide {number}, title",
                f"Slide {number} has the same title as slide {titles[key]}: {quote(title)}. "
                "People who use screen readers move between slides by their titles.",
                "Give each slide a different title, for example say what is different or add "
                "'(2 of 3)'.",
            )
        )
    else:
        titles[key] = number
    return found
