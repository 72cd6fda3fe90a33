"""How long do a decision letter and a 30-pitch panel's minutes take to render as PDF/UA?

Builds a fresh SQLite database through the migrations in a temporary folder and fills it
through the real services: one judging round, one panel of a chair and 6 dragons hearing
``--pitches`` pitches (30 by default), every dragon's sheet submitted on every pitch with all
six criteria scored and commented, two declared conflicts; then the chair records and signs a
decision on all but the last three pitches (the rule's outcome, every fifth pitch refine and
resubmit with a justification), and amends the first. Then times, ``--repeat`` times after
one warm-up, each step on its own: building the HTML (database reads and Jinja) and the whole
PDF (HTML, WeasyPrint, the accessibility checks in ``core.pdf``), for the letter of a split
funded decision with conditions and dissent and for the panel's minutes. Prints medians, the
pages and the bytes. Not a test: it prints figures, nothing fails.

    .venv/bin/python bench/bench_documents.py [--pitches 30] [--repeat 7]
"""

from __future__ import annotations

import argparse
import logging
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from spark import create_app  # noqa: E402
from spark.accounts.models import LEAD, Team, TeamMember, User  # noqa: E402
from spark.core.pdf import page_count  # noqa: E402
from spark.decisions import documents, service  # noqa: E402
from spark.decisions.models import Decision  # noqa: E402
from spark.decisions.snapshot import prefilled_dissent, snapshot  # noqa: E402
from spark.extensions import db  # noqa: E402
from spark.panels.models import (  # noqa: E402
    Conflict,
    JudgingSettings,
    Panel,
    PanelMember,
    PanelSlot,
    Score,
    ScoreSheet,
)
from spark.panels.setup_service import criteria_of  # noqa: E402
from spark.panels.subscribers import add_judging_defaults  # noqa: E402
from spark.pitches.models import Pitch, Round  # noqa: E402

DRAGONS = 6  # besides the chair
ASK_PENCE = 2_500_000
COMMENT = (
    "The team showed the problem clearly with evidence from {n} councils, but the costs of "
    "running the service after the first year are not yet worked out."
)


