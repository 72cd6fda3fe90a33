"""Blueprint 'lab': the lab board, a project's page, its partners and focus areas.

- ``/lab`` (the lab and organisers): every project by stage, filtered by round, department,
  focus area and status; ``/lab/board/<group>``: one stage (or the stopped projects), 50 a page.
- ``/lab/projects/<id>`` (the lab, organisers and the project's team): the project's page,
  with the sections the lab's other features add (``project_parts``).
- Partners and the project's focus areas (the lab only), and the focus areas themselves
  (``/lab/focus-areas``, the lab only).

Importing this module also tells the team, on their pitch page, that their idea is in the lab.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from spark.accounts.models import User
from spark.accounts.views import show_problems
from spark.core.paging import page_number
from spark.core.permissions import role_required
from spark.extensions import db
from spark.lab import board, gates, project_page, project_parts
from spark.lab import project_service as service
from spark.lab.access import (
    lab_or_organiser_required,
    project_lab_required,
    project_viewer_required,
)
from spark.lab.board_rules import STATUS_FILTERS, Filters
from spark.lab.forms import (
    BoardFilterForm,
    FocusAreaForm,
    PartnerForm,
    ProjectFocusAreasForm,
    RemovePartnerForm,
)
from spark.lab.models import FocusArea, LabProject
from spark.pitches import access as pitch_access
from spark.pitches.models import Pitch
from spark.pitches.page_parts import add_pitch_page_part

bp = Blueprint("lab", __name__, url_prefix="/lab")


# The board ------------------------------------------------------------------------------------


def _filter_form(offered: board.Choices, filters: Filters) -> BoardFilterForm:
    """The filters as the form shows them: what was asked for, or "All" for anything else."""
    form = BoardFilterForm(
        formdata=None,
        data={
            "round": str(filters.round_id or ""),
            "department": filters.department or "",
            "focus_area": str(filters.focus_area_id or ""),
            "status": filters.status or "",
        },
    )
    form.round.choices = [
        SelectChoice("", "All rounds"),
        *(SelectChoice(str(id_), name) for id_, name in offered.rounds),
    ]
    form.department.choices = [
        SelectChoice("", "All departments"),
        *(SelectChoice(name, name) for name in offered.departments),
    ]
    form.focus_area.choices = [
        SelectChoice("", "All focus areas"),
        *(SelectChoice(str(id_), name) for id_, name in offered.focus_areas),
    ]
    form.status.choices = [
        SelectChoice("", "All statuses"),
        *(SelectChoice(value, label) for value, label in STATUS_FILTERS.items()),
    ]
    return form


def _filters_in_words(offered: board.Choices, filters: Filters) -> list[str]:
    """ "Round: Spark! spring 2027", ... for the filters applied."""
    words = []
    if filters.round_id is not None:
        words.append(f"Round: {dict(offered.rounds)[filters.round_id]}")
    if filters.department is not None:
        words.append(f"Department: {filters.department}")
    if filters.focus_area_id is not None:
        words.append(f"Focus area: {dict(offered.focus_areas)[filters.focus_area_id]}")
    if filters.status is not None:
        words.append(f"Status: {STATUS_FILTERS[filters.status]}")
    return words


@bp.route("")
@lab_or_organiser_required
def board_page():
    offered = board.choices()
    filters = board.parse(request.args, offered)
    all_stages = gates.all_stages()
    return render_template(
        "lab/board.html",
        board=board.board(filters, all_stages),
        filters=filters,
        filter_form=_filter_form(offered, filters),
        applied=_filters_in_words(offered, filters),
        per_group=board.PER_GROUP,
    )


@bp.route("/board/<group>")
@lab_or_organiser_required
def group(group: str):
    all_stages = gates.all_stages()
    shown = board.group_named(group, all_stages)
    if shown is None:
        abort(404)
    offered = board.choices()
    filters = board.parse(request.args, offered)
    page = page_number(request.args.get("page"))
    pagination = board.group_pages(shown, filters, page)
    if page > 1 and not pagination.items:
        abort(404)
    return render_template(
        "lab/board-group.html",
        group=shown,
        pagination=pagination,
        filters=filters,
        applied=_filters_in_words(offered, filters),
        stage_names={stage.key: stage.name for stage in all_stages},
    )


# The project page -----------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>")
@project_viewer_required
def project(project: LabProject):
    return render_template(
        "lab/project.html",
        page=project_page.project_page(project, current_user),
        parts=project_parts.parts_for(project, current_user),
    )


def _back_to(project: LabProject, message: str):
    flash(message, "success")
    return redirect(url_for("lab.project", project_id=project.id))


def _stopped(project: LabProject):
    """A lab page for changing a stopped project, asked for anyway: say why not."""
    flash(service.STOPPED)
    return redirect(url_for("lab.project", project_id=project.id))


def _form_page(template: str, form, refused: service.Refused | None = None, **context):
    problem = None
    if refused is not None:
        show_problems(form, {field: text for field, text in refused.problems.items() if field})
        problem = refused.problems.get("")
    status = refused.status if refused else (400 if form.errors else 200)
    return render_template(template, form=form, problem=problem, **context), status


# Partners -------------------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/partners/add", methods=["GET", "POST"])
@project_lab_required
def add_partner(project: LabProject):
    if project.status == "stopped":
        return _stopped(project)
    form = PartnerForm()
    if form.validate_on_submit():
        try:
            partner = service.add_partner(current_user, project, form.name.data, form.role.data)
        except service.Refused as refused:
            return _form_page("lab/partner-add.html", form, refused, project=project)
        return _back_to(project, f"{partner.name} added as a partner")
    return _form_page("lab/partner-add.html", form, project=project)


@bp.route("/projects/<int:project_id>/partners/<int:partner_id>/remove", methods=["GET", "POST"])
@project_lab_required
def remove_partner(project: LabProject, partner_id: int):
    partner = service.partner_of(project, partner_id)
    if partner is None:
        abort(404)
    if project.status == "stopped":
        return _stopped(project)
    form = RemovePartnerForm()
    if form.validate_on_submit():
        name = partner.name
        try:
            service.remove_partner(current_user, project, partner)
        except service.Refused as refused:
            return _form_page(
                "lab/partner-remove.html", form, refused, project=project, partner=partner
            )
        return _back_to(project, f"{name} removed from the project’s partners")
    return _form_page("lab/partner-remove.html", form, project=project, partner=partner)


# Focus areas ----------------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/focus-areas", methods=["GET", "POST"])
@project_lab_required
def project_focus_areas(project: LabProject):
    if project.status == "stopped":
        return _stopped(project)
    areas = service.focus_areas()
    if request.method == "POST":
        form = ProjectFocusAreasForm()
    else:
        form = ProjectFocusAreasForm(data={"focus_areas": [str(a.id) for a in project.focus_areas]})
    form.focus_areas.choices = [SelectChoice(str(area.id), area.name) for area in areas]
    if areas and form.validate_on_submit():
        try:
            service.set_focus_areas(current_user, project, form.area_ids())
        except service.Refused as refused:
            return _focus_areas_page(project, form, areas, refused)
        return _back_to(project, "Focus areas saved")
    return _focus_areas_page(project, form, areas)


def _focus_areas_page(project, form, areas, refused=None):
    return _form_page("lab/project-focus-areas.html", form, refused, project=project, areas=areas)


@bp.route("/focus-areas", methods=["GET", "POST"])
@role_required("lab")
def focus_areas():
    form = FocusAreaForm()
    if form.validate_on_submit():
        try:
            area = service.add_focus_area(current_user, form.name.data)
        except service.Refused as refused:
            return _focus_area_list(form, refused)
        flash(f"{area.name} added as a focus area", "success")
        return redirect(url_for("lab.focus_areas"))
    return _focus_area_list(form)


def _focus_area_list(form: FocusAreaForm, refused: service.Refused | None = None):
    return _form_page(
        "lab/focus-areas.html", form, refused, areas=service.focus_areas_with_counts()
    )


@bp.route("/focus-areas/<int:area_id>/rename", methods=["GET", "POST"])
@role_required("lab")
def rename_focus_area(area_id: int):
    area = db.session.get(FocusArea, area_id)
    if area is None:
        abort(404)
    old_name = area.name
    form = FocusAreaForm(data={"name": area.name} if request.method == "GET" else None)
    form.submit.label.text = "Save"
    if form.validate_on_submit():
        try:
            service.rename_focus_area(current_user, area, form.name.data)
        except service.Refused as refused:
            return _form_page(
                "lab/focus-area-rename.html", form, refused, area=area, old_name=old_name
            )
        flash(f"{old_name} renamed to {form.name.data}", "success")
        return redirect(url_for("lab.focus_areas"))
    return _form_page("lab/focus-area-rename.html", form, area=area, old_name=old_name)


# On the team's pitch page ---------------------------------------------------------------------


def in_the_lab_part(pitch: Pitch, user: User) -> Markup | None:
    """For the team: their idea is in the lab, its stage, and a link to the project."""
    if not pitch_access.is_team_member(pitch, user):
        return None
    shown = project_page.in_the_lab(pitch)
    if shown is None:
        return None
    return project_parts.render_part("lab/project-pitch-part.html", shown=shown)


add_pitch_page_part(in_the_lab_part)
