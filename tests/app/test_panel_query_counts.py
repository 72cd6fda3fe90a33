"""A panel's pages cost the same number of SQL statements whatever the panel's size.

Each page is requested for a small panel (2 pitches, 3 dragons, a few sheets) and a bigger
one (10 pitches, 6 dragons, a sheet from nearly everyone), each request starting with an
empty session as a real request does, and its statements are counted
(``before_cursor_execute``). A page whose count grows with the panel runs a query per row
(a lazy load in a loop): the failure lists the statements that repeat.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select

from spark.accounts.models import MEMBER, TeamMember
from spark.core.audit import utcnow
from spark.extensions import db
from spark.panels.models import Conflict, ScoreSheet
from spark.pitches.models import PitchFile
from tests.factories import make_user, sign_in
from tests.panel_factories import (
    criteria_of,
    make_dragon,
    make_judged_round,
    make_panel,
    make_sheet,
    make_team_pitch,
    route,
)


@dataclass(frozen=True)
class Built:
    panel_id: int
    pitch_id: int  # the pitch whose scoring is open: the chair has a draft on it
    chair_id: int
    email: str


def build(pitches: int, dragons: int) -> Built:
    """A panel chaired by a dragon who also scores. Its first pitch is now pitching with
    scoring open (the chair's sheet a draft, every other dragon's submitted), the second is
    closed with every sheet in, then up to two more closed ones and the rest waiting. One
    dragon declared a conflict with the second pitch; a bigger panel also has a dragon from
    the same department as the last pitch's team lead (found, not declared), and its first
    pitch a bigger team and more files."""
    round_ = make_judged_round()
    criteria = criteria_of(round_)
    chair = make_dragon()
    others = [make_dragon() for _ in range(dragons - 2)]
    others.append(make_dragon(department="Home Office" if dragons > 3 else "HM Treasury"))
    panel = make_panel(round_, chair, *others)
    made = [make_team_pitch(round_) for _ in range(pitches - 1)]
    made.append(make_team_pitch(round_, department="Home Office"))
    states = ["scoring", "closed", "closed", "closed"] + ["waiting"] * pitches
    for pitch, state in zip(made, states, strict=False):
        route(panel, pitch, state=state)
    panel.current_position = 1
    add_team_and_files(made[0], members=pitches // 3, files=FILES[: 1 + pitches // 3])
    db.session.add(Conflict(pitch_id=made[1].id, user_id=others[0].id, reason="My brother"))
    db.session.commit()
    scores = {c.id: (3, "Some evidence from users") for c in criteria}
    for pitch, state in zip(made, states, strict=False):
        for dragon in [chair, *others] if state != "waiting" else []:
            if pitch is made[1] and dragon is others[0]:
                continue  # recused
            draft = pitch is made[0] and dragon is chair
            status, verdict = ("draft", None) if draft else ("submitted", "in")
            make_sheet(pitch, dragon, scores=scores, verdict=verdict, status=status)
    return Built(panel.id, made[0].id, chair.id, chair.email)


FILES = [
    ("deck", "application/vnd.ms-powerpoint", "deck.pptx"),
    ("audio", "audio/mpeg", "interview.mp3"),
    ("video", "video/mp4", "demo.mp4"),
    ("pdf", "application/pdf", "costs.pdf"),
]


def add_team_and_files(pitch, *, members: int, files: list[tuple[str, str, str]]) -> None:
    """More people on ``pitch``'s team, and files (a video gets captions)."""
    for _ in range(members):
        user = make_user(department="Cabinet Office")
        db.session.add(TeamMember(team_id=pitch.team_id, user_id=user.id, role=MEMBER))
    for n, (kind, mimetype, name) in enumerate(files):
        item = PitchFile(
            pitch_id=pitch.id,
            kind=kind,
            sha256=f"{n:064d}",
            size=1000 + n,
            mimetype=mimetype,
            original_name=name,
            transcript="Hello",
        )
        if kind == "video":
            item.captions = PitchFile(
                pitch_id=pitch.id,
                kind="captions",
                sha256="c" * 64,
                size=80,
                mimetype="text/vtt",
                original_name="demo.vtt",
            )
        db.session.add(item)
    db.session.commit()


IN_LIST = re.compile(r"IN \((?:\?|%\(\w+\)s|\$\d+)(?:, (?:\?|%\(\w+\)s|\$\d+))*\)")


def statements_of(client, url: str) -> list[str]:
    """The SQL statements one GET of ``url`` runs, from an empty session as a real request
    starts (asked twice and the second counted, so a first-request cache does not count)."""
    found: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        found.append(IN_LIST.sub("IN (...)", " ".join(statement.split())))

    for attempt in range(2):
        db.session.remove()
        if attempt:
            event.listen(db.engine, "before_cursor_execute", record)
        try:
            response = client.get(url)
        finally:
            if attempt:
                event.remove(db.engine, "before_cursor_execute", record)
        assert response.status_code == 200, (url, response.status_code)
    return found


def repeated(small: list[str], big: list[str]) -> str:
    """The statements the bigger panel runs more often than the small one."""
    grown = Counter(big) - Counter(small)
    return "\n".join(f"{times} more x {sql[:400]}" for sql, times in grown.most_common())


PAGES = {
    "panel page": "/panels/{panel}",
    "live.json": "/panels/{panel}/live.json",
    "pitch page, own sheet a draft": "/panels/{panel}/pitches/{pitch}",
    "pitch page, own sheet submitted": "/panels/{panel}/pitches/{pitch}",
    "chair's control page": "/panels/{panel}/chair/",
}


def counted(app, built: Built, page: str) -> list[str]:
    """The statements ``page`` runs for the chair of ``built``."""
    client = app.test_client()
    sign_in(client, SimpleNamespace(email=built.email))
    if page.endswith("submitted"):
        sheet = db.session.scalar(
            select(ScoreSheet).filter_by(pitch_id=built.pitch_id, dragon_id=built.chair_id)
        )
        sheet.status, sheet.verdict, sheet.submitted_at = "submitted", "in", utcnow()
        db.session.commit()
    return statements_of(client, PAGES[page].format(panel=built.panel_id, pitch=built.pitch_id))


@pytest.mark.parametrize("page", list(PAGES))
def test_a_page_runs_as_many_queries_for_a_big_panel_as_for_a_small_one(app, page):
    small = counted(app, build(pitches=2, dragons=3), page)
    big = counted(app, build(pitches=10, dragons=6), page)
    assert len(big) == len(small), (
        f"{page}: {len(small)} statements for 2 pitches and 3 dragons, {len(big)} for 10 "
        f"pitches and 6 dragons. Run more often:\n{repeated(small, big)}"
    )
