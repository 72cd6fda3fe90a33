"""The panel benchmark's data: a migrated database filled with SQLAlchemy Core.

At N pitches: 2,000 dragons, a lead and a team per pitch (with its accessibility report),
one judging round with its settings and the six default criteria, panels of 8 dragons
hearing 10 pitches each (each dragon sits on many panels), and about 5 score rows per pitch
(250,000 at 50,000 pitches). Ids are given, not generated, so nothing is read back; each
table is one transaction of executemany calls in chunks of 5,000. Used by bench_panel.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

from spark.extensions import db

DRAGONS = 2000
PER_PANEL = 10  # pitches in a panel's running order
SEATS = 8  # dragons on a panel, the chair included
SCORES_PER_PITCH = 5  # score rows per pitch overall: 250,000 at 50,000 pitches
CHUNK = 5000
PASSWORD = "violet-harbour-kettle-77"  # noqa: S105 (the bench's made-up users only)
HASH_METHOD = "pbkdf2:sha256:1000"
DRAGON_DEPARTMENTS = ("HM Treasury", "Home Office", "Department for Transport", "DWP")
TEAM_DEPARTMENTS = ("Cabinet Office", "HMRC", "Ministry of Justice", "DHSC", "DfE")
SECTIONS = ("about", "problem", "idea", "benefits", "ask", "team", "materials")
PARAGRAPH = (
    "People renew a blue badge by post and wait weeks. The form asks for the same details "
    "each time. We think a short online service could check most of them and answer the "
    "same day. Councils told us half of their calls are about the progress of a renewal. "
)


def fresh_database(url: str) -> None:
    """An empty database at ``url``: PostgreSQL's is created if missing, then emptied."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


# The data -----------------------------------------------------------------------------------


