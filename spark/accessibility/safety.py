"""Opening untrusted files safely: sniff the type from the bytes, refuse bombs, traps and damage.

Office files (.pptx, .docx) are zips of XML parts. Before python-pptx or python-docx see one,
the whole package is checked here: the number of parts, their paths, their total and
per-part uncompressed sizes, their compression ratios, and that no XML part declares a
DOCTYPE (which is how entity bombs such as "billion laughs" and external entities get in).
python-pptx and python-docx parse parts with their own lxml parser, so every XML part is
checked first, by reading its prolog only. Anything refused raises `Unreadable`, whose
message is the one a person sees.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB  # the largest file the checker reads (uploads are capped lower)
MAX_TOTAL_UNCOMPRESSED = 200 * MB  # all the parts of an Office file, uncompressed
MAX_MEMBERS = 5_000  # parts in an Office file
MAX_XML_PART = 32 * MB  # one XML part, uncompressed: lxml trees take several times this
MAX_TOTAL_XML = 48 * MB  # all the XML parts together
MAX_RATIO = 100  # compression ratio a part over RATIO_FLOOR may not exceed
RATIO_FLOOR = 1 * MB

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary (legacy and encrypted)
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"

PPTX_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
}
DOCX_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PROLOG_BYTES = 4096
_PLAIN_PROLOG = re.compile(rb"\s*(?:<\?xml\s[^<>]*?\?>\s*)?<[A-Za-z_]")
_DECLARED_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_ASCII_SAFE = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}

LOCKED = "it is protected with a password. Remove the password and upload it again."
TOO_LARGE = "it is too large to check. Make it smaller (for example, compress the pictures)"


class Unreadable(Exception):
    """A file the checker cannot or will not open.

    `reason` finishes the sentence 'We could not open this file: '.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return f"We could not open this file: {self.reason}"


def damaged(label: str) -> Unreadable:
    return Unreadable(f"it is damaged or not a real {label} file")


def safe_parser() -> etree.XMLParser:
    """An lxml parser that expands no entities, loads no DTD and touches no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def parse_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML; refuse a DOCTYPE. Raises etree.XMLSyntaxError or ValueError."""
    root = etree.fromstring(data, parser=safe_parser())  # noqa: S320 - safe parser above
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ValueError("XML with a DOCTYPE")
    return root


def sniff(data: bytes) -> str:
    """'zip', 'pdf', 'cfb', 'empty' or 'unknown', from the first bytes, never the name."""
    if not data:
        return "empty"
    if data.startswith(ZIP_MAGIC):
        return "zip"
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(OLE2_MAGIC):
        return "cfb"
    return "unknown"


def cfb_is_encrypted_office(data: bytes) -> bool:
    """An encrypted .docx/.pptx is a CFB holding 'EncryptionInfo' and 'EncryptedPackage' streams."""
    return "EncryptedPackage".encode("utf-16-le") in data or (
        "EncryptionInfo".encode("utf-16-le") in data
    )


@dataclass(frozen=True)
class OfficePackage:
    kind: str  # "pptx", "docx" or "other"
    main_type: str  # the content type of the main part, for "other"


def _unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        return True
    if len(name) > 1 and name[1] == ":":  # a Windows drive: C:...
        return True
    parts = name.split("/")
    return any(part == ".." for part in parts) or posixpath.isabs(name)


def _check_members(archive: zipfile.ZipFile, label: str) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise Unreadable("it has too many parts to check")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise Unreadable("it contains parts with unsafe names")
        if name.lower() in seen:
            raise damaged(label)
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            raise Unreadable(LOCKED)
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise Unreadable(TOO_LARGE)
        if info.file_size > RATIO_FLOOR and (
            info.compress_size == 0 or info.file_size / info.compress_size > MAX_RATIO
        ):
            raise Unreadable("it is compressed in a way that is not safe to open")
    return infos


