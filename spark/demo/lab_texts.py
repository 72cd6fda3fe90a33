"""What happened to each funded idea in the lab, for the demo: its stage gates, milestones,
benefits measured, money released and spent, partners and stories. Times are weeks after the
panel's decision. Data only; ``spark.demo.lab`` puts it through the services.

The five ideas from "Spark! winter 2025" reach every stage: one scaled across government, one
live, one in beta, one in alpha and one stopped with its lessons learnt. The two funded last
week in "Spark! spring 2027" are in discovery.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Move:
    week: int
    to: str  # a stage key, or "pause" / "resume" / "stop"
    evidence: str = ""
    assessment: str = "met"  # "not_met" records the gate assessment and stays
    reason: str = ""


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    due_week: int
    done_week: int | None = None


@dataclass(frozen=True)
class DemoMetric:
    name: str
    unit: str
    better: str
    baseline: str
    target: str
    readings: tuple[tuple[int, str, str], ...]  # (week, value, source)
    unit_label: str = ""


@dataclass(frozen=True)
class DemoStory:
    week: int
    title: str
    body: str
    published: bool = True


@dataclass(frozen=True)
class LabPlan:
    title: str  # the pitch's title
    by: str  # the team member who keeps it up to date
    moves: tuple[Move, ...] = ()
    milestones: tuple[DemoMilestone, ...] = ()
    metrics: tuple[DemoMetric, ...] = ()
    tranches: tuple[tuple[int, int, str], ...] = ()  # (week, pence, note)
    spend: tuple[tuple[int, int, str], ...] = ()  # (week, pence, what)
    partners: tuple[tuple[str, str], ...] = ()  # (name, role)
    focus_areas: tuple[str, ...] = ()
    stories: tuple[DemoStory, ...] = field(default=())


FOCUS_AREAS = (
    "Plain English",
    "Deaf and hard of hearing people",
    "Blind and partially sighted people",
    "Learning disability",
    "Emergencies and alerts",
)

_CALLS = "Contact centre call records"

LAB_PLANS = [
    LabPlan(
        "A plain English checker for letters",
        "aisha.rahman@dwp.gov.uk",
        moves=(
            Move(
                5,
                "alpha",
                "Interviews with 14 letter writers and 20 people who get our letters, 6 of "
                "them screen reader users. Writers want a check inside the tool they use.",
            ),
            Move(
                14,
                "beta",
                "Three prototypes tested with 18 writers; the inline checker won. An "
                "accessibility review found no blocking issues. Reading age baseline: 15.",
            ),
            Move(
                26,
                "live",
                "Used on 40,000 letters in private beta. Reading age down from 15 to 10. "
                "Accessibility audit passed; statement published.",
            ),
            Move(
                40,
                "scaled",
                "Now used by 9 departments, with a shared support model and funding agreed.",
            ),
        ),
        milestones=(
            DemoMilestone("Interview letter writers and readers", 3, 3),
            DemoMilestone("Test three prototypes", 12, 11),
            DemoMilestone("Private beta with two teams", 20, 22),
            DemoMilestone("Publish the accessibility statement", 25, 24),
            DemoMilestone("Offer the checker to other departments", 34, 33),
            DemoMilestone("Hand over support to the shared service team", 50),
        ),
        metrics=(
            DemoMetric(
                "Calls asking what a letter means, each month",
                "people",
                "lower",
                "5200",
                "3000",
                (
                    (2, "5200", _CALLS),
                    (14, "4800", _CALLS),
                    (22, "4100", _CALLS),
                    (30, "3400", _CALLS),
                    (40, "2900", _CALLS),
                ),
            ),
            DemoMetric(
                "Money saved on calls, each year",
                "gbp",
                "higher",
                "0",
                "150000",
                (
                    (22, "48000", "Finance team's cost per call"),
                    (30, "96000", "Finance team's cost per call"),
                    (40, "165000", "Finance team's cost per call"),
                ),
            ),
        ),
        tranches=(
            (0, 800_000, "Discovery: a researcher and a content designer"),
            (5, 1_000_000, "Alpha: prototypes"),
            (14, 1_200_000, "Beta: build and private beta"),
        ),
        spend=(
            (4, 750_000, "User researcher, 6 weeks"),
            (12, 980_000, "Prototypes and testing"),
            (24, 1_150_000, "Developers for the beta"),
        ),
        partners=(("Plain English Campaign", "Reviewed the checker's advice"),),
        focus_areas=("Plain English",),
        stories=(
            DemoStory(
                41,
                "What we learnt scaling a letter checker to nine departments",
                "We built a checker that tells letter writers the reading age of their draft "
                "and suggests plainer words.\n\n"
                "## What worked\n\n"
                "- Putting the check **inside** the tool writers already use.\n"
                "- Showing one suggestion at a time, not a score.\n"
                "- Measuring calls before we started, so we could show the change.\n\n"
                "## What we would do differently\n\n"
                "Talk to other departments in alpha, not in live: three of them needed "
                "changes we could have made early.\n\n"
                "Read the [GOV.UK guidance on writing for the web]"
                "(https://www.gov.uk/guidance/content-design/writing-for-gov-uk).",
            ),
        ),
    ),
    LabPlan(
        "Flood warnings in plain words by text message",
        "liam.oconnor@environment-agency.gov.uk",
        moves=(
            Move(
                6,
                "alpha",
                "Research with 30 people in flood areas, 8 of them disabled: codes like "
                "'FW' mean nothing to them; they want to know what to do now.",
            ),
            Move(
                18,
                "beta",
                "New wording tested with 40 people: 37 could say what to do, up from 12.",
            ),
            Move(
                34,
                "live",
                "Sent in 3 regions through the winter; calls during floods fell by a third.",
            ),
        ),
        milestones=(
            DemoMilestone("Rewrite the 12 warning types", 12, 12),
            DemoMilestone("Winter trial in 3 regions", 30, 31),
            DemoMilestone("Send the new warnings in every region", 48),
        ),
        metrics=(
            DemoMetric(
                "People who can say what to do after reading a warning",
                "percent",
                "higher",
                "30",
                "85",
                (
                    (4, "30", "Usability testing"),
                    (16, "78", "Usability testing"),
                    (32, "88", "Survey of people warned"),
                ),
            ),
        ),
        tranches=((0, 1_200_000, "Discovery and alpha"), (18, 1_500_000, "Beta")),
        spend=((10, 1_100_000, "Research and content design"), (30, 1_300_000, "Beta trial")),
        partners=(("National Flood Forum", "Recruited people for research"),),
        focus_areas=("Emergencies and alerts", "Plain English"),
        stories=(
            DemoStory(
                36,
                "Flood warnings people act on",
                "We stopped writing warnings for ourselves.\n\n"
                "1. We asked people who had been flooded what they needed to know first.\n"
                "2. We put the action first: *move your car to higher ground now*.\n"
                "3. We tested every warning before we sent it.\n\n"
                "> The old text said FW. I didn't know it was about me.\n",
            ),
        ),
    ),
    LabPlan(
        "Easy read guides to filling in the census",
        "sofia.rossi@ons.gov.uk",
        moves=(
            Move(
                8,
                "alpha",
                "Three workshops with self-advocacy groups.",
                "not_met",
                "",
            ),
            Move(
                11,
                "alpha",
                "Workshops with 3 self-advocacy groups (24 people) and a plan to test guides "
                "for the 10 hardest questions; the gate's earlier gap (no testing plan) closed.",
            ),
            Move(
                24,
                "beta",
                "Guides for all questions tested with 31 people with a learning disability.",
            ),
        ),
        milestones=(
            DemoMilestone("Workshops with self-advocacy groups", 6, 7),
            DemoMilestone("Guides for the 10 hardest questions", 18, 18),
            DemoMilestone("Test the guides with 30 people", 30),
            DemoMilestone("Publish the guides on the census site", 56),
        ),
        metrics=(
            DemoMetric(
                "People who filled in the test form on their own",
                "people",
                "higher",
                "6",
                "25",
                (
                    (9, "6", "Testing sessions"),
                    (20, "14", "Testing sessions"),
                    (28, "21", "Testing sessions"),
                ),
            ),
        ),
        tranches=((0, 900_000, "Discovery and alpha"), (24, 1_000_000, "Beta")),
        spend=((9, 700_000, "Workshops and easy read writers"), (28, 600_000, "Testing")),
        partners=(("Mencap", "Ran the testing sessions"),),
        focus_areas=("Learning disability",),
    ),
    LabPlan(
        "Spoken weather warnings on smart speakers",
        "daniel.wright@metoffice.gov.uk",
        moves=(
            Move(
                16,
                "alpha",
                "Interviews with 15 blind and partially sighted people; 11 use a smart "
                "speaker every day and hear about warnings late.",
            ),
        ),
        milestones=(
            DemoMilestone("Interview blind and partially sighted people", 10, 12),
            DemoMilestone("A prototype skill that reads out a warning", 30),
            DemoMilestone("Test the prototype with 10 people", 55),
        ),
        metrics=(
            DemoMetric(
                "Minutes from a warning to hearing it",
                "other",
                "lower",
                "180",
                "5",
                ((12, "180", "Interviews"),),
                unit_label="minutes",
            ),
        ),
        tranches=((0, 600_000, "Discovery"), (16, 700_000, "Alpha")),
        spend=((12, 550_000, "User research"),),
        partners=(("RNIB", "Advises on testing with blind users"),),
        focus_areas=("Blind and partially sighted people", "Emergencies and alerts"),
    ),
    LabPlan(
        "Video calls in British Sign Language for property questions",
        "rhys.morgan@landregistry.gov.uk",
        moves=(
            Move(
                7,
                "alpha",
                "Deaf owners told us they want to call, not email. Two suppliers can do it.",
            ),
            Move(
                20,
                "stop",
                reason="No supplier could meet our security rules for property records, and "
                "the national relay service now covers our calls. We stopped and gave back "
                "the money we had not spent.",
            ),
        ),
        milestones=(
            DemoMilestone("Talk to deaf owners", 5, 5),
            DemoMilestone("Choose a video relay supplier", 16),
        ),
        tranches=((0, 1_000_000, "Discovery and alpha"),),
        spend=((6, 400_000, "Research with deaf owners"), (16, 250_000, "Supplier trials")),
        partners=(("British Deaf Association", "Helped recruit deaf owners"),),
        focus_areas=("Deaf and hard of hearing people",),
        stories=(
            DemoStory(
                22,
                "Why we stopped our BSL video calls project",
                "Stopping was the right call, and we learnt a lot.\n\n"
                "## What we learnt\n\n"
                "- Check security rules with suppliers **before** alpha, not during it.\n"
                "- Look for a national service first: the relay service now covers our calls.\n"
                "- Deaf owners were generous with their time. Pay people for research.\n\n"
                "We handed back £3,500 and shared our research with the relay service.",
            ),
        ),
    ),
]

# The two funded last week in the open round: in discovery, just started.
DISCOVERY_PLANS = [
    LabPlan(
        "Benefit calculators that work with a screen reader",
        "ben.carter@dwp.gov.uk",
        milestones=(
            DemoMilestone("Test the calculator with 8 screen reader users", 1),
            DemoMilestone("Map where people get stuck", 4),
        ),
        metrics=(
            DemoMetric(
                "Screen reader users who finish the calculator",
                "percent",
                "higher",
                "20",
                "90",
                ((0, "20", "Usability testing"),),
            ),
        ),
        tranches=((0, 800_000, "Discovery"),),
        focus_areas=("Blind and partially sighted people",),
    ),
    LabPlan(
        "Booking a driving test in easy read",
        "ewa.nowak@dvla.gov.uk",
        milestones=(DemoMilestone("Recruit 10 learners for research", 2),),
        focus_areas=("Learning disability", "Plain English"),
    ),
]
