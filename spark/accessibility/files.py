"""check_file(path): the accessibility findings for one .pptx, .docx or PDF file. Never raises.

The type comes from the bytes (a zip whose [Content_Types].xml names a presentation or a
document, or %PDF-), never from the name; the name only shapes the wording of a message.

- A file that cannot be opened (empty, damaged, protected with a password, a zip or XML bomb,
  too large) gives ONE finding, file-unreadable (blocking), located at the file name, whose
  message starts 'We could not open this file: '. Any unexpected error does too, naming only
  the exception's type.
- A file of another type (an image, an old .doc or .ppt, a spreadsheet) gives one
  file-unsupported finding (warning): nobody has checked it, so a person must confirm it.

Pure: imports nothing from the rest of spark, nor flask or sqlalchemy.
"""

from __future__ import annotations

import logging
from pathlib import Path

from spark.accessibility.doc_rules import finding
from spark.accessibility.findings import Finding
from spark.accessibility.safety import (
    LOCKED,
    MAX_FILE_BYTES,
    TOO_LARGE,
    Unreadable,
    cfb_is_encrypted_office,
    damaged,
    inspect_office,
    sniff,
)

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
_LABELS = {".pptx": ".pptx", ".docx": ".docx", ".pdf": "PDF"}
_UNREADABLE_FIX = (
    "Open the file on your computer to check it works, save it again as a .pptx, .docx or "
    "PDF file without a password, and upload it again."
)


def _unreadable(name: str, reason: str) -> Finding:
    return finding("file-unreadable", name, Unreadable(reason).message, _UNREADABLE_FIX)


def _unsupported(name: str, what: str) -> Finding:
    return finding(
        "file-unsupported",
        name,
        f"This type of file cannot be checked: {what}. Nobody has checked it for accessibility.",
        "Upload slides as .pptx, documents as .docx, or a tagged PDF. Otherwise check this "
        "file yourself against the accessibility guidance.",
    )


def _read(path: Path) -> bytes:
    """The file's bytes, read in chunks so an over-large file is refused without a big buffer."""
    chunks, size = [], 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise Unreadable(TOO_LARGE)
            chunks.append(chunk)
    return b"".join(chunks)


def _dispatch(data: bytes, name: str) -> list[Finding]:
    suffix = Path(name).suffix.lower()
    label = _LABELS.get(suffix, ".pptx, .docx or PDF")
    kind = sniff(data)
    if kind == "empty":
        raise Unreadable("it is empty")
    if kind == "pdf":
        from spark.accessibility.pdf_check import check_pdf

        return check_pdf(data)
    if kind == "cfb":
        if cfb_is_encrypted_office(data):
            raise Unreadable(LOCKED)
        return [_unsupported(name, "it is an older Office file (.doc or .ppt)")]
    if kind == "zip":
        package = inspect_office(data, label if suffix in {".pptx", ".docx"} else "Office")
        if package.kind == "pptx":
            from spark.accessibility.pptx_check import check_pptx

            return check_pptx(data)
        if package.kind == "docx":
            from spark.accessibility.docx_check import check_docx

            return check_docx(data)
    if suffix in _LABELS:
        raise damaged(label)  # named as one of ours, but the bytes are something else
    return [_unsupported(name, "the checker reads .pptx, .docx and PDF files")]


def check_file(path: str | Path) -> list[Finding]:
    """The findings for one file. Never raises: a file we cannot read is one blocking finding."""
    path = Path(path)
    name = path.name
    try:
        data = _read(path)
        return _dispatch(data, name)
    except Unreadable as exc:
        return [_unreadable(name, exc.reason)]
    except FileNotFoundError:
        return [_unreadable(name, "it was not found")]
    except OSError as exc:  # a folder, no permission, a disk error: the bytes cannot be read
        return [_unreadable(name, f"it could not be read ({type(exc).__name__})")]
    except MemoryError:
        return [_unreadable(name, "it is too large to check")]
    except RecursionError:
        return [_unreadable(name, "it is nested too deeply to check")]
    except Exception as exc:  # noqa: BLE001 - a broken file must never raise or show a traceback
        log.info("check_file could not read %s: %s", name, type(exc).__name__)
        return [
            _unreadable(
                name, f"it is damaged or not a real {_label_for(name)} file ({type(exc).__name__})"
            )
        ]


def _label_for(name: str) -> str:
    return _LABELS.get(Path(name).suffix.lower(), ".pptx, .docx or PDF")