class Plan:
    """Who sits where, worked out from the scale alone (ids are given, not generated).

    Panels ``1 .. panels`` each hear pitches ``(p-1)*10+1 .. p*10``. From the first panel
    on, every pitch is fully scored (all 8 dragons submitted; its slot closed) until the
    budget of score rows is spent; later panels wait. The last panels are the measured
    ones: ``show_panel`` is mid-session (6 pitches closed, the 7th scoring with some sheets
    in, 3 waiting, one declared conflict); the ``submit_panels`` before it have scoring open
    on every pitch and no sheets, one submit per (dragon, pitch).
    """

    def __init__(self, pitches: int, submits: int, criteria: int = 6):
        self.pitches = max(pitches, PER_PANEL * 3)
        self.panels = math.ceil(self.pitches / PER_PANEL)
        self.sheet_budget = math.ceil(self.pitches * SCORES_PER_PITCH / criteria)
        self.show_panel = self.panels
        needed = math.ceil(submits / (PER_PANEL * SEATS))
        self.submit_panels = list(range(self.panels - needed, self.panels))
        if not self.submit_panels or self.submit_panels[0] < 2:
            raise SystemExit(f"{pitches} pitches are too few for {submits} submits")
        self.full_pitches = min(self.sheet_budget // SEATS, (self.submit_panels[0] - 1) * PER_PANEL)

    def members(self, panel: int) -> list[int]:
        """Dragon user ids on ``panel``, the chair first (each dragon sits on many panels)."""
        return [((panel - 1) * SEATS + k) % DRAGONS + 1 for k in range(SEATS)]

    def pitch_ids(self, panel: int) -> range:
        return range((panel - 1) * PER_PANEL + 1, min(panel * PER_PANEL, self.pitches) + 1)

    def slot_state(self, panel: int, position: int) -> str:
        if panel == self.show_panel:
            return "closed" if position <= 6 else "scoring" if position == 7 else "waiting"
        if panel in self.submit_panels:
            return "scoring"
        pitch = (panel - 1) * PER_PANEL + position
        return "closed" if pitch <= self.full_pitches else "waiting"

    def sheets(self) -> Iterator[tuple[int, int, str]]:
        """(pitch id, dragon id, status) for every sheet there is."""
        for pitch in range(1, self.full_pitches + 1):
            for dragon in self.members((pitch - 1) // PER_PANEL + 1):
                yield pitch, dragon, "submitted"
        first = (self.show_panel - 1) * PER_PANEL
        members = self.members(self.show_panel)
        for position in range(1, 8):
            for k, dragon in enumerate(members):
                if position <= 6 or k < 4:
                    yield first + position, dragon, "submitted"
                elif k < 6:
                    yield first + position, dragon, "draft"

    @property
    def viewer(self) -> int:
        """The dragon whose pages are measured: on the show panel, not its chair, with a draft
        sheet on the pitch whose scoring is open (so its pitch page shows the sheet's form)."""
        return self.members(self.show_panel)[4]


def rows(columns: str, values: Iterable[tuple]) -> Iterator[dict]:
    keys = columns.split()
    return (dict(zip(keys, value, strict=True)) for value in values)


def chunked(items: Iterable[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def sources(plan: Plan) -> dict[str, Callable[[], Iterator[dict]]]:
    """Rows for each table, in insert order, as generators (nothing held whole in memory)."""
    from spark.panels.defaults import DEFAULT_CRITERIA

    now = datetime.now(UTC)
    hashed = generate_password_hash(PASSWORD, method=HASH_METHOD)
    n, lead0, sections = plan.pitches, DRAGONS, list(SECTIONS)
    where = [((i - 1) // PER_PANEL + 1, (i - 1) % PER_PANEL + 1) for i in range(1, n + 1)]
    state = [plan.slot_state(panel, position) for panel, position in where]
    sheet_list = list(plan.sheets())
    per_sheet = len(DEFAULT_CRITERIA)
    verdict = {"submitted": ("in", "out"), "draft": (None, None)}
    show_first = (plan.show_panel - 1) * PER_PANEL

    def users():
        for i in range(1, lead0 + n + 1):
            kind, dept = (
                ("dragon", DRAGON_DEPARTMENTS) if i <= lead0 else ("lead", TEAM_DEPARTMENTS)
            )
            yield (i, f"{kind}{i}@example.gov.uk", f"{kind.title()} {i}", dept[i % len(dept)],
                   hashed, True, now, 1)  # fmt: skip

    def pitches():
        for i in range(1, n + 1):
            status = "pitched" if state[i - 1] == "closed" else "assigned"
            yield (i, f"SPK-2027-{i:05d}", i, 1, status, f"Quicker blue badge renewals {i}",
                   PARAGRAPH[:200], PARAGRAPH * 3, PARAGRAPH * 3, PARAGRAPH * 2, 4_000_000 + i,
                   PARAGRAPH, PARAGRAPH, sections, 1, now, now, now, lead0 + i)  # fmt: skip

    def sheets():
        for sid, (pitch, dragon, status) in enumerate(sheet_list, start=1):
            said = verdict[status][(pitch + dragon) % 2]
            yield (sid, pitch, dragon, status, said, "Not enough evidence" if said == "out" else "",
                   1, now, now, now if status == "submitted" else None)  # fmt: skip

    def scores():
        for sid, (pitch, dragon, _status) in enumerate(sheet_list, start=1):
            for c in range(1, per_sheet + 1):
                yield ((sid - 1) * per_sheet + c, sid, c, (pitch + dragon + c) % 5 + 1,
                       "Clear evidence from users" if c == 1 else "")  # fmt: skip

    def slots():
        for i, ((panel, position), now_state) in enumerate(zip(where, state, strict=True), 1):
            yield (i, panel, i, position, now_state, None if now_state == "waiting" else now,
                   now if now_state == "closed" else None)  # fmt: skip

    return {
        "users": lambda: rows(
            "id email name department password_hash active created_at session_version", users()
        ),
        "teams": lambda: rows(
            "id name department created_at",
            (
                (i, f"Team {i}", TEAM_DEPARTMENTS[i % len(TEAM_DEPARTMENTS)], now)
                for i in range(1, n + 1)
            ),
        ),
        "team_members": lambda: rows(
            "id team_id user_id role joined_at",
            ((i, i, lead0 + i, "lead", now) for i in range(1, n + 1)),
        ),
        "rounds": lambda: rows(
            "id name description status opens_at closes_at created_at",
            [
                (
                    1,
                    "Spark! bench round",
                    "",
                    "judging",
                    now - timedelta(days=60),
                    now - timedelta(days=1),
                    now,
                )
            ],
        ),
        "judging_settings": lambda: rows(
            "round_id pot_pence decision_rule quorum feedback_shows_names",
            [(1, 50_000_000, "majority", 3, False)],
        ),
        "criteria": lambda: rows(
            "id round_id position name guidance weight descriptors",
            (
                (p, 1, p, c.name, c.guidance, c.weight, list(c.descriptors))
                for p, c in enumerate(DEFAULT_CRITERIA, start=1)
            ),
        ),
        "pitches": lambda: rows(
            "id reference team_id round_id status title summary problem idea benefits ask_pence "
            "ask_details team_details completed_sections version created_at updated_at "
            "submitted_at created_by_id",
            pitches(),
        ),
        "accessibility_reports": lambda: rows(
            "id pitch_id pitch_version created_at blocking warnings advice reading_age "
            "warnings_acknowledged_at",
            ((i, i, 1, now, 0, i % 3, 2, 11.5, now) for i in range(1, n + 1)),
        ),
        "panels": lambda: rows(
            "id round_id name starts_at place chair_id current_position created_at",
            (
                (
                    p,
                    1,
                    f"Panel {p}",
                    now + timedelta(hours=p),
                    "Room 1, 10 Victoria Street",
                    plan.members(p)[0],
                    7 if p == plan.show_panel else None,
                    now,
                )
                for p in range(1, plan.panels + 1)
            ),
        ),
        "panel_members": lambda: rows(
            "id panel_id user_id added_at",
            (
                ((p - 1) * SEATS + k + 1, p, u, now)
                for p in range(1, plan.panels + 1)
                for k, u in enumerate(plan.members(p))
            ),
        ),
        "panel_slots": lambda: rows(
            "id panel_id pitch_id position state scoring_opened_at scoring_closed_at", slots()
        ),
        "conflicts": lambda: rows(
            "id pitch_id user_id reason declared_at",
            [(1, show_first + 10, plan.viewer, "I advised this team last year", now)],
        ),
        "score_sheets": lambda: rows(
            "id pitch_id dragon_id status verdict reason version created_at updated_at "
            "submitted_at",
            sheets(),
        ),
        "scores": lambda: rows("id sheet_id criterion_id score comment", scores()),
    }


def generate(plan: Plan) -> dict[str, int]:
    """Fill the migrated database (in the app context), a transaction per table, Core
    executemany in chunks. Returns the rows written per table."""
    counts: dict[str, int] = {}
    tables = sources(plan)
    for name, source in tables.items():
        table, counts[name] = db.metadata.tables[name], 0
        with db.engine.begin() as connection:
            for batch in chunked(source()):
                connection.execute(table.insert(), batch)
                counts[name] += len(batch)
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            for name in tables:  # ids were given, so move each sequence past them
                if name != "judging_settings":
                    connection.execute(
                        text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
                        {"t": name, "n": counts[name]},
                    )
            connection.execute(text("ANALYZE"))  # as autovacuum does after a bulk load
    return counts
