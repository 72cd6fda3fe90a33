"""The showcase's pages cost the same number of SQL statements with 2 and with 10 live
projects and published stories (each with partners): no query per row."""

from __future__ import annotations

from spark.extensions import db
from spark.lab.models import Partner
from tests.app.lab.test_stories import RICH, make_story
from tests.app.test_panel_query_counts import repeated, statements_of
from tests.factories import sign_in
from tests.lab_factories import funded_project, make_colleague

PAGES = (
    "/showcase",
    "/showcase?q=learnt",
    "/showcase?show=stories&stage=live&department=Cabinet+Office",
    "/showcase/projects/{project}",
    "/showcase/stories/{story}",
)


def _build(size: int) -> dict[str, int]:
    """``size`` live or scaled projects, each with a partner and a published story (and a
    draft); the first project also has ``size`` partners and ``size`` stories."""
    first = story = None
    for n in range(size):
        funded = funded_project()
        funded.project.stage = "live" if n % 2 else "scaled"
        funded.pitch.team.department = f"Department {n % 3}"
        funded.pitch.summary = f"What we learnt {n}"
        db.session.add(Partner(project_id=funded.project.id, name=f"Partner {n}"))
        db.session.commit()
        story = make_story(
            funded.project, funded.lead, title=f"Learnt {n}", body=RICH, published=True
        )
        make_story(funded.project, funded.lead, title=f"Draft {n}")
        first = first or funded
    for n in range(size):
        db.session.add(Partner(project_id=first.project.id, name=f"Extra partner {n}"))
        make_story(first.project, first.lead, title=f"More {n}", published=True)
    db.session.commit()
    return {"project": first.project.id, "story": story.id}


def _counted(app, ids: dict[str, int]) -> dict[str, list[str]]:
    client = app.test_client()
    sign_in(client, make_colleague(department="Home Office"))
    return {page: statements_of(client, page.format(**ids)) for page in PAGES}


def test_the_showcase_costs_the_same_whatever_its_size(app):
    small = _counted(app, _build(2))
    # Ten more (twelve in all), and a first project with ten partners and stories.
    big = _counted(app, _build(10))
    for page in PAGES:
        assert len(big[page]) == len(small[page]), f"{page}\n{repeated(small[page], big[page])}"
        assert len(small[page]) <= 12, "\n".join(small[page])
