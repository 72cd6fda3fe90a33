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
    "core/money.py",
    "core/paging.py",
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
    "decisions/wording.py",
    "lab/stages.py",
    "lab/budget.py",
    "lab/benefits.py",
    "lab/benefit_chart.py",
    "lab/milestones.py",
    "lab/markdown.py",
    "lab/board_rules.py",
]


def _imports(path: Path, package: list[str] | None = None) -> set[str]:
    """Every module ``path`` imports, relative imports made absolute (``package``: the
    module's package, by default from where it lies under spark/)."""
    if package is None:
        package = ["spark", *path.relative_to(SPARK).parent.parts]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1]
            if node.module:
                names.add(".".join([*base, node.module]))
            else:
                names.update(".".join([*base, alias.name]) for alias in node.names)
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
    assert {_stage_of(name) for name in _imports(sample, ["spark"])} == {"lab", "decisions"}


def test_relative_imports_count_too(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("from ..lab import models\nfrom .rules import x\nfrom . import views\n")
    found = _imports(module, ["spark", "pitches"])
    assert found == {"spark.lab", "spark.pitches.rules", "spark.pitches.views"}
    assert _stage_of("spark.lab") == "lab"
