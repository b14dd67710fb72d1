"""Mijlpaal → MSPDI → Mijlpaal: the same plan, and the same dates."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

import pytest

from mijlpaal.msproject.exporter import plan_as_mspdi
from mijlpaal.msproject.importer import plan_version, read_preview, read_upload, sign_preview
from mijlpaal.msproject.views import _replace
from mijlpaal.plans.models import ChangeRecord, Plan
from tests.helpers import Actors, SamplePlan, build_plan
from tests.msproject.helpers import dates, enrich, shape

NS = {"p": "http://schemas.microsoft.com/project"}
D = dt.date
DATES = {
    "Inventarisatie XR-toepassingen": (D(2026, 12, 1), D(2027, 1, 11)),
    "XR-lesmateriaal ontwikkeld": (D(2026, 12, 1), D(2027, 3, 16)),  # after toetsweek, studiedag
    "XR in alle techniekprofielen": (D(2026, 12, 1), D(2026, 12, 1)),
    "Bedrijfsbezoeken plannen": (D(2026, 12, 3), D(2026, 12, 16)),
    "LOB-programma vastgesteld": (D(2027, 3, 24), D(2027, 4, 15)),
    "Stage oriëntatie": (D(2028, 12, 12), D(2028, 12, 29)),
    "Evaluatie met de stuurgroep": (D(2028, 12, 14), D(2028, 12, 29)),
}


@pytest.fixture
def plan(sample: SamplePlan, actors: Actors) -> Plan:
    return enrich(sample, actors.owner)


def import_into(target: Plan, data: bytes, actors: Actors) -> None:
    """Preview, sign, read back and confirm, as the pages do."""
    reading = read_upload(data, "plan.xml", target)
    version, content = read_preview(target, sign_preview(target, reading.content))
    _replace(plan=target, user=actors.owner, version=version, content=content)


def test_the_file_has_the_plans_tasks_links_calendar_and_dates(plan: Plan) -> None:
    root = ElementTree.fromstring(plan_as_mspdi(plan))
    assert root.findtext("p:Title", namespaces=NS) == "Regioplan Techniek 2025–2028"
    assert root.findtext("p:ScheduleFromStart", namespaces=NS) == "0"  # backwards
    tasks = {t.findtext("p:Name", namespaces=NS): t for t in root.iterfind(".//p:Task", NS)}
    summary = tasks["Loopbaanoriëntatie"]
    assert (
        summary.findtext("p:Summary", namespaces=NS),
        summary.findtext("p:OutlineLevel", namespaces=NS),
    ) == ("1", "1")
    lob = tasks["LOB-programma vastgesteld"]
    assert lob.findtext("p:Milestone", namespaces=NS) == "1"
    assert lob.findtext("p:Duration", namespaces=NS) == "PT120H0M0S"  # its lead time, 15 days
    assert lob.findtext("p:Deadline", namespaces=NS) == "2026-03-27T17:00:00"
    assert lob.findtext("p:Start", namespaces=NS) == "2027-03-24T08:00:00"
    assert lob.findtext("p:Finish", namespaces=NS) == "2027-04-15T17:00:00"
    links = [
        (link.findtext("p:Type", namespaces=NS), link.findtext("p:LinkLag", namespaces=NS))
        for link in lob.iterfind("p:PredecessorLink", NS)
    ]
    assert sorted(links) == [("1", "0"), ("1", "24000")]  # FS from its activity; FS 5 days
    exceptions = [
        (
            e.findtext("p:Name", namespaces=NS),
            e.findtext("p:TimePeriod/p:FromDate", namespaces=NS),
            e.findtext("p:TimePeriod/p:ToDate", namespaces=NS),
        )
        for e in root.iterfind(".//p:Calendar/p:Exceptions/p:Exception", NS)
    ]
    assert ("Toetsweek 2", "2027-03-01T00:00:00", "2027-03-05T23:59:59") in exceptions
    assert ("Studiedag", "2027-01-20T00:00:00", "2027-01-20T23:59:59") in exceptions
    # The school holidays of region midden and the public holidays, each by its name.
    assert ("kerstvakantie", "2026-12-21T00:00:00", "2026-12-24T23:59:59") in exceptions
    assert ("Eerste kerstdag", "2026-12-25T00:00:00", "2026-12-25T23:59:59") in exceptions


def test_a_plan_written_as_mspdi_and_read_into_an_empty_plan_is_the_same_plan(
    plan: Plan, actors: Actors
) -> None:
    assert dates(plan) == DATES
    copy = build_plan(actors.owner, title="Kopie")
    import_into(copy, plan_as_mspdi(plan), actors)
    assert shape(copy) == shape(plan)
    assert dates(copy) == DATES


def test_reading_its_own_file_back_changes_nothing(plan: Plan, actors: Actors) -> None:
    before = shape(plan), plan_version(plan)
    import_into(plan, plan_as_mspdi(plan), actors)
    assert (shape(plan), plan_version(plan)) == before
    assert ChangeRecord.objects.filter(plan=plan).count() > 0
