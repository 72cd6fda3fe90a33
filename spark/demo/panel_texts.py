"""What the demo panels stage says: more teams with eligible pitches, two panels, and the
sheets some dragons have started. Data only; ``spark.demo.panels`` puts it through the
services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from spark.demo.texts import DemoPitch

# (label, name, email, department, roles), as spark.demo.people.PEOPLE
PANEL_PEOPLE = [
    ("dragon (chair)", "Kwame Mensah", "kwame.mensah@homeoffice.gov.uk", "Home Office", ()),
    ("dragon", "Hannah Davies", "hannah.davies@education.gov.uk", "Department for Education", ()),
    ("dragon", "Nadia Hussain", "nadia.hussain@ons.gov.uk", "Office for National Statistics", ()),
    ("team lead", "Rhys Morgan", "rhys.morgan@landregistry.gov.uk", "HM Land Registry", ()),
    ("team lead", "Grace Adebayo", "grace.adebayo@companieshouse.gov.uk", "Companies House", ()),
    (
        "team lead",
        "Liam O'Connor",
        "liam.oconnor@environment-agency.gov.uk",
        "Environment Agency",
        (),
    ),
    ("team lead", "Sofia Rossi", "sofia.rossi@ons.gov.uk", "Office for National Statistics", ()),
]

# (name, department, [lead])
PANEL_TEAMS = [
    ("Property letters people understand", "HM Land Registry", ["rhys.morgan@landregistry.gov.uk"]),
    ("Filing for everyone", "Companies House", ["grace.adebayo@companieshouse.gov.uk"]),
    (
        "Flood alerts that reach everyone",
        "Environment Agency",
        ["liam.oconnor@environment-agency.gov.uk"],
    ),
    ("Census help in easy read", "Office for National Statistics", ["sofia.rossi@ons.gov.uk"]),
]


def _eligible(team: str, author: str, title: str, summary: str, ask: int, **words) -> DemoPitch:
    return DemoPitch(
        team=team, author=author, status="eligible", title=title, summary=summary,
        ask_pence=ask, **words,
    )  # fmt: skip


PANEL_PITCHES = [
    _eligible(
        "Property letters people understand",
        "rhys.morgan@landregistry.gov.uk",
        "Plain English letters about your property",
        "Rewrite the 10 letters we send most often so that owners understand them.",
        3_000_000,
        problem="Owners call us because our letters use legal words. Each call takes 12 minutes.",
        idea="We will rewrite our 10 most sent letters in plain English and test them with owners.",
        benefits="Fewer calls, and owners act on the letter the first time.",
        ask_details="A content designer and a user researcher for 3 months.",
        team_details="Rhys leads our letters team. Two of us answer calls from owners every week.",
    ),
    _eligible(
        "Filing for everyone",
        "grace.adebayo@companieshouse.gov.uk",
        "Filing accounts with a screen reader",
        "Fix the 3 steps of filing accounts that screen reader users cannot finish.",
        2_200_000,
        problem="Blind directors cannot file their accounts without help. They must pay someone.",
        idea="We will fix the 3 steps that fail and test each one with screen reader users.",
        benefits="Blind directors file on time and without paying for help.",
        ask_details="A developer and an accessibility specialist for 2 months.",
        team_details="Grace runs the filing service. Our team has tested with disabled users.",
    ),
    _eligible(
        "Flood alerts that reach everyone",
        "liam.oconnor@environment-agency.gov.uk",
        "Flood alerts by phone call for people without a smartphone",
        "Call people without a smartphone when a flood alert covers their home.",
        4_500_000,
        problem="Our alerts go by app and text. People without a mobile phone miss them.",
        idea="We will phone a landline with a short recorded message when an alert starts.",
        benefits="Older and disabled people get flood alerts in time to act.",
        ask_details="Telephone costs for one year and a developer for 3 months.",
        team_details="Liam runs our alerts. We work with 2 charities for older people.",
    ),
    _eligible(
        "Census help in easy read",
        "sofia.rossi@ons.gov.uk",
        "Easy read help for the census",
        "Easy read guides, with pictures, for each question in the census.",
        1_800_000,
        problem="People with a learning disability find the census questions hard to answer.",
        idea="We will write an easy read guide for each question, with a picture for each step.",
        benefits="More people answer the census without help, so the figures are more complete.",
        ask_details="An easy read writer and an illustrator for 3 months.",
        team_details="Sofia leads census help. We will test the guides with a self-advocacy group.",
    ),
]


@dataclass(frozen=True)
class DemoPanel:
    name: str
    starts_in: timedelta
    place: str
    chair: str
    dragons: tuple[str, ...]
    pitches: tuple[str, ...]  # titles, in running order, routed by hand to fit the theme


PANELS = [
    DemoPanel(
        "Letters and forms",
        timedelta(days=0),
        "Room 4.12, 10 South Colonnade, London, and on Microsoft Teams",
        "priya.shah@hmrc.gov.uk",
        ("tom.okafor@dwp.gov.uk", "gareth.price@justice.gov.uk", "hannah.davies@education.gov.uk"),
        (
            "Plain English letters about your property",
            "Filing accounts with a screen reader",
            "Easy read help for the census",
        ),
    ),
    DemoPanel(
        "Warnings and alerts",
        timedelta(days=7),
        "https://meet.example.gov.uk/spark-warnings",
        "mei.chen@defra.gov.uk",
        (
            "siobhan.kelly@metoffice.gov.uk",
            "kwame.mensah@homeoffice.gov.uk",
            "nadia.hussain@ons.gov.uk",
        ),
        (
            "Weather warnings in British Sign Language",
            "Flood alerts by phone call for people without a smartphone",
        ),
    ),
]

DECLARED_CONFLICT = (
    "hannah.davies@education.gov.uk",
    "I worked in this team until last spring and helped write the first version of the idea.",
)
