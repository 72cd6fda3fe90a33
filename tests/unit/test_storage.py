from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from spark.core.filetypes import DOCX, JPEG, MP3, MP4, PDF, PNG, PPTX, SRT, VTT, WAV, WEBM, sniff
from spark.core.storage import (
    SIZE_LIMITS,
    UploadRefused,
    display_name,
    path_for,
    store_upload,
)


def office(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (office("ppt/presentation.xml"), PPTX),
        (office("word/document.xml"), DOCX),
        (b"%PDF-1.7\n", PDF),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, PNG),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, JPEG),
        (b"ID3\x04" + b"\0" * 20, MP3),
        (b"RIFF\0\0\0\0WAVEfmt ", WAV),
        (b"\0\0\0\x18ftypisom" + b"\0" * 8, MP4),
        (b"\x1a\x45\xdf\xa3" + b"\0" * 8, WEBM),
        (b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello", VTT),
        (b"1\n00:00:01,000 --> 00:00:02,000\nHello\n", SRT),
    ],
)
def test_types_come_from_bytes(data, expected):
    assert sniff(io.BytesIO(data)) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 this is a windows program",
        b"PK\x03\x04 broken zip",
        office("other.xml"),
        b"hello",
    ],
)
def test_unknown_or_disguised_files_have_no_type(data):
    assert sniff(io.BytesIO(data)) is None


def test_store_by_sha256_once(tmp_path):
    data = b"%PDF-1.7\n" + b"x" * 1000
    first = store_upload(
        io.BytesIO(data), "../../etc/Pitch.pdf", upload_dir=tmp_path, kinds={"pdf"}
    )
    second = store_upload(io.BytesIO(data), "copy.pdf", upload_dir=tmp_path, kinds={"pdf"})
    assert first.sha256 == second.sha256 == hashlib.sha256(data).hexdigest()
    assert first.original_name == "Pitch.pdf"
    assert path_for(tmp_path, first.sha256).read_bytes() == data
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert stored == [path_for(tmp_path, first.sha256)]


@pytest.mark.parametrize(
    ("data", "name", "kinds", "message"),
    [
        (b"", "empty.pdf", {"pdf"}, "The selected file is empty"),
        (b"MZ\x90\x00" * 10, "deck.pptx", {"deck"}, "must be a PowerPoint (.pptx)"),
        (b"%PDF-1.7\n", "deck.pptx", {"deck", "document"}, "PowerPoint (.pptx) or a Word"),
    ],
)
def test_refused_uploads_leave_nothing_behind(tmp_path, data, name, kinds, message):
    with pytest.raises(UploadRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        store_upload(io.BytesIO(data), name, upload_dir=tmp_path, kinds=kinds)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_over_the_size_limit_is_refused_while_streaming(tmp_path):
    big = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * SIZE_LIMITS["image"])
    with pytest.raises(UploadRefused, match="smaller than 10MB"):
        store_upload(big, "photo.png", upload_dir=tmp_path, kinds={"image"})
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_kind_limit_applies_when_several_kinds_are_allowed(tmp_path):
    big_image = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * SIZE_LIMITS["image"])
    with pytest.raises(UploadRefused, match="PNG image must be smaller than 10MB"):
        store_upload(big_image, "photo.png", upload_dir=tmp_path, kinds={"image", "video"})


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("C:\\Users\\me\\deck.pptx", "deck.pptx"),
        ("../../x.pdf", "x.pdf"),
        ("", "file"),
        (".env", "env"),
    ],
)
def test_display_names_lose_paths(given, shown):
    assert display_name(given) == shown


def test_path_for_refuses_anything_but_a_digest(tmp_path):
    with pytest.raises(ValueError):
        path_for(tmp_path, "../../etc/passwd")
