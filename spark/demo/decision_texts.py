"""What the demo decisions stage says: a panel that met last week, the four pitches it heard,
each dragon's sheet, and the chair's four signed decisions - unanimous and funded, split and
funded, split and not funded, and refine and resubmit. Data only; ``spark.demo.decisions``
puts it through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from spark.demo.panel_texts import DemoPanel, _eligible

POT_PENCE = 25_000_000  # £250,000 for the spring round

DECISION_PITCHES = [
    _eligible(
        "Benefits letters in plain English",
        "ben.carter@dwp.gov.uk",
        "Benefit calculators that work with a screen reader",
        "Fix our benefit calculator so screen reader users can finish it without help.",
        2_400_000,
        problem="Screen reader users cannot get past step 2 of our calculator. They phone us.",
        idea="We will rebuild the 5 steps with GOV.UK patterns and test them with blind users.",
        benefits="People check what they can claim on their own, and we take fewer calls.",
        ask_details="A developer and an accessibility specialist for 10 weeks.",
        team_details="Ben runs the calculator. Aisha has tested it with screen reader users.",
    ),
    _eligible(
        "Accessible driving licence forms",
        "ewa.nowak@dvla.gov.uk",
        "Booking a driving test in easy read",
        "An easy read version of the steps to book a driving test, tested with learners.",
        1_600_000,
        problem="Learners with a learning disability ask family to book their test for them.",
        idea="We will write easy read pages for each step and test them with learners.",
        benefits="More learners book their own test, and fewer tests are booked by mistake.",
        ask_details="A content designer and easy read illustrations for 8 weeks.",
        team_details="Ewa designs the booking service. Farah answers calls from learners.",
    ),
    _eligible(
        "Property letters people understand",
        "rhys.morgan@landregistry.gov.uk",
        "A chatbot for property searches",
        "A chatbot that answers questions about property searches at any time of day.",
        4_800_000,
        problem="Owners wait on the phone to ask simple questions about property searches.",
        idea="We will buy a chatbot and teach it the answers to our 50 most asked questions.",
        benefits="Owners get answers at night and at weekends, and we take fewer calls.",
        ask_details="A chatbot licence for a year and a developer for 12 weeks.",
        team_details="Rhys leads our letters team. We have not built a chatbot before.",
    ),
    _eligible(
        "Filing for everyone",
        "grace.adebayo@companieshouse.gov.uk",
        "Captions for filing webinars",
        "Captions and transcripts for the 40 webinars that explain how to file accounts.",
        900_000,
        problem="Our webinars have no captions, so deaf people cannot learn how to file.",
        idea="We will caption the 40 webinars and publish a transcript with each one.",
        benefits="Deaf people and people in noisy places can learn how to file on their own.",
        ask_details="Captioning for 40 hours of video.",
        team_details="Grace leads filing help. We have not yet asked deaf users what they need.",
    ),
]

DECISION_PANEL = DemoPanel(
    "Services for everyone",
    timedelta(days=-7),
    "Room 2.07, 1 Horse Guards Road, London, and on Microsoft Teams",
    "kwame.mensah@homeoffice.gov.uk",
    (
        "siobhan.kelly@metoffice.gov.uk",
        "gareth.price@justice.gov.uk",
        "nadia.hussain@ons.gov.uk",
    ),
    tuple(pitch.title for pitch in DECISION_PITCHES),
)


@dataclass(frozen=True)
class DemoSheet:
    email: str
    scores: tuple[int, ...]  # 1-5 in criteria order
    verdict: str
    reason: str


@dataclass(frozen=True)
class DemoDecision:
    title: str
    sheets: tuple[DemoSheet, ...]  # the chair's first
    outcome: str
    amount_pence: int | None
    rationale: str
    conditions: str = ""
    justification: str = ""


_KWAME, _SIOBHAN, _GARETH, _NADIA = (DECISION_PANEL.chair, *DECISION_PANEL.dragons)

DECISIONS = [
    DemoDecision(
        "Benefit calculators that work with a screen reader",
        (
            DemoSheet(
                _KWAME, (5, 4, 4, 5, 4, 4), "in", "Users are stuck today and the fix is clear."
            ),
            DemoSheet(
                _SIOBHAN, (4, 4, 5, 4, 4, 5), "in", "A strong team that has tested with users."
            ),
            DemoSheet(_GARETH, (5, 5, 4, 4, 3, 4), "in", "Cheap, quick and easy to measure."),
            DemoSheet(_NADIA, (4, 4, 4, 5, 4, 4), "in", "The benefit is plain and can be shared."),
        ),
        "funded",
        2_400_000,
        "Every dragon voted in: the problem is proven by call records and the plan is small.",
        "Share the rebuilt steps with the GOV.UK Design System team when they are live.",
    ),
    DemoDecision(
        "Booking a driving test in easy read",
        (
            DemoSheet(_KWAME, (4, 4, 3, 4, 4, 4), "in", "Easy read is overdue for this service."),
            DemoSheet(_SIOBHAN, (3, 4, 4, 3, 4, 3), "in", "Good testing plan with learners."),
            DemoSheet(_GARETH, (4, 3, 3, 4, 3, 4), "in", "Worth trying on one service first."),
            DemoSheet(
                _NADIA,
                (2, 3, 2, 3, 3, 2),
                "out",
                "The benefit is not measured yet: set a baseline.",
            ),
        ),
        "funded",
        1_400_000,
        "Most dragons voted in. We fund the pages and testing, not the illustrations yet.",
        "Measure how many learners book on their own before and after. Report at 8 weeks.",
    ),
    DemoDecision(
        "A chatbot for property searches",
        (
            DemoSheet(_KWAME, (2, 2, 3, 2, 2, 2), "out", "A chatbot will not fix unclear letters."),
            DemoSheet(_SIOBHAN, (2, 3, 2, 2, 3, 2), "out", "No evidence users want a chatbot."),
            DemoSheet(_GARETH, (4, 3, 3, 4, 3, 3), "in", "Out-of-hours help would be valued."),
            DemoSheet(_NADIA, (2, 2, 2, 3, 2, 2), "out", "Costly, and the licence runs on."),
        ),
        "not_funded",
        None,
        "Most dragons voted out: the team has not shown that a chatbot is what owners need.",
    ),
    DemoDecision(
        "Captions for filing webinars",
        (
            DemoSheet(_KWAME, (4, 3, 3, 3, 3, 3), "in", "Captions are a legal duty already."),
            DemoSheet(
                _SIOBHAN, (3, 2, 3, 3, 2, 3), "out", "Ask deaf users first: BSL may matter more."
            ),
            DemoSheet(_GARETH, (4, 3, 3, 3, 4, 3), "in", "Small ask and quick to deliver."),
            DemoSheet(_NADIA, (3, 2, 2, 3, 2, 3), "out", "Research with deaf users is missing."),
        ),
        "refine_and_resubmit",
        None,
        "The vote was tied. The idea is sound but the team should talk to deaf users first.",
        justification=(
            "A tie is not funded under the round's rule, but the panel agreed the idea should "
            "come back once the team has asked deaf users whether captions or BSL come first."
        ),
    ),
]
