"""The command line contract: python -m spark.accessibility PATH [PATH ...] [--json]."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import spark.accessibility
from spark.accessibility import cli

ROOT = Path(__file__).resolve().parents[3]
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello.\n"
CLEAN = {
    "title": "Quicker blue badge renewals",
    "problem": "People wait 12 weeks to renew a blue badge.",
    "idea": "Let people renew online in 10 minutes.",
    "benefits": "Disabled people get their badge sooner.",
    "ask": "£40,000 for a 3 month prototype.",
    "team": "Two developers and a designer.",
}
FINDING_KEYS = {"rule", "severity", "location", "message", "fix", "reference"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.run(
        [sys.executable, "-m", "spark.accessibility", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def pitch_folder(tmp_path: Path, name: str, data: object, files=None) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    text = data if isinstance(data, str) else json.dumps(data)
    (folder / "pitch.json").write_text(text, encoding="utf-8")
    for file_name, content in (files or {}).items():
        (folder / file_name).write_text(content, encoding="utf-8")
    return folder


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def test_clean_pitch_exits_0(tmp_path):
    result = run(str(pitch_folder(tmp_path, "clean", CLEAN)))
    assert result.returncode == 0, result.stderr
    assert "No accessibility problems found" in result.stdout
    assert result.stderr == ""


def test_blocking_finding_exits_1_with_a_readable_report(tmp_path):
    data = {**CLEAN, "media": [{"kind": "image", "filename": "", "alt_text": ""}]}
    result = run(str(pitch_folder(tmp_path, "blocking", data)))
    assert result.returncode == 1, result.stderr
    assert "BLOCKING: image-alt-missing" in result.stdout
    assert "How to fix it:" in result.stdout
    assert "WCAG 2.2 1.1.1" in result.stdout
    assert_no_traceback(result)


def test_json_schema(tmp_path):
    data = {
        **CLEAN,
        "idea": "We will leverage data.",
        "media": [{"kind": "video", "filename": "demo.mp4", "captions": "demo.vtt"}],
    }
    folder = pitch_folder(tmp_path, "json", data, {"demo.mp4": "video", "demo.vtt": VTT})
    result = run(str(folder), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload) == ["results"]
    (entry,) = payload["results"]
    assert entry["path"] == str(folder)
    assert set(entry) == {"path", "findings"}
    rules = []
    for finding in entry["findings"]:
        assert set(finding) == FINDING_KEYS
        assert all(isinstance(value, str) and value for value in finding.values())
        assert finding["severity"] in {"blocking", "warning", "advice"}
        rules.append(finding["rule"])
    assert rules == ["words-to-avoid", "audio-description-missing", "bsl-version-missing"]


def test_several_paths_with_one_unreadable(tmp_path):
    clean = pitch_folder(tmp_path, "clean", CLEAN)
    blocking = pitch_folder(tmp_path, "blocking", {"media": [{"kind": "audio"}]})
    not_a_pitch = tmp_path / "notes.txt"
    not_a_pitch.write_text("hello", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = tmp_path / "nowhere"
    result = run(str(clean), str(not_a_pitch), str(blocking), str(empty), str(missing), "--json")
    assert result.returncode == 2  # unreadable wins over blocking
    paths = [entry["path"] for entry in json.loads(result.stdout)["results"]]
    assert paths == [str(clean), str(blocking)]
    assert f"cannot read {not_a_pitch}: it is not a .pptx, .docx or .pdf file" in result.stderr
    assert f"cannot read {empty}: the folder has no pitch.json" in result.stderr
    assert f"cannot read {missing}: there is no such file or folder" in result.stderr
    assert_no_traceback(result)


def blank_deck(path: Path) -> Path:
    from pptx import Presentation

    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[6])  # 'Blank': no title placeholder
    deck.save(str(path))
    return path


def test_office_files_and_damaged_files(tmp_path):
    folder = pitch_folder(tmp_path, "with-deck", {**CLEAN, "attachments": ["deck.pptx"]})
    blank_deck(folder / "deck.pptx")
    damaged = tmp_path / "damaged.pptx"
    damaged.write_bytes(b"this is not a zip file")
    result = run(str(folder), str(damaged), "--json")
    assert result.returncode == 2, result.stderr
    assert_no_traceback(result)
    assert f"cannot read {damaged}: damaged.pptx: We could not open this file" in result.stderr
    first, second = json.loads(result.stdout)["results"]
    assert first["path"] == str(folder)
    locations = {f["location"] for f in first["findings"]}
    assert "deck.pptx, slide 1" in locations
    assert "slide-title-missing" in {f["rule"] for f in first["findings"]}
    assert second["path"] == str(damaged)
    assert [f["rule"] for f in second["findings"]] == ["file-unreadable"]


def test_help_documents_exit_codes():
    result = run("--help")
    assert result.returncode == 0
    assert "2 takes precedence over 1" in result.stdout
    assert "--json" in result.stdout


# ---------------------------------------------------------------- in-process (quick) checks


def test_warnings_only_exit_0(tmp_path, capsys):
    folder = pitch_folder(tmp_path, "warn", {**CLEAN, "idea": "We will leverage AI."})
    assert cli.main([str(folder)]) == 0
    assert "WARNING: words-to-avoid" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("{broken", "pitch.json is not valid JSON"),
        ([1, 2], "pitch.json must hold an object, not a list"),
        ({"title": 42}, "'title' must be text or null, not a number"),
        ({"media": [{"kind": "image", "decorative": "no"}]}, "'decorative' must be true or false"),
        ({"media": [{"kind": "film"}]}, "'kind' must be image, audio or video, not 'film'"),
        ({"attachments": ["deck.pptx"]}, "lists the attachment 'deck.pptx', but it is not in"),
    ],
)
def test_bad_pitch_json_exits_2_with_the_reason(tmp_path, capsys, data, reason):
    folder = pitch_folder(tmp_path, "bad", data)
    assert cli.main([str(folder), "--json"]) == 2
    captured = capsys.readouterr()
    assert f"cannot read {folder}: " in captured.err
    assert reason in captured.err
    assert json.loads(captured.out) == {"results": []}


def test_pitch_json_path_itself_is_accepted(tmp_path, capsys):
    folder = pitch_folder(tmp_path, "clean", CLEAN)
    assert cli.main([str(folder / "pitch.json")]) == 0


def test_no_paths_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([])
    assert exit_.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_unexpected_errors_become_unreadable_paths(tmp_path, monkeypatch, capsys):
    def boom(path):
        raise RuntimeError("something broke")

    monkeypatch.setattr(cli, "_check_file", boom)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"x")
    assert cli.main([str(deck)]) == 2
    err = capsys.readouterr().err
    assert f"cannot read {deck}: RuntimeError: something broke" in err


def test_keyboard_interrupt_exits_130(tmp_path, monkeypatch, capsys):
    def interrupted(arg):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "check_path", interrupted)
    assert cli.main([str(tmp_path)]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_deck_with_a_blocking_finding_exits_1(tmp_path, capsys):
    deck = blank_deck(tmp_path / "deck.pptx")
    assert cli.main([str(deck)]) == 1
    assert "BLOCKING: slide-title-missing" in capsys.readouterr().out


def test_broken_attachment_in_a_pitch_exits_2_and_keeps_the_result(tmp_path, capsys):
    folder = pitch_folder(tmp_path, "p", {**CLEAN, "attachments": ["plan.docx"]})
    (folder / "plan.docx").write_bytes(b"")
    assert cli.main([str(folder), "--json"]) == 2
    captured = capsys.readouterr()
    assert f"cannot read {folder}: plan.docx: We could not open this file" in captured.err
    (result,) = json.loads(captured.out)["results"]
    assert [f["rule"] for f in result["findings"]] == ["file-unreadable"]


def test_text_report_counts(tmp_path, capsys):
    folder = pitch_folder(tmp_path, "p", {"media": [{"kind": "audio"}]})
    assert cli.main([str(folder)]) == 1
    out = capsys.readouterr().out
    assert "1 blocking, 0 warning, 1 advice" in out
    assert "Checked 1 path(s): 1 with blocking findings." in out


def test_library_imports_nothing_from_the_rest_of_spark():
    package = Path(spark.accessibility.__file__).parent
    mine = [
        "__init__",
        "__main__",
        "cli",
        "pitch",
        "media",
        "text",
        "wording",
        "wording_acronyms",
        "wording_capitals",
        "bullets",
        "alt_text",
    ]
    for name in mine:
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                assert top not in {"flask", "sqlalchemy", "flask_sqlalchemy"}, (name, module)
                if top == "spark":
                    assert module.startswith("spark.accessibility"), (name, module)
