"""The school calendar of a plan: periods that the planning skips or warns about, kept in the web
app with their history, and imported from a calendar file as Outlook writes it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from mijlpaal.plans.closures import closure_save
from mijlpaal.plans.ics import MAX_EVENTS, read_calendar_file
from mijlpaal.plans.models import Activity, ChangeRecord, Closure, Plan
from mijlpaal.plans.scheduling import compute_schedule, plan_calendar
from tests.helpers import Actors, SamplePlan, build_plan, client_for, english_client

# --- a calendar file as Outlook 16 exports it -----------------------------------------------------

OUTLOOK_LINES = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
    "VERSION:2.0",
    "METHOD:PUBLISH",
    "X-CALSTART:20270210T000000",
    "X-WR-CALNAME:Jaarplanning 2026-2027",
    "BEGIN:VTIMEZONE",
    "TZID:W. Europe Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16011028T030000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010325T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
    "BEGIN:VEVENT",
    "CLASS:PUBLIC",
    "CREATED:20260912T081500Z",
    "DESCRIPTION:Toetsweek 3 voor alle leerjaren van havo en vwo. De lessen vervallen\\, de",
    "  roosters staan in Magister.\\n",
    "DTEND;VALUE=DATE:20270306",
    "DTSTAMP:20261120T101010Z",
    "DTSTART;VALUE=DATE:20270301",
    "PRIORITY:5",
    "SEQUENCE:0",
    "SUMMARY;LANGUAGE=nl:Toetsweek 3 havo/vwo (alle leerjaren\\, ook de examenklassen",
    "  met een PTA-toets)",
    "TRANSP:TRANSPARENT",
    "UID:040000008200E00074C5B7101A82E00800000000D0B1A2C3E4F5D601000000000000000010",
    " 000000F1E2D3C4B5A697887766554433221100",
    "X-MICROSOFT-CDO-BUSYSTATUS:FREE",
    "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTEND;VALUE=DATE:20270211",
    "DTSTAMP:20261120T101010Z",
    "DTSTART;VALUE=DATE:20270210",
    "SUMMARY;LANGUAGE=nl:Studiedag team techniek",
    "UID:040000008200E00074C5B7101A82E00800000000D0B1A2C3E4F5D6010000000000000000AA",
    "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTEND;TZID=W. Europe Standard Time:20270415T160000",
    "DTSTAMP:20261120T101010Z",
    "DTSTART;TZID=W. Europe Standard Time:20270415T083000",
    "SUMMARY;LANGUAGE=nl:Projectdag bovenbouw",
    "UID:040000008200E00074C5B7101A82E00800000000D0B1A2C3E4F5D6010000000000000000BB",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTEND;TZID=W. Europe Standard Time:20270112T163000",
    "DTSTAMP:20261120T101010Z",
    "DTSTART;TZID=W. Europe Standard Time:20270112T150000",
    "RRULE:FREQ=WEEKLY;BYDAY=TU",
    "SUMMARY;LANGUAGE=nl:Sectieoverleg",
    "UID:040000008200E00074C5B7101A82E00800000000D0B1A2C3E4F5D6010000000000000000CC",
    "END:VEVENT",
    "END:VCALENDAR",
]
OUTLOOK = ("\r\n".join(OUTLOOK_LINES) + "\r\n").encode()


def upload(data: bytes, name: str = "jaarplanning.ics") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/calendar")


def import_url(plan: Plan) -> str:
    return reverse("plans:closure_import", args=[plan.pk])


def preview(client: Client, plan: Plan, data: bytes = OUTLOOK) -> tuple[str, dict[str, str]]:
    """Upload a calendar file; the preview page and the form fields it would post back."""
    response = client.post(import_url(plan), {"file": upload(data)})
    assert response.status_code == 200
    page = response.content.decode()
    fields = dict(re.findall(r'name="(payload|csrfmiddlewaretoken)" value="([^"]*)"', page))
    for name, value in re.findall(
        r'<select name="((?:kind|policy)-\d+)"[^>]*>.*?<option value="([^"]*)"[^>]*selected',
        page,
        re.S,
    ):
        fields[name] = value
    return page, fields


def test_the_outlook_file_is_previewed_then_imported_with_literal_dates(
    sample: SamplePlan, actors: Actors
) -> None:
    plan, client = sample.plan, client_for(actors.editor)
    page, fields = preview(client, plan)
    assert "Toetsweek 3 havo/vwo (alle leerjaren, ook de examenklassen met een PTA-toets)" in page
    assert "1 mrt 2027 – 5 mrt 2027" in page
    assert "Sectieoverleg" in page and "herhaald evenement" in page
    assert Closure.objects.count() == 0  # a preview changes nothing
    assert fields["kind-0"] == "studiedag" and fields["kind-1"] == "toetsweek"
    assert fields["kind-2"] == "projectweek" and fields["policy-2"] == "no_work"
    fields["policy-2"] = "warn"
    response = client.post(import_url(plan), fields, follow=True)
    assert "3 perioden zijn aan de schoolkalender toegevoegd." in response.content.decode()
    closures = [
        (c.name, c.kind, c.start_date, c.end_date, c.policy)
        for c in Closure.objects.filter(plan=plan)
    ]
    assert closures == [
        ("Studiedag team techniek", "studiedag", dt.date(2027, 2, 10), dt.date(2027, 2, 10),
         "no_work"),
        ("Toetsweek 3 havo/vwo (alle leerjaren, ook de examenklassen met een PTA-toets)",
         "toetsweek", dt.date(2027, 3, 1), dt.date(2027, 3, 5), "no_work"),
        ("Projectdag bovenbouw", "projectweek", dt.date(2027, 4, 15), dt.date(2027, 4, 15),
         "warn"),
    ]  # fmt: skip
    created = ChangeRecord.objects.filter(plan=plan, object_type="closure", action="create")
    assert created.count() == 3
    # The same preview posted again (a double click, the back button) imports nothing more.
    again = client.post(import_url(plan), fields, follow=True)
    assert "nothing has been added" not in again.content.decode()
    assert "er is niets toegevoegd" in again.content.decode()
    assert Closure.objects.filter(plan=plan).count() == 3


def test_rows_left_out_of_the_preview_are_not_imported(sample: SamplePlan, actors: Actors) -> None:
    plan, client = sample.plan, client_for(actors.editor)
    _page, fields = preview(client, plan)
    fields["policy-0"] = "skip"
    fields["policy-2"] = "skip"
    fields["kind-1"] = "examen"
    client.post(import_url(plan), fields)
    assert list(Closure.objects.values_list("name", "kind")) == [
        ("Toetsweek 3 havo/vwo (alle leerjaren, ook de examenklassen met een PTA-toets)", "examen")
    ]


def test_a_tampered_preview_imports_nothing(sample: SamplePlan, actors: Actors) -> None:
    plan, client = sample.plan, client_for(actors.editor)
    _page, fields = preview(client, plan)
    fields["payload"] = fields["payload"][:-3] + "abc"
    page = client.post(import_url(plan), fields, follow=True).content.decode()
    assert "Deze voorvertoning is verlopen of niet geldig" in page
    assert Closure.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is no calendar", "geen kalenderbestand dat gelezen kan worden"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2027", "geen kalenderbestand"),
        (b"\xff\xfe\x00garbage", "geen kalenderbestand"),
        (
            b"BEGIN:VCALENDAR\r\n"
            + b"BEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART;VALUE=DATE:20270301\r\nEND:VEVENT\r\n"
            * (MAX_EVENTS + 1)
            + b"END:VCALENDAR\r\n",
            f"meer dan {MAX_EVENTS} evenementen",
        ),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * (1024 * 1024) + b"\r\nEND:VCALENDAR", "groter dan 1 MB"),
        (
            b"BEGIN:VCALENDAR\r\n" + b"X-A;P=1:x\r\n" * 60_000 + b"END:VCALENDAR\r\n",
            "meer dan 10.000 regels",
        ),
        (
            b"BEGIN:VCALENDAR\r\nX-A" + b";P=1" * 200_000 + b":x\r\nEND:VCALENDAR\r\n",
            "meer dan 20.000 parameters",
        ),
        (b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VTODO\r\n" * 9_000, "geen kalenderbestand"),
        (b"BEGIN:VTODO\r\nEND:VTODO\r\n", "geen kalender (BEGIN:VCALENDAR)"),
    ],
    ids=[
        "text",
        "cut-off",
        "binary",
        "too-many-events",
        "too-large",
        "too-many-lines",
        "too-many-parameters",
        "nested",
        "no-calendar",
    ],
)
def test_a_hostile_or_broken_file_gives_a_dutch_message_and_changes_nothing(
    sample: SamplePlan, actors: Actors, data: bytes, message: str
) -> None:
    before = ChangeRecord.objects.count()
    response = client_for(actors.editor).post(import_url(sample.plan), {"file": upload(data)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Closure.objects.count() == 0
    assert ChangeRecord.objects.count() == before


def test_timed_events_cover_their_local_days(sample: SamplePlan) -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:Examentraining\r\n"
        b"DTSTART:20270515T230000Z\r\nDTEND:20270517T220000Z\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:Open dag\r\nDTSTART:20270123T090000\r\n"
        b"DURATION:PT4H\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:Afgelast\r\nSTATUS:CANCELLED\r\n"
        b"DTSTART;VALUE=DATE:20270301\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:Oud\r\nDTSTART;VALUE=DATE:20200301\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    found = read_calendar_file(data, sample.plan)
    # 23:00 UTC on 15 May is 01:00 on 16 May in Amsterdam; ending at local midnight of the 18th.
    assert [(p.name, p.kind, p.start, p.end) for p in found.proposals] == [
        ("Open dag", "other", dt.date(2027, 1, 23), dt.date(2027, 1, 23)),
        ("Examentraining", "examen", dt.date(2027, 5, 16), dt.date(2027, 5, 17)),
    ]
    assert [(s.name, s.reason) for s in found.skipped] == [
        ("Afgelast", "afgelast"),
        ("Oud", "meer dan een jaar buiten het plan"),
    ]


# --- the pages ------------------------------------------------------------------------------------


def closure_data(**changes: str) -> dict[str, str]:
    data = {
        "name": "Toetsweek 2",
        "kind": "toetsweek",
        "start_date": "2026-01-19",
        "end_date": "2026-01-23",
        "policy": "no_work",
        "note": "",
    }
    return data | changes


def test_an_editor_adds_changes_and_deletes_a_period_with_history(
    sample: SamplePlan, actors: Actors
) -> None:
    plan, client = sample.plan, client_for(actors.editor)
    response = client.post(reverse("plans:closure_new", args=[plan.pk]), closure_data())
    assert response.status_code == 302
    closure = Closure.objects.get(plan=plan)
    assert (closure.start_date, closure.end_date) == (dt.date(2026, 1, 19), dt.date(2026, 1, 23))
    page = client.get(reverse("plans:closures", args=[plan.pk])).content.decode()
    assert "Toetsweek 2" in page and "19 jan 2026 – 23 jan 2026" in page and "geen werk" in page
    edit = reverse("plans:closure_edit", args=[plan.pk, closure.pk])
    form = client.get(edit).content.decode()
    version = re.search(r'name="version" value="([0-9a-f]+)"', form)
    assert version is not None
    client.post(edit, closure_data(end_date="2026-01-26", version=version.group(1)))
    closure.refresh_from_db()
    assert closure.end_date == dt.date(2026, 1, 26)
    client.post(reverse("plans:closure_delete", args=[plan.pk, closure.pk]))
    assert not Closure.objects.filter(plan=plan).exists()
    records = ChangeRecord.objects.filter(plan=plan, object_type="closure").order_by("id")
    assert [r.action for r in records] == ["create", "update", "delete"]
    assert records[1].changes == {"end_date": ["2026-01-23", "2026-01-26"]}
    history = client.get(reverse("plans:history", args=[plan.pk])).content.decode()
    assert "periode in de schoolkalender" in history


def test_the_edit_form_refuses_a_lost_update(sample: SamplePlan, actors: Actors) -> None:
    plan = sample.plan
    closure = closure_save(
        plan=plan,
        user=actors.owner,
        closure=Closure(
            name="Studiedag", kind="studiedag", start_date=dt.date(2026, 3, 4),
            end_date=dt.date(2026, 3, 4),
        ),
    )  # fmt: skip
    edit = reverse("plans:closure_edit", args=[plan.pk, closure.pk])
    form = client_for(actors.editor).get(edit).content.decode()
    version = re.search(r'name="version" value="([0-9a-f]+)"', form)
    assert version is not None
    client_for(actors.owner).post(
        edit, closure_data(name="Studiedag (hele school)", kind="studiedag",
                           start_date="2026-03-04", end_date="2026-03-04"),
    )  # fmt: skip
    response = client_for(actors.editor).post(
        edit, closure_data(name="Studiedag sectie", kind="studiedag", start_date="2026-03-04",
                           end_date="2026-03-04", version=version.group(1)),
    )  # fmt: skip
    assert response.status_code == 200
    assert "Iemand anders heeft dit onderdeel opgeslagen" in response.content.decode()
    closure.refresh_from_db()
    assert closure.name == "Studiedag (hele school)"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_date": "2026-01-18"}, "De laatste dag mag niet voor de eerste dag liggen."),
        (
            {"start_date": "2031-01-05", "end_date": "2031-01-09"},
            "meer dan een jaar buiten het plan",
        ),
        ({"end_date": "2027-03-01"}, "duurt hoogstens een jaar"),
        ({"name": ""}, "Dit veld is verplicht."),
    ],
)
def test_the_form_refuses_periods_that_make_no_sense(
    sample: SamplePlan, actors: Actors, changes: dict[str, str], message: str
) -> None:
    response = client_for(actors.editor).post(
        reverse("plans:closure_new", args=[sample.plan.pk]), closure_data(**changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Closure.objects.exists()


def test_readers_see_the_list_without_edit_links(sample: SamplePlan, actors: Actors) -> None:
    plan = sample.plan
    closure_save(plan=plan, user=actors.owner, closure=Closure(**_toetsweek()))
    for reader in (actors.viewer, actors.contributor):
        page = client_for(reader).get(reverse("plans:closures", args=[plan.pk])).content.decode()
        assert "Toetsweek 2" in page
        assert "/calendar/new/" not in page and "Bewerken" not in page
        assert client_for(reader).post(reverse("plans:closure_new", args=[plan.pk]),
                                       closure_data()).status_code == 403  # fmt: skip
    english = english_client(actors.viewer).get(reverse("plans:closures", args=[plan.pk]))
    assert "School calendar" in english.content.decode()


def _toetsweek(**changes: object) -> dict[str, object]:
    return {
        "name": "Toetsweek 2", "kind": "toetsweek", "start_date": dt.date(2026, 1, 19),
        "end_date": dt.date(2026, 1, 23), "policy": "no_work",
    } | changes  # fmt: skip


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_makes_the_same_queries_for_3_or_30_periods(
    sample: SamplePlan,
    actors: Actors,
    count: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    plan = sample.plan
    Closure.objects.bulk_create(
        Closure(plan=plan, key=f"c{i}", **_toetsweek(name=f"Periode {i}")) for i in range(count)
    )
    client = client_for(actors.viewer)
    url = reverse("plans:closures", args=[plan.pk])
    client.get(url)
    # The session, the user, the membership with its plan, the periods.
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.content.decode().count('id="closure-') == count


# --- the planning ---------------------------------------------------------------------------------


def test_no_work_days_are_skipped_and_warn_periods_warn(sample: SamplePlan, actors: Actors) -> None:
    plan, activity = sample.plan, sample.activity
    plan.scheduling = "asap"
    plan.save()
    Activity.objects.filter(pk=activity.pk).update(milestone=None, duration="5d")
    before = compute_schedule(Plan.objects.get(pk=plan.pk)).activities[activity.pk]
    # Nothing starts before today, Tuesday 1 December 2026.
    assert (before.start, before.finish) == (dt.date(2026, 12, 1), dt.date(2026, 12, 7))
    closure_save(
        plan=plan, user=actors.owner,
        closure=Closure(name="Studiedagen", kind="studiedag", start_date=dt.date(2026, 12, 1),
                        end_date=dt.date(2026, 12, 2)),
    )  # fmt: skip
    after = compute_schedule(Plan.objects.get(pk=plan.pk)).activities[activity.pk]
    assert (after.start, after.finish) == (dt.date(2026, 12, 3), dt.date(2026, 12, 9))
    closure_save(
        plan=plan, user=actors.owner,
        closure=Closure(name="Projectweek", kind="projectweek", start_date=dt.date(2026, 12, 8),
                        end_date=dt.date(2026, 12, 11), policy="warn"),
    )  # fmt: skip
    schedule = compute_schedule(Plan.objects.get(pk=plan.pk))
    assert schedule.activities[activity.pk].finish == dt.date(2026, 12, 9)
    warnings = [w.message for w in schedule.warnings if "Projectweek" in w.message]
    assert warnings, [w.message for w in schedule.warnings]
    page = client_for(actors.viewer).get(reverse("plans:overview", args=[plan.pk]))
    assert "Projectweek" in page.content.decode()


def test_the_calendar_of_the_gantt_chart_knows_the_periods(
    sample: SamplePlan, actors: Actors
) -> None:
    closure_save(plan=sample.plan, user=actors.owner, closure=Closure(**_toetsweek()))
    calendar = plan_calendar(Plan.objects.get(pk=sample.plan.pk))
    assert [c.name for c in calendar.spec.closures] == ["Toetsweek 2"]
    assert not calendar.is_working_day(dt.date(2026, 1, 21))
    assert calendar.non_working_reason(dt.date(2026, 1, 21)) == "Toetsweek 2"


def test_a_period_of_another_plan_is_not_reachable_through_my_plan(
    sample: SamplePlan, actors: Actors
) -> None:
    theirs = closure_save(plan=sample.plan, user=actors.owner, closure=Closure(**_toetsweek()))
    mine = build_plan(actors.outsider, "Mijn eigen plan")
    client = client_for(actors.outsider)
    for name in ("plans:closure_edit", "plans:closure_delete"):
        url = reverse(name, args=[mine.pk, theirs.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, closure_data(name="overschreven")).status_code == 404
    assert Closure.objects.get(pk=theirs.pk).name == "Toetsweek 2"
