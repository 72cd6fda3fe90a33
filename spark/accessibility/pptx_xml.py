"""The slide XML the deck checks walk: namespaces, children found without ElementPath, a
slide's shapes in reading order, a shape's non-visual properties and placeholder, and related
parts parsed with the safe parser.

``child``, ``grandchild`` and ``related_xml`` serve the Word checks too.

Pure: lxml and the standard library only.
"""

from __future__ import annotations

from lxml import etree

from spark.accessibility.safety import parse_xml

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

SHAPE_TAGS = {f"{P}{n}" for n in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp", "contentPart")}
TITLE_TYPES = {"title", "ctrTitle"}

_NV = f"{P}nv"
_C_NV_PR, _NV_PR, _PH = f"{P}cNvPr", f"{P}nvPr", f"{P}ph"


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


def related_xml(part, reltype: str) -> etree._Element | None:
    """A related part parsed with the safe parser (python-pptx keeps unknown parts as bytes)."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            target = rel.target_part
            element = getattr(target, "_element", None)
            return element if element is not None else parse_xml(target.blob)
    return None