def _content_types(
    archive: zipfile.ZipFile, label: str
) -> tuple[dict[str, str], dict[str, str]] | None:
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return None  # not an Office package at all (a plain zip, an OpenDocument file)
    if info.file_size > MB:
        raise damaged(label)
    try:
        root = parse_xml(archive.read(info))
    except (etree.XMLSyntaxError, ValueError):
        raise damaged(label) from None
    defaults = {
        el.get("Extension", "").lower(): el.get("ContentType", "")
        for el in root.iter(f"{_CT_NS}Default")
    }
    overrides = {
        el.get("PartName", "").lstrip("/").lower(): el.get("ContentType", "")
        for el in root.iter(f"{_CT_NS}Override")
    }
    return defaults, overrides


def _content_type(name: str, defaults: dict[str, str], overrides: dict[str, str]) -> str:
    lowered = name.lower()
    if lowered in overrides:
        return overrides[lowered]
    return defaults.get(posixpath.splitext(lowered)[1].lstrip("."), "")


def _is_xml_part(name: str, content_type: str) -> bool:
    if name.lower().endswith((".xml", ".rels")):
        return True
    content_type = content_type.split(";")[0].strip().lower()
    if content_type.startswith("image/"):
        return False  # an SVG picture is never parsed by python-pptx or python-docx
    return content_type.endswith("+xml") or content_type in {"application/xml", "text/xml"}


def _plain_prolog(head: bytes) -> bool:
    """True when UTF-8 or ASCII XML reaches its root element at once: no DOCTYPE can follow.

    Anything else (UTF-16, comments or processing instructions first, another declared
    encoding) goes to the parser, which is slower but reads every encoding.
    """
    head = head.removeprefix(b"\xef\xbb\xbf")
    match = _PLAIN_PROLOG.match(head)
    if match is None:
        return False
    encoding = _DECLARED_ENCODING.search(match.group(0))
    return encoding is None or encoding.group(1).lower() in _ASCII_SAFE


def _refuse_doctype(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> None:
    """Read the part's prolog only and refuse a DOCTYPE (entity bombs, external entities)."""
    if info.file_size > MAX_XML_PART:
        raise Unreadable(TOO_LARGE)
    if info.file_size == 0:
        return
    with archive.open(info) as stream:
        if _plain_prolog(stream.read(PROLOG_BYTES)):
            return
    with archive.open(info) as stream:
        try:
            events = etree.iterparse(
                stream,
                events=("start",),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            for _event, element in events:
                docinfo = element.getroottree().docinfo
                if docinfo.doctype or docinfo.internalDTD is not None:
                    raise Unreadable(
                        "it contains XML we do not accept (a document type declaration)"
                    )
                return
        except etree.XMLSyntaxError:
            raise damaged(label) from None


def inspect_office(data: bytes, label: str) -> OfficePackage:
    """Check an Office zip before any library parses it; say which kind it is.

    `label` is the kind of file a person thinks it is ('.pptx'), used in messages.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise damaged(label) from None
    with archive:
        infos = _check_members(archive, label)
        types = _content_types(archive, label)
        if types is None:
            return OfficePackage("other", "")
        defaults, overrides = types
        main_types = set(overrides.values())
        if main_types & PPTX_MAIN_TYPES:
            kind, main = "pptx", ""
        elif main_types & DOCX_MAIN_TYPES:
            kind, main = "docx", ""
        else:
            return OfficePackage("other", next(iter(sorted(main_types)), ""))
        xml = [
            info
            for info in infos
            if not info.is_dir()
            and _is_xml_part(info.filename, _content_type(info.filename, defaults, overrides))
        ]
        if sum(info.file_size for info in xml) > MAX_TOTAL_XML:
            raise Unreadable(TOO_LARGE)
        try:
            for info in xml:
                _refuse_doctype(archive, info, label)
        except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError):
            raise damaged(label) from None
    return OfficePackage(kind, main)
