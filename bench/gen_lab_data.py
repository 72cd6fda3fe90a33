"""The lab benchmark's data: a migrated database filled with SQLAlchemy Core.

At N projects: a lead and a team per project, five rounds, a panel per ten pitches, a signed
funded decision per pitch, and the lab project it opened — spread over the stages (35%
discovery, 25% alpha, 20% beta, 12% live, 8% scaled; 8% paused, 7% stopped), each with its
timeline, a partner, one or two focus areas, four milestones (some done, some overdue, some
due soon), two benefit metrics with five readings each (50,000 readings at 5,000 projects),
a tranche or two, two spend entries, and a story for every other project (three in five
published). Ids are given, so nothing is read back; a transaction per table, executemany in
chunks. Used by bench_lab.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from gen_panel_data import HASH_METHOD, PARAGRAPH, PASSWORD, chunked, rows
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from spark.extensions import db

ROUNDS = 5
PER_PANEL = 10
METRICS_PER_PROJECT = 2
READINGS_PER_METRIC = 5
MILESTONES_PER_PROJECT = 4
DEPARTMENTS = (
    "Cabinet Office",
    "HM Revenue and Customs",
    "Ministry of Justice",
    "Department of Health and Social Care",
    "Department for Education",
    "Department for Work and Pensions",
)
FOCUS_AREAS = (
    "Plain English",
    "Deaf and hard of hearing people",
    "Blind and partially sighted people",
    "Learning disability",
    "Emergencies and alerts",
    "Digital inclusion",
    "Assistive technology",
    "Neurodivergent people",
)
STAGES = ("discovery", "alpha", "beta", "live", "scaled")
# Out of every 100 projects: how many reach each stage.
STAGE_SHARE = (35, 25, 20, 12, 8)
AWARD_PENCE = 3_000_000
STORY_TEXT = (
    "We tested the new letters with people who get them. **What worked**: putting the action "
    "first, and testing each letter with screen reader users.\n\n"
    "- Talk to users early\n- Measure calls before you start\n- Share what you learn\n"
)

# Who signs in to measure the pages (ids after the leads).
LAB_USER_OFFSET = 1
COLLEAGUE_OFFSET = 2
CHAIR_OFFSET = 3


def stage_of(i: int) -> str:
    slot, start = i % 100, 0
    for stage, share in zip(STAGES, STAGE_SHARE, strict=True):
        start += share
        if slot < start:
            return stage
    return STAGES[-1]


def status_of(i: int) -> str:
    return (
        "stopped"
        if i % 100 in (3, 17, 29, 41, 53, 67, 89)
        else ("paused" if i % 25 == 7 else "active")
    )


def sources(n: int) -> dict[str, Callable[[], Iterator[dict]]]:
    """Rows for each table, in insert order, as generators."""
    now = datetime.now(UTC)
    today = now.date()
    hashed = generate_password_hash(PASSWORD, method=HASH_METHOD)
    lab_user, colleague, chair = n + LAB_USER_OFFSET, n + COLLEAGUE_OFFSET, n + CHAIR_OFFSET

    def users():
        for i in range(1, n + 1):
            yield (i, f"lead{i}@example.gov.uk", f"Lead {i}", DEPARTMENTS[i % len(DEPARTMENTS)],
                   hashed, True, now, 1)  # fmt: skip
        yield (lab_user, "lab@example.gov.uk", "Lena Lab", "Cabinet Office", hashed, True, now, 1)
        yield (colleague, "colleague@example.gov.uk", "Col League", "Home Office", hashed, True,
               now, 1)  # fmt: skip
        yield (chair, "chair@example.gov.uk", "Cara Chair", "HM Treasury", hashed, True, now, 1)

    def round_of(i: int) -> int:
        return (i - 1) % ROUNDS + 1

    def pitches():
        for i in range(1, n + 1):
            yield (i, f"SPK-2026-{i:05d}", i, round_of(i), "decided",
                   f"Plain English letters for service {i}", PARAGRAPH[:200], PARAGRAPH,
                   PARAGRAPH, PARAGRAPH, AWARD_PENCE, "", "", [], 1, now, now, now, i)  # fmt: skip

    def panel_of(i: int) -> int:
        return (i - 1) // PER_PANEL + 1

    def entered(i: int) -> datetime:
        return now - timedelta(days=5 + (i * 7) % 300)

    def transitions():
        tid = 0
        for i in range(1, n + 1):
            tid += 1
            yield (tid, i, "opened", None, "discovery", None, "", "", chair,
                   entered(i) - timedelta(days=200))  # fmt: skip
            reached = STAGES.index(stage_of(i))
            for k in range(1, reached + 1):
                tid += 1
                yield (tid, i, "forward", STAGES[k - 1], STAGES[k], "met",
                       "Research with users and a working prototype.", "", lab_user,
                       entered(i) - timedelta(days=(reached - k) * 40))  # fmt: skip
            if status_of(i) != "active":
                tid += 1
                kind = "stop" if status_of(i) == "stopped" else "pause"
                yield (tid, i, kind, stage_of(i), stage_of(i), None, "",
                       "The team moved to other work.", lab_user, entered(i))  # fmt: skip

    def milestones():
        for i in range(1, n + 1):
            for k in range(MILESTONES_PER_PROJECT):
                mid = (i - 1) * MILESTONES_PER_PROJECT + k + 1
                due = today + timedelta(days=(i + k * 11) % 90 - 45)
                done = due if k == 0 or (k == 1 and i % 2) else None
                yield (mid, i, f"Milestone {k + 1} of project {i}", due, done, i, now, None)

    def metrics():
        for i in range(1, n + 1):
            for k in range(METRICS_PER_PROJECT):
                mid = (i - 1) * METRICS_PER_PROJECT + k + 1
                unit, better, base, target = (
                    ("gbp", "higher", 0, 50_000) if k == 0 else ("hours", "lower", 900, 300)
                )
                yield (mid, i, f"Benefit {k + 1}", unit, "", better, base, target, i, now)

    def readings():
        rid = 0
        for metric in range(1, n * METRICS_PER_PROJECT + 1):
            hours = metric % 2 == 0
            for k in range(READINGS_PER_METRIC):
                rid += 1
                value = 900 - k * 100 if hours else k * 9_000 + metric % 1000
                yield (rid, metric, value, today - timedelta(days=30 * (READINGS_PER_METRIC - k)),
                       "Monthly report", (metric - 1) // METRICS_PER_PROJECT + 1, now)  # fmt: skip

    def tranches():
        tid = 0
        for i in range(1, n + 1):
            for k in range(1 + (i % 2)):
                tid += 1
                yield (tid, i, "discovery", 1_000_000, "Tranche", lab_user, now - timedelta(days=k))

    def spend():
        for i in range(1, n + 1):
            for k in range(2):
                yield ((i - 1) * 2 + k + 1, i, 300_000, today - timedelta(days=10 * k),
                       "Researchers and developers", i, now)  # fmt: skip

    def stories():
        for sid, i in enumerate(range(2, n + 1, 2), start=1):
            published = sid % 5 < 3
            yield (sid, i, f"What we learnt making letters plainer, part {sid}", STORY_TEXT,
                   "published" if published else "draft", i, now, now,
                   now - timedelta(days=sid % 200) if published else None,
                   lab_user if published else None, 1)  # fmt: skip

    return {
        "users": lambda: rows(
            "id email name department password_hash active created_at session_version", users()
        ),
        "role_grants": lambda: rows("id user_id role granted_at", [(1, lab_user, "lab", now)]),
        "teams": lambda: rows(
            "id name department created_at",
            ((i, f"Team {i}", DEPARTMENTS[i % len(DEPARTMENTS)], now) for i in range(1, n + 1)),
        ),
        "team_members": lambda: rows(
            "id team_id user_id role joined_at", ((i, i, i, "lead", now) for i in range(1, n + 1))
        ),
        "rounds": lambda: rows(
            "id name description status opens_at closes_at created_at",
            (
                (
                    r,
                    f"Spark! bench round {r}",
                    "",
                    "closed",
                    now - timedelta(days=400 - r),
                    now - timedelta(days=300 - r),
                    now,
                )  # fmt: skip
                for r in range(1, ROUNDS + 1)
            ),
        ),
        "judging_settings": lambda: rows(
            "round_id pot_pence decision_rule quorum feedback_shows_names",
            ((r, AWARD_PENCE * n, "majority", 3, False) for r in range(1, ROUNDS + 1)),
        ),
        "pitches": lambda: rows(
            "id reference team_id round_id status title summary problem idea benefits ask_pence "
            "ask_details team_details completed_sections version created_at updated_at "
            "submitted_at created_by_id",
            pitches(),
        ),
        "panels": lambda: rows(
            "id round_id name starts_at place chair_id created_at",
            (
                (
                    p,
                    round_of((p - 1) * PER_PANEL + 1),
                    f"Panel {p}",
                    now - timedelta(days=300),
                    "Room 1",
                    chair,
                    now,
                )  # fmt: skip
                for p in range(1, (n - 1) // PER_PANEL + 2)
            ),
        ),
        "decisions": lambda: rows(
            "id pitch_id panel_id round_id kind votes_in rule quorum quorum_met rule_outcome "
            "outcome amount_pence rationale recorded_by_id recorded_at signed_by_id signed_at",
            (
                (
                    i,
                    i,
                    panel_of(i),
                    round_of(i),
                    "unanimous",
                    3,
                    "majority",
                    3,
                    True,
                    "funded",
                    "funded",
                    AWARD_PENCE,
                    "Every dragon voted in.",
                    chair,
                    now,
                    chair,
                    now,
                )  # fmt: skip
                for i in range(1, n + 1)
            ),
        ),
        "lab_focus_areas": lambda: rows(
            "id name", ((k, name) for k, name in enumerate(FOCUS_AREAS, start=1))
        ),
        "lab_projects": lambda: rows(
            "id pitch_id decision_id stage status status_reason budget_awarded_pence "
            "budget_released_pence created_at stage_entered_at version",
            (
                (
                    i,
                    i,
                    i,
                    stage_of(i),
                    status_of(i),
                    "" if status_of(i) == "active" else "The team moved to other work.",
                    AWARD_PENCE,
                    0,
                    entered(i) - timedelta(days=200),
                    entered(i),
                    1,
                )  # fmt: skip
                for i in range(1, n + 1)
            ),
        ),
        "lab_project_focus_areas": lambda: rows(
            "project_id focus_area_id",
            (
                (i, k)
                for i in range(1, n + 1)
                for k in sorted({i % len(FOCUS_AREAS) + 1, (i * 3) % len(FOCUS_AREAS) + 1})
            ),
        ),
        "lab_partners": lambda: rows(
            "id project_id name role added_at",
            ((i, i, "RNIB", "Testing with blind users", now) for i in range(1, n + 1)),
        ),
        "lab_stage_transitions": lambda: rows(
            "id project_id kind from_stage to_stage assessment evidence reason decided_by_id "
            "decided_at",
            transitions(),
        ),
        "lab_milestones": lambda: rows(
            "id project_id title due_on done_on created_by_id created_at completed_by_id",
            milestones(),
        ),
        "lab_benefit_metrics": lambda: rows(
            "id project_id name unit unit_label better baseline target created_by_id created_at",
            metrics(),
        ),
        "lab_metric_readings": lambda: rows(
            "id metric_id value taken_on source recorded_by_id recorded_at", readings()
        ),
        "lab_budget_tranches": lambda: rows(
            "id project_id stage amount_pence note released_by_id released_at", tranches()
        ),
        "lab_spend_entries": lambda: rows(
            "id project_id amount_pence spent_on description recorded_by_id recorded_at", spend()
        ),
        "lab_stories": lambda: rows(
            "id project_id title body status written_by_id created_at updated_at published_at "
            "published_by_id version",
            stories(),
        ),
    }


# Tables whose ids are not a serial column of their own.
_NO_SEQUENCE = {"judging_settings", "lab_project_focus_areas"}


def generate(n: int) -> dict[str, int]:
    """Fill the migrated database (in the app context). Returns the rows written per table.
    The seeded stages stay as the migration left them."""
    counts: dict[str, int] = {}
    for name, source in sources(n).items():
        table, counts[name] = db.metadata.tables[name], 0
        with db.engine.begin() as connection:
            for batch in chunked(source()):
                connection.execute(table.insert(), batch)
                counts[name] += len(batch)
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            for name in counts:
                if name not in _NO_SEQUENCE:
                    connection.execute(
                        text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
                        {"t": name, "n": counts[name]},
                    )
            connection.execute(text("ANALYZE"))
    return counts