def build_app(folder: Path):
    return create_app(
        {
            "SPARK_ENV": "test",
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "RATELIMIT_STORAGE_URI": "memory://",
            "TESTING": False,
            "SPARK_UPLOAD_DIR": str(folder / "uploads"),
            "SPARK_NOTIFY_BACKEND": "log",
            "SPARK_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )


def person(n: int, name: str, department: str) -> User:
    user = User(
        email=f"person{n}@example.gov.uk",
        name=name,
        department=department,
        password_hash="bench-not-a-hash",  # noqa: S106 (nobody signs in)
    )
    db.session.add(user)
    return user


def generate(pitches: int) -> tuple[Panel, Decision]:
    """The panel and the letter's decision (see the module docstring)."""
    now = datetime.now(UTC)
    round_ = Round(
        name="Spark! spring 2027",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        status="judging",
    )
    db.session.add(round_)
    db.session.flush()
    add_judging_defaults(round_)
    db.session.flush()
    settings = db.session.get(JudgingSettings, round_.id)
    settings.pot_pence, settings.quorum = 1_000_000_000, 3
    chair = person(1, "Priya Chair", "HM Treasury")
    dragons = [person(n + 2, f"Dragon Number {n + 1}", "Home Office") for n in range(DRAGONS)]
    db.session.flush()
    panel = Panel(
        round_id=round_.id,
        name="Panel A",
        starts_at=now - timedelta(days=1),
        place="Room 4.12, 10 Victoria Street, London",
        chair_id=chair.id,
    )
    db.session.add(panel)
    db.session.flush()
    members = [chair, *dragons]
    db.session.add_all(PanelMember(panel_id=panel.id, user_id=user.id) for user in members)
    criteria = criteria_of(round_.id)
    made = []
    for n in range(pitches):
        lead = person(100 + n, f"Team Lead {n + 1}", "Cabinet Office")
        team = Team(name=f"Team {n + 1}", department="Cabinet Office")
        db.session.add(team)
        db.session.flush()
        db.session.add(TeamMember(team_id=team.id, user_id=lead.id, role=LEAD))
        pitch = Pitch(
            reference=f"SPK-2027-{n + 1:04d}",
            team_id=team.id,
            round_id=round_.id,
            status="pitched",
            title=f"Renew a blue badge online, idea {n + 1}",
            summary="A short online service that checks most renewal details the same day.",
            ask_pence=ASK_PENCE,
            created_by_id=lead.id,
        )
        db.session.add(pitch)
        db.session.flush()
        db.session.add(
            PanelSlot(panel_id=panel.id, pitch_id=pitch.id, position=n + 1, state="closed")
        )
        made.append(pitch)
        for seat, user in enumerate(members):
            verdict = "out" if (n + seat) % 4 == 0 else "in"
            proven = "unproven" if verdict == "out" else "proven"
            sheet = ScoreSheet(
                pitch_id=pitch.id,
                dragon_id=user.id,
                status="submitted",
                verdict=verdict,
                reason=f"{user.name} voted {verdict}: the savings are {proven}.",
                submitted_at=now,
            )
            sheet.scores = [
                Score(
                    criterion_id=criterion.id,
                    score=1 + (n + seat + index) % 5,
                    comment=COMMENT.format(n=seat + index + 2),
                )
                for index, criterion in enumerate(criteria)
            ]
            db.session.add(sheet)
    for pitch, dragon in ((made[1], dragons[0]), (made[2], dragons[1])):
        db.session.add(Conflict(pitch_id=pitch.id, user_id=dragon.id, reason="Worked together"))
    db.session.commit()

    slots = list(db.session.query(PanelSlot).order_by(PanelSlot.position))
    letter_decision = None
    for n, slot in enumerate(slots[: max(pitches - 3, 1)]):
        result = snapshot(panel, slot).result
        refine = n % 5 == 4 or result.outcome.value == "no_decision"
        outcome = "refine_and_resubmit" if refine else result.outcome.value
        details = service.DecisionDetails(
            outcome=outcome,
            amount_pence=2_000_000 if outcome == "funded" else None,
            conditions="Show a working prototype to the lab team within three months."
            if outcome == "funded"
            else "",
            rationale="A clear problem with evidence; the running costs need more work.",
            dissent=prefilled_dissent(snapshot(panel, slot)),
            justification="The team should test the idea with two councils first."
            if refine and result.outcome.value != "no_decision"
            else "",
        )
        recorded = service.record(chair, panel, slot, details, seen_version=None)
        signed = service.sign(chair, panel, slot, seen_version=recorded.version)
        if letter_decision is None and signed.outcome == "funded" and signed.kind == "split":
            letter_decision = signed
    first = slots[0]
    amendment = service.amend(
        chair,
        panel,
        first,
        service.DecisionDetails(
            outcome="refine_and_resubmit",
            rationale="On reflection the running costs must be worked out first.",
            justification="The costs were missing from the pitch.",
            amendment_reason="The panel had not seen that the running costs were missing.",
        ),
    )
    service.sign(chair, panel, first, seen_version=amendment.version)
    if letter_decision is None or letter_decision.id == amendment.supersedes_id:
        letter_decision = db.session.get(Decision, amendment.id)
    return panel, letter_decision


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm-up: fonts, templates, caches
    timings = []
    for _ in range(repeat):
        db.session.expire_all()
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pitches", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)  # the migrations' INFO lines stay quiet
    with tempfile.TemporaryDirectory(prefix="spark-bench-documents-") as folder:
        app = build_app(Path(folder))
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            panel, decision = generate(args.pitches)
            built = time.perf_counter() - started
            panel_id, decision_id = panel.id, decision.id

            def letter_html():
                return documents.letter_html(db.session.get(Decision, decision_id))

            def letter_pdf():
                return documents.letter_pdf(db.session.get(Decision, decision_id))

            def minutes_html():
                return documents.minutes_html(db.session.get(Panel, panel_id))

            def minutes_pdf():
                return documents.minutes_pdf(db.session.get(Panel, panel_id))

            rows = []
            for name, html, pdf in (
                ("letter (1 decision)", letter_html, letter_pdf),
                (f"minutes ({args.pitches} pitches)", minutes_html, minutes_pdf),
            ):
                data = pdf()
                rows.append(
                    (
                        name,
                        median_ms(html, args.repeat),
                        median_ms(pdf, args.repeat),
                        page_count(data),
                        len(data),
                    )
                )
            db.session.remove()
            db.engine.dispose()
    print(
        f"Decision letter and panel minutes as PDF/UA-1 (WeasyPrint, SQLite; data built in "
        f"{built:.1f} s; medians of {args.repeat} after a warm-up)"
    )
    print(f"  {'document':<24} {'HTML':>9} {'PDF':>10} {'pages':>6} {'bytes':>10}")
    for name, html_ms, pdf_ms, pages, size in rows:
        print(f"  {name:<24} {html_ms:>6.0f} ms {pdf_ms:>7.0f} ms {pages:>6} {size:>10,}")


if __name__ == "__main__":
    main()
