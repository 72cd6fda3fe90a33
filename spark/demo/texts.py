"""What the demo rounds and pitches say: plain-English civil-service ideas, as teams would type
them. Data only; ``spark.demo.pitches`` puts them through the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from spark.demo.files import Slide


@dataclass(frozen=True)
class DemoRound:
    name: str
    description: str
    opens_in: timedelta  # from now; negative is in the past
    closes_in: timedelta
    status: str  # where the organiser moves it: draft, open or closed


WEEK = timedelta(weeks=1)

ROUNDS = [
    DemoRound(
        "Spark! autumn 2026",
        "Small ideas that make a service easier to use for disabled people.",
        -20 * WEEK,
        -6 * WEEK,
        "closed",
    ),
    DemoRound(
        "Spark! spring 2027",
        "Ideas that make letters, forms and warnings easier for everyone to read, hear or see. "
        "Up to £50,000 for each idea.",
        -1 * WEEK,
        8 * WEEK,
        "open",
    ),
    DemoRound(
        "Spark! summer 2027",
        "Ideas that help people use government services on a phone.",
        24 * WEEK,
        32 * WEEK,
        "draft",
    ),
]
OPEN_ROUND = "Spark! spring 2027"


@dataclass(frozen=True)
class DemoPitch:
    """A pitch, who writes it, and how far through the workflow it goes.

    ``status`` is where it ends: draft, submitted, eligible, returned or withdrawn. ``sections``
    are the task-list sections saved (all of them unless said otherwise) and ``completed``
    whether they are marked as completed. ``materials`` names a set of files in
    ``spark.demo.pitches``.
    """

    team: str
    author: str
    status: str
    title: str
    summary: str
    problem: str = ""
    idea: str = ""
    benefits: str = ""
    ask_pence: int | None = None
    ask_details: str = ""
    team_details: str = ""
    sections: tuple[str, ...] = ("about", "problem", "idea", "benefits", "ask", "team")
    completed: bool = True
    materials: str = ""
    reason: str = ""  # why it was returned or withdrawn


BENEFIT_LETTERS = DemoPitch(
    team="Benefits letters in plain English",
    author="aisha.rahman@dwp.gov.uk",
    status="draft",
    title="Plain English benefit letters",
    summary="Rewrite the 20 letters we send most often so people understand them the first time.",
    problem=(
        "Each week we send over 2 million letters about benefits. Many people cannot follow "
        "them. They ring us to ask what a letter means, and some miss a date and lose money. "
        "Calls about letters take up a fifth of our phone time."
    ),
    idea=(
        "We will rewrite our 20 most common letters in plain English. We will test each new "
        "letter with people who get benefits, including people with learning disabilities and "
        "people who use screen readers. Each letter will say what has happened, what the person "
        "needs to do, and by when, in the first few lines."
    ),
    benefits=(
        "People who get benefits will understand their letters and act on them in time. "
        "We expect fewer calls to our phone lines, so people who do need to ring us wait "
        "less time."
    ),
    ask_pence=1_850_000,
    ask_details=(
        "A content designer for 3 months, and paying 30 people to test the letters with us."
    ),
    team_details=(
        "Aisha leads the letters team and has written guidance for 6 years. Ben is a user "
        "researcher who has tested letters with disabled people. We can each give 2 days a week."
    ),
    materials="blocking",
)

JOBCENTRE_REMINDERS = DemoPitch(
    team="Benefits letters in plain English",
    author="ben.carter@dwp.gov.uk",
    status="withdrawn",
    title="Text reminders for jobcentre appointments",
    summary="Send a text message the day before a jobcentre appointment.",
    problem=(
        "People miss appointments at the jobcentre because the only reminder is a letter that "
        "may arrive late. A missed appointment can stop their payments."
    ),
    idea=(
        "Send a short text message the day before each appointment, with the time, the place "
        "and a phone number to change it."
    ),
    benefits="People keep their appointments and their payments. Work coaches lose less time.",
    ask_pence=900_000,
    ask_details="A developer for 6 weeks, and the cost of sending the messages for a year.",
    team_details="Ben and Aisha, with help from the jobcentre in Leeds.",
    reason=(
        "Another team in our department is already building appointment reminders. "
        "We will join them instead."
    ),
)

WEATHER_BSL = DemoPitch(
    team="Weather warnings for everyone",
    author="chloe.evans@metoffice.gov.uk",
    status="eligible",
    title="Weather warnings in British Sign Language",
    summary="Show every red and amber weather warning as a short video in British Sign Language.",
    problem=(
        "About 87,000 Deaf people in the UK use British Sign Language as their first language. "
        "Our weather warnings are in written English only. Some Deaf people find written "
        "English hard. They may not know that a storm or a flood is coming until it is too late."
    ),
    idea=(
        "When we send out a red or amber warning, a Deaf presenter will sign it in a short "
        "video. We will show the video next to the written warning on our website and in our "
        "app, with captions. We will test the videos with Deaf people before we start."
    ),
    benefits=(
        "Deaf people who sign will get the same warning as everyone else, at the same time. "
        "They can plan ahead and keep themselves and their families safe."
    ),
    ask_pence=4_200_000,
    ask_details=(
        "A Deaf presenter on call for 12 months and a small recording studio. A developer for "
        "2 months to add the videos to our website and app."
    ),
    team_details=(
        "Chloe runs the warnings service. Daniel builds our app. A Deaf charity will help us "
        "choose the presenter and test the videos."
    ),
    materials="exemplary",
)

POLLEN = DemoPitch(
    team="Weather warnings for everyone",
    author="daniel.wright@metoffice.gov.uk",
    status="draft",
    title="Pollen forecasts that work with screen readers",
    summary="Make our pollen forecast map readable for people who cannot see it.",
    problem=(
        "Our pollen forecast is a coloured map. People who use screen readers hear nothing "
        "useful, and people with colour blindness cannot tell the levels apart."
    ),
    sections=("about", "problem"),
    completed=False,
)

LICENCE_FORMS = DemoPitch(
    team="Accessible driving licence forms",
    author="ewa.nowak@dvla.gov.uk",
    status="submitted",
    title="Accessible driving licence forms",
    summary="Make our paper driving licence forms work for people who use screen readers.",
    problem=(
        "Some people cannot apply online and must use our paper forms. Blind and partially "
        "sighted people cannot fill them in alone, because our PDF forms do not work with "
        "screen readers or large print."
    ),
    idea=(
        "We will rebuild our 5 most used forms so they work with screen readers and can be "
        "printed in large print. We will offer each form in braille and as an audio guide."
    ),
    benefits=(
        "Blind and partially sighted people can apply for or renew a licence without help. "
        "Fewer forms come back to us wrong, so we send fewer forms back."
    ),
    ask_pence=2_750_000,
    ask_details=(
        "A designer and a developer for 4 months, and printing the braille and large print forms."
    ),
    team_details=(
        "Ewa manages our forms and knows every step of applying for a licence. Farah is an "
        "accessibility specialist who tests our services with disabled people."
    ),
)

RENEWAL_GUIDE = DemoPitch(
    team="Accessible driving licence forms",
    author="farah.ali@dvla.gov.uk",
    status="returned",
    title="Easy read guide to renewing your licence at 70",
    summary="An easy read guide, with pictures, for drivers who must renew their licence at 70.",
    problem=(
        "Every driver must renew their licence at 70. Many older drivers find our guidance "
        "hard to follow and ask family or a GP to help them."
    ),
    idea="Write an easy read guide with a picture for each step, on paper and online.",
    benefits="Older drivers renew their licence without help and on time.",
    ask_pence=1_200_000,
    ask_details="An easy read writer and an illustrator for 2 months, and printing.",
    team_details="Farah and Ewa, with a group of older drivers who will test the guide.",
    reason=(
        "Your pitch does not say how you will test the guide with older drivers, or how many. "
        "Add who you will test it with and how, then submit it again."
    ),
)

PITCHES = [BENEFIT_LETTERS, JOBCENTRE_REMINDERS, WEATHER_BSL, POLLEN, LICENCE_FORMS, RENEWAL_GUIDE]

# The blocking deck: a picture with no alt text on slide 1, and slide 2 has no title.
BLOCKING_SLIDES = [
    Slide("Plain English benefit letters", ("Letters people understand the first time",), ""),
    Slide(None, ("2 million letters a week", "1 in 5 calls is about a letter")),
]
EXEMPLARY_SLIDES = [
    Slide(
        "Weather warnings in British Sign Language",
        ("Every red and amber warning, signed by a Deaf presenter",),
    ),
    Slide(
        "Who needs this",
        ("87,000 Deaf people use British Sign Language as their first language",),
        "Bar chart of red and amber warnings: 30 in 2024, 50 in 2025 and 70 in 2026",
    ),
    Slide("What we need", ("£42,000 for a presenter, a studio and a developer",)),
]
AUDIO_TRANSCRIPT = (
    "Chloe Evans: Hello, I'm Chloe from the Met Office. When a storm is coming, we issue a "
    "weather warning. Today those warnings are in written English only. Our idea is to add a "
    "short video in British Sign Language to every red and amber warning, so Deaf people get "
    "the warning at the same time as everyone else."
)
CAPTIONS = [
    ("00:00:00.000", "00:00:03.000", "A red warning for wind covers the south west."),
    ("00:00:03.000", "00:00:06.000", "Stay indoors if you can, from 6pm on Friday."),
]
