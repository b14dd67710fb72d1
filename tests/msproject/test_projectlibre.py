"""An MSPDI file as ProjectLibre writes it, read into a plan: what is taken, and what is not."""

from __future__ import annotations

import datetime as dt

import pytest

from mijlpaal.msproject.importer import read_upload
from mijlpaal.plans.models import Plan
from tests.helpers import Actors, build_plan
from tests.msproject.helpers import dates, shape
from tests.msproject.projectlibre import PROJECTLIBRE_XML
from tests.msproject.test_roundtrip import import_into

D = dt.date


@pytest.fixture
def plan(actors: Actors) -> Plan:
    return build_plan(actors.owner, title="Techniekpact Noord")


def test_the_preview_says_per_task_what_it_becomes_and_what_is_not_taken(plan: Plan) -> None:
    reading = read_upload(PROJECTLIBRE_XML.encode(), "techniekpact.xml", plan)
    rows = [(r.number, r.name, r.becomes, r.detail, r.notes) for r in reading.rows]
    assert rows == [
        ("1", "Voorbereiding", "deelproject", "", ()),
        ("2", "Enquête uitzetten", "activiteit", "5 werkdagen", ()),
        ("3", "Enquête afgerond", "mijlpaal", "deadline vr 5 maart 2027", ()),
        ("4", "Uitvoering", "deelproject", "", ()),
        (
            "5",
            "Workshops geven",
            "activiteit",
            "10 werkdagen",
            ("de resources worden niet overgenomen: partijen voegt u toe in Mijlpaal",),
        ),
        (
            "6",
            "Evaluatie klaar",
            "mijlpaal",
            "deadline wo 30 juni 2027",  # its constraint "finish no later than"
            (
                "de SF-koppeling met “Enquête uitzetten” wordt niet overgenomen: Mijlpaal kent "
                "geen begin-eind",
            ),
        ),
        (
            "7",
            "Regio Oost",
            "niet overgenomen",
            "",
            (
                "een samenvattingstaak binnen een samenvattingstaak: Mijlpaal kent één niveau "
                "deelprojecten, dus de taken eronder komen in het deelproject erboven",
            ),
        ),
        ("8", "Gastlessen", "activiteit", "5 werkdagen", ()),
    ]
    assert reading.notes == [
        "1 resource (Jan de Vries) wordt niet overgenomen; voeg de partijen toe in Mijlpaal.",
        "Het bestand is in een andere richting gepland dan dit plan; het plan houdt zijn eigen "
        "richting (zie de instellingen).",
    ]


def test_the_import_makes_the_plan_and_its_dates(plan: Plan, actors: Actors) -> None:
    import_into(plan, PROJECTLIBRE_XML.encode(), actors)
    assert shape(plan) == {
        "workstreams": ["Voorbereiding", "Uitvoering"],
        "milestones": [
            ("Voorbereiding", 1, "Enquête afgerond", D(2027, 3, 5), "", False, None),
            ("Uitvoering", 1, "Evaluatie klaar", D(2027, 6, 30), "", False, None),
        ],
        "activities": [
            ("Uitvoering", "Gastlessen", "5d", False, ""),
            ("Uitvoering", "Workshops geven", "10d", False, ""),
            ("Voorbereiding", "Enquête uitzetten", "5d", False, "Enquête afgerond"),
        ],
        # The FS link without lag says what the activity leads to; the one with 3 days' lag
        # (14,400 tenths of a minute) is a dependency; the SF link is left out.
        "dependencies": [("Enquête afgerond", "Workshops geven", "FS", "3d")],
        # The calendar's exception, which ProjectLibre writes without a name.
        "closures": [("Vrije dag", "other", D(2027, 2, 10), D(2027, 2, 10), "no_work")],
    }
    # Planned backwards from the end result, as this plan is: the survey ends on its deadline.
    assert dates(plan) == {
        "Enquête uitzetten": (D(2027, 3, 1), D(2027, 3, 5)),
        "Enquête afgerond": (D(2027, 3, 5), D(2027, 3, 5)),
        "Evaluatie klaar": (D(2027, 6, 30), D(2027, 6, 30)),
        "Workshops geven": (D(2028, 12, 14), D(2028, 12, 29)),
        "Gastlessen": (D(2028, 12, 21), D(2028, 12, 29)),
    }
