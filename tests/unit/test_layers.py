"""The architecture's import rules (DESIGN.md section 1), read from the source with ``ast``:

- stages import backwards along the pipeline only: pitches <- panels <- decisions <- lab;
- ``core`` imports no stage, and ``accessibility`` nothing else of ``spark``;
- the pure rules modules import neither flask nor sqlalchemy.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SPARK = Path(__file__).resolve().parents[2] / "spark"
STAGES = ["accounts", "pitches", "panels", "decisions", "lab"]
PURE = [
    "core/csv_export.py",
    "pitches/rules.py",
    "pitches/workflow.py",
    "pitches/money.py",
    "panels/rules.py",
    "panels/scoring.py",
    "panels/routing.py",
    "panels/session.py",
    "panels/visibility.py",
    "panels/conflicts.py",
    "decisions/rules.py",
    "decisions/results.py",
    "decisions/recording.py",
    "decisions/chart.py",
]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((SPARK / folder).rglob("*.py"))


def _stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "spark" and parts[1] in STAGES else None


@pytest.mark.parametrize("stage", STAGES)
def test_stages_import_only_earlier_stages(stage):
    later = set(STAGES[STAGES.index(stage) + 1 :])
    wrong = {
        f"{path.relative_to(SPARK)} imports {name}"
        for path in _modules(stage)
        for name in _imports(path)
        if _stage_of(name) in later
    }
    assert not wrong, sorted(wrong)


def test_core_imports_no_stage_and_accessibility_nothing_else():
    wrong = {
        f"{path.relative_to(SPARK)} imports {name}"
        for path in _modules("core")
        for name in _imports(path)
        if _stage_of(name) or name.startswith(("spark.accessibility", "spark.demo"))
    }
    wrong |= {
        f"{path.relative_to(SPARK)} imports {name}"
        for path in _modules("accessibility")
        for name in _imports(path)
        if name.startswith("spark") and not name.startswith("spark.accessibility")
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("module", PURE)
def test_pure_rules_modules_use_neither_flask_nor_sqlalchemy(module):
    names = _imports(SPARK / module)
    assert not {name for name in names if name.split(".")[0] in ("flask", "sqlalchemy")}


def test_the_check_would_catch_a_forward_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from spark.lab.models import LabProject\nimport spark.decisions.rules\n")
    assert {_stage_of(name) for name in _imports(sample)} == {"lab", "decisions"}
