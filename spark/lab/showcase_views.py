"""Blueprint 'showcase': what the lab has learnt and what is live, for every signed-in civil
servant (signed-out visitors go to sign-in).

- ``/showcase``: published stories and live or scaled projects, searched and filtered with
  a GET form (``?q=&show=&stage=&department=&page=``), 20 a page.
- ``/showcase/stories/<id>``: a published story. A draft is 404, except to those who may
  read the project's drafts in the lab (its team, the lab and organisers), who see it marked
  as a draft; those who may change it (the team and the lab) also get a link to do so.
- ``/showcase/projects/<id>``: a live or scaled project's public summary; 404 for a
  project in another stage or stopped.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from spark.core.paging import page_number
from spark.core.permissions import signed_in
from spark.lab import access, showcase, showcase_pages
from spark.lab.story_views import rendered

bp = Blueprint("showcase", __name__, url_prefix="/showcase")


def _page_number() -> int:
    return page_number(request.args.get("page"))


@bp.route("")
@signed_in
def index():
    filters = showcase.Filters.from_args(request.args)
    results = showcase.search(filters, _page_number())
    return render_template("lab/showcase.html", results=results, filters=filters)


@bp.route("/stories/<int:story_id>")
@signed_in
def story(story_id: int):
    found = showcase_pages.story(story_id)
    if found is None:
        abort(404)
    project = found.project
    if found.status != "published" and not access.may_view(project, current_user):
        abort(404)
    may_edit = access.may_edit(project, current_user)
    return render_template(
        "lab/showcase-story.html",
        story=found,
        project=project,
        pitch=project.pitch,
        body_html=rendered(found.body),
        project_showcased=showcase_pages.is_showcased(project),
        lab_url=(
            url_for("lab_stories.show", project_id=project.id, story_id=found.id)
            if may_edit
            else None
        ),
    )


@bp.route("/projects/<int:project_id>")
@signed_in
def project(project_id: int):
    summary = showcase_pages.project_summary(project_id)
    if summary is None:
        abort(404)
    return render_template("lab/showcase-project.html", summary=summary)
