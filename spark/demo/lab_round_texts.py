"""What the demo's earlier round says: "Spark! winter 2025", a year ago, whose panel funded
five ideas that the lab has followed since (``spark.demo.lab_texts`` tells what happened to
each). Data only; ``spark.demo.lab`` puts it through the services."""

from __future__ import annotations

from datetime import timedelta

from spark.demo.decision_texts import DemoDecision, DemoSheet
from spark.demo.panel_texts import DemoPanel, _eligible
from spark.demo.texts import DemoRound

WEEK = timedelta(weeks=1)

# Everything below is timed from 52 weeks ago, when the first pitches came in. The round opened
# at 9am the day before, so they are in it whatever the time of day the demo is seeded.
LAB_ROUND = DemoRound(
    "Spark! winter 2025",
    "Small ideas that make government letters, alerts and guides work for everyone.",
    timedelta(days=-1),
    8 * WEEK,
    "open",
)
ROUND_STARTED = -52 * WEEK
PANEL_MET = 10 * WEEK  # after the round opened
POT_PENCE = 20_000_000  # £200,000

LAB_PITCHES = [
    _eligible(
        "Benefits letters in plain English",
        "aisha.rahman@dwp.gov.uk",
        "A plain English checker for letters",
        "A tool that checks a draft letter's reading age and suggests plainer words.",
        3_000_000,
        problem="Our letters need a reading age of 16. Half of the people we write to struggle.",
        idea="We will build a checker that letter writers use before a letter is sent.",
        benefits="Fewer people phone us to ask what a letter means.",
        ask_details="Two developers and a content designer for 12 weeks.",
        team_details="Aisha writes letters policy. Ben has built small tools for our teams.",
    ),
    _eligible(
        "Flood alerts that reach everyone",
        "liam.oconnor@environment-agency.gov.uk",
        "Flood warnings in plain words by text message",
        "Flood warnings by text that say what to do in words anyone can follow.",
        4_000_000,
        problem="Our flood texts use codes and jargon. People ignore them or ring to ask.",
        idea="We will rewrite every warning with the people who get them and test each one.",
        benefits="More people act on a warning in time, and fewer ring us when a flood is near.",
        ask_details="A content designer and a user researcher for 16 weeks.",
        team_details="Liam runs our warnings service and has worked with flood groups.",
    ),
    _eligible(
        "Census help in easy read",
        "sofia.rossi@ons.gov.uk",
        "Easy read guides to filling in the census",
        "Easy read guides for each census question, tested with people with a learning disability.",
        2_500_000,
        problem="People with a learning disability need help from others to fill in the census.",
        idea="We will write easy read guides with self-advocacy groups and test them.",
        benefits="More people fill in the census on their own.",
        ask_details="Easy read writers and a researcher for 10 weeks.",
        team_details="Sofia runs census help. We work with two self-advocacy groups.",
    ),
    _eligible(
        "Weather warnings for everyone",
        "chloe.evans@metoffice.gov.uk",
        "Spoken weather warnings on smart speakers",
        "Severe weather warnings read aloud on smart speakers, for people who cannot read a "
        "screen.",
        2_000_000,
        problem="Blind and partially sighted people hear about warnings late or not at all.",
        idea="We will publish our warnings in a form smart speakers can read out.",
        benefits="People hear a warning as soon as it is issued.",
        ask_details="A developer and a user researcher for 8 weeks.",
        team_details="Chloe leads warnings. Daniel has built our public data feeds.",
    ),
    _eligible(
        "Property letters people understand",
        "rhys.morgan@landregistry.gov.uk",
        "Video calls in British Sign Language for property questions",
        "Deaf owners ask their property questions in BSL through a video relay service.",
        3_500_000,
        problem="Deaf owners who use BSL have to email us or bring an interpreter.",
        idea="We will buy a video relay service so BSL users can call us with an interpreter.",
        benefits="Deaf owners get answers in their own language, first time.",
        ask_details="A video relay contract for a year and a service designer for 8 weeks.",
        team_details="Rhys leads our contact centre. We have asked two deaf groups to help.",
    ),
]

LAB_PANEL = DemoPanel(
    "Letters, alerts and guides",
    PANEL_MET,
    "Room 4.12, 10 South Colonnade, London, and on Microsoft Teams",
    "priya.shah@hmrc.gov.uk",
    (
        "gareth.price@justice.gov.uk",
        "hannah.davies@education.gov.uk",
        "mei.chen@defra.gov.uk",
    ),
    tuple(pitch.title for pitch in LAB_PITCHES),
)

_PRIYA, _GARETH, _HANNAH, _MEI = (LAB_PANEL.chair, *LAB_PANEL.dragons)


def _all_in(title: str, amount_pence: int, rationale: str, conditions: str, reasons: tuple):
    scores = ((5, 4, 4, 4, 4, 4), (4, 4, 5, 4, 3, 4), (4, 5, 4, 4, 4, 3), (5, 4, 4, 5, 4, 4))
    emails = (_PRIYA, _GARETH, _HANNAH, _MEI)
    return DemoDecision(
        title,
        tuple(
            DemoSheet(email, score, "in", reason)
            for email, score, reason in zip(emails, scores, reasons, strict=True)
        ),
        "funded",
        amount_pence,
        rationale,
        conditions,
    )


LAB_DECISIONS = [
    _all_in(
        "A plain English checker for letters",
        3_000_000,
        "Every dragon voted in: the need is proven by call records and the tool can spread.",
        "Measure calls about letters before and after. Share the checker with other teams.",
        (
            "Letters are the front door of the department.",
            "Cheap to build and easy to share.",
            "A clear baseline from call records.",
            "Other departments will want this.",
        ),
    ),
    _all_in(
        "Flood warnings in plain words by text message",
        4_000_000,
        "Every dragon voted in: warnings people understand save lives and property.",
        "Test every warning with people who have been flooded before you send it.",
        (
            "Lives depend on these words.",
            "The team knows the people who get the texts.",
            "Measurable: actions taken and calls made.",
            "A strong research plan.",
        ),
    ),
    _all_in(
        "Easy read guides to filling in the census",
        2_500_000,
        "Every dragon voted in: the guides meet a legal duty and a real need.",
        "Write the guides with self-advocacy groups, not for them.",
        (
            "A real barrier to taking part.",
            "Working with self-advocates is the right approach.",
            "Small and well planned.",
            "The guides can be reused for other surveys.",
        ),
    ),
    _all_in(
        "Spoken weather warnings on smart speakers",
        2_000_000,
        "Every dragon voted in: a small test of a new channel with a clear audience.",
        "Test with blind and partially sighted people from the start.",
        (
            "A new way to reach people who miss warnings.",
            "The data feed already exists.",
            "Worth a small test.",
            "Clear users in mind.",
        ),
    ),
    _all_in(
        "Video calls in British Sign Language for property questions",
        3_500_000,
        "Every dragon voted in: BSL users have no good way to reach the service today.",
        "Ask deaf owners to help choose the supplier.",
        (
            "BSL users are shut out today.",
            "A proven kind of service elsewhere in government.",
            "The contract risk needs watching.",
            "A clear gap to close.",
        ),
    ),
]
