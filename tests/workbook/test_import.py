"""Importing a workbook: the round trip, the preview and confirmation, bad workbooks and
permissions."""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from mijlpaal.demo import STO_TITLE, load_demo
from mijlpaal.plans.models import ChangeRecord, Membership, Milestone, Plan, Role
from mijlpaal.responsibilities.models import Assignment
from mijlpaal.workbook.importer import workbook_import
from mijlpaal.workbook.models import PendingWorkbook
from mijlpaal.workbook.reader import read_workbook
from tests.helpers import Actors, SamplePlan, client_for, text
from tests.workbook.helpers import (
    add_roles,
    cells,
    clear_key,
    export,
    export_bytes,
    reopen,
    to_bytes,
)

# --- the round trip ------------------------------------------------------------------------------


def _demo_with_roles(actors: Actors) -> Plan:
    """The demo plan, which comes with its VERI matrix (250 cells)."""
    load_demo()
    return Plan.objects.get(title=STO_TITLE)


def test_demo_round_trip_gives_the_same_cells(actors: Actors) -> None:
    demo = _demo_with_roles(actors)
    first = export(demo, today=dt.date(2026, 11, 13))
    copy = workbook_import(user=actors.owner, content=read_workbook(to_bytes(first)))
    assert copy.pk != demo.pk
    second = export(copy, today=dt.date(2026, 11, 13))
    assert cells(second) == cells(first)
    assert copy.milestones.count() == demo.milestones.count() == 23
    assert copy.activities.count() == demo.activities.count()
    assert copy.dependencies.count() == demo.dependencies.count()
    assert (
        Assignment.objects.filter(plan=copy).count()
        == Assignment.objects.filter(plan=demo).count()
        == 250
    )
    fields = (
        "workstream__name",
        "number",
        "title",
        "result",
        "deadline",
        "lead_time",
        "effort_hours",
        "is_quick_win",
        "is_decision_point",
        "reached_on",
    )
    assert list(
        copy.milestones.order_by("workstream__order", "order").values_list(*fields)
    ) == list(demo.milestones.order_by("workstream__order", "order").values_list(*fields))
    assert list(copy.workstreams.values_list("name", "description")) == list(
        demo.workstreams.values_list("name", "description")
    )
    party_fields = ("name", "kind", "role_title", "email")
    assert list(copy.parties.values_list(*party_fields)) == list(
        demo.parties.values_list(*party_fields)
    )
    # Importing the same workbook into the copy changes nothing.
    records = ChangeRecord.objects.count()
    workbook_import(user=actors.owner, content=read_workbook(to_bytes(first)), into=copy)
    assert ChangeRecord.objects.count() == records


def test_new_plan_through_the_pages(actors: Actors) -> None:
    demo = _demo_with_roles(actors)
    Membership.objects.create(plan=demo, user=actors.viewer, role=Role.VIEWER)
    client = client_for(actors.viewer)
    first = client.get(reverse("workbook:export", args=[demo.pk])).content
    response = client.post(
        reverse("workbook_new:upload"), {"file": SimpleUploadedFile("demo.xlsx", first)}
    )
    pending = PendingWorkbook.objects.get()
    assert response["Location"] == reverse("workbook_new:preview", args=[pending.pk])
    page = text(client.get(response["Location"]))
    assert "Nieuw plan: Regioplan Sterk Techniekonderwijs Rivierenland 2025–2028" in page
    assert "Mijlpaal 23 0 0" in page
    plans = Plan.objects.count()  # the demo's two plans and the programme office's three
    assert plans == 5, "the preview changes nothing"
    done = client.post(reverse("workbook_new:preview", args=[pending.pk]))
    copy = Plan.objects.exclude(pk=demo.pk).get(title=STO_TITLE)
    assert done["Location"] == reverse("plans:overview", args=[copy.pk])
    assert copy.memberships.get().user == actors.viewer
    assert not PendingWorkbook.objects.exists()
    second = client.get(reverse("workbook:export", args=[copy.pk])).content
    assert cells(reopen(second)) == cells(reopen(first))


# --- into an existing plan -----------------------------------------------------------------------


def test_import_into_a_plan_shows_a_preview_then_changes_it(
    sample: SamplePlan, actors: Actors
) -> None:
    add_roles(sample, actors)
    workbook = reopen(export_bytes(sample.plan))
    ws = workbook["Mijlpalenplan"]
    ws["C6"] = dt.datetime(2026, 1, 16)
    ws["V6"] = "Maaswaal College (V), ROC Rivor (ER)"
    clear_key(workbook, "Mijlpalenplan", 7)  # a new milestone where the second one was
    ws["A7"], ws["B7"], ws["C7"], ws["D7"] = (
        2,
        "Praktijkopdrachten met bedrijven",
        dt.datetime(2026, 9, 1),
        "2m",
    )
    veri = workbook["VERI-matrix"]
    veri["E5"] = "ER"
    veri["C6"] = "Praktijkopdrachten met bedrijven"
    client = client_for(actors.owner)
    response = client.post(
        reverse("workbook:import", args=[sample.plan.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", to_bytes(workbook))},
    )
    pending = PendingWorkbook.objects.get()
    assert (pending.user, pending.plan) == (actors.owner, sample.plan)
    preview_url = reverse("workbook:preview", args=[sample.plan.pk, pending.pk])
    assert response["Location"] == preview_url
    before = ChangeRecord.objects.count()
    page = text(client.get(preview_url))
    assert "Wat Toegevoegd Gewijzigd Verwijderd Mijlpaal 1 1 1 VERI-cel 0 1 0" in page
    assert "Toegevoegd (1) Mijlpaal: Praktijkopdrachten met bedrijven" in page
    assert (
        "Gewijzigd (2) Mijlpaal: XR-lesmateriaal ontwikkeld · Deadline: 19 december 2025 → 16 "
        "januari 2026" in page
    )
    assert "VERI-cel: ROC Rivor: ER (1. XR-lesmateriaal ontwikkeld) · Letters: E → ER" in page
    assert "Verwijderd (1) Mijlpaal: XR in alle techniekprofielen" in page
    assert ChangeRecord.objects.count() == before, "the preview changes nothing"
    assert client.post(preview_url)["Location"] == reverse("plans:overview", args=[sample.plan.pk])
    titles = list(
        Milestone.objects.filter(plan=sample.plan)
        .order_by("order")
        .values_list("title", "deadline")
    )
    assert titles == [
        ("XR-lesmateriaal ontwikkeld", dt.date(2026, 1, 16)),
        ("Praktijkopdrachten met bedrijven", dt.date(2026, 9, 1)),
    ]
    assert (
        Assignment.objects.get(milestone=sample.milestone, party__name="ROC Rivor").letters == "ER"
    )
    removed = ChangeRecord.objects.get(
        plan=sample.plan, action="delete", object_label="XR in alle techniekprofielen"
    )
    assert removed.user == actors.owner
    assert not PendingWorkbook.objects.exists()
    assert client.get(preview_url).status_code == 404, "a pending import is used once"


# --- bad workbooks -------------------------------------------------------------------------------


def _state() -> tuple[int, int, int, int]:
    return (
        Plan.objects.count(),
        Milestone.objects.count(),
        ChangeRecord.objects.count(),
        PendingWorkbook.objects.count(),
    )


def _upload(client: Client, plan: Plan, name: str, data: bytes) -> str:
    response = client.post(
        reverse("workbook:import", args=[plan.pk]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    return text(response)


def _edited(sample: SamplePlan, sheet: str, **values: object) -> bytes:
    workbook = reopen(export_bytes(sample.plan))
    for coordinate, value in values.items():
        workbook[sheet][coordinate] = value
    return to_bytes(workbook)


def test_bad_workbooks_are_refused_with_clear_messages(sample: SamplePlan, actors: Actors) -> None:
    add_roles(sample, actors)
    client = client_for(actors.owner)
    plan = sample.plan
    before = _state()

    other = Workbook()
    other.active["A1"] = "Begroting"
    page = _upload(client, plan, "begroting.xlsx", to_bytes(other))
    assert "De werkmap heeft 4 problemen; er is niets veranderd." in page
    assert (
        "De werkmap heeft geen blad ‘Mijlpalenplan’; dit is niet de indeling van een "
        "Mijlpaal-werkmap (exporteer een plan om die te zien)" in page
    )

    page = _upload(client, plan, "plan.xlsx", _edited(sample, "Mijlpalenplan", B4="Omschrijving"))
    assert (
        "Blad ‘Mijlpalenplan’, rij 4, kolom B: verwacht de kolom ‘Mijlpaal’, gevonden "
        "‘Omschrijving’; dit is niet de indeling van een Mijlpaal-werkmap" in page
    )

    merged = reopen(export_bytes(plan))
    merged["Mijlpalenplan"].merge_cells("B6:C6")
    page = _upload(client, plan, "plan.xlsx", to_bytes(merged))
    assert (
        "Blad ‘Mijlpalenplan’, rij 6, kolom B: samengevoegde cellen (B6:C6) in de gegevens; maak "
        "de samenvoeging ongedaan" in page
    )

    page = _upload(client, plan, "plan.xlsx", _edited(sample, "Mijlpalenplan", C6="1 maart"))
    assert "De werkmap heeft 1 probleem; er is niets veranderd." in page
    assert (
        "Blad ‘Mijlpalenplan’, rij 6, kolom C: de deadline ‘1 maart’ is tekst, geen datum" in page
    )

    page = _upload(client, plan, "plan.xlsx", _edited(sample, "Activiteitenplan", H5="=2*2"))
    assert (
        "Blad ‘Activiteitenplan’, rij 5, kolom H: de cel bevat een formule (=2*2); typ de waarde "
        "zelf" in page
    )

    page = _upload(client, plan, "groot.xlsx", b"PK\x03\x04" + bytes(20 * 1024 * 1024))
    assert "Het bestand is groter dan 10 MB" in page

    page = _upload(
        client, plan, "plan.xlsx", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    )
    assert (
        "Dit is geen Excel-werkmap (.xlsx); sla het bestand in Excel op als ‘Excel-werkmap (.xlsx)’"
        in page
    )
    page = _upload(client, plan, "plan.xlsx", b"Nr;Mijlpaal;Deadline\n1;XR;19-12-2025\n")
    assert (
        "Dit is geen Excel-werkmap (.xlsx); sla het bestand in Excel op als ‘Excel-werkmap (.xlsx)’"
        in page
    )
    page = _upload(client, plan, "plan.csv", b"Nr;Mijlpaal\n")
    assert "Upload een Excel-werkmap (.xlsx)" in page

    page = _upload(
        client,
        plan,
        "plan.xlsx",
        _edited(sample, "Mijlpalenplan", V6="Maaswaal College (V), Gemeente (E)"),
    )
    assert (
        "Blad ‘Mijlpalenplan’, rij 6, kolom V: de partij ‘Gemeente’ is geen kolom van de "
        "VERI-matrix" in page
    )
    page = _upload(client, plan, "plan.xlsx", _edited(sample, "VERI-matrix", D5="VX"))
    assert (
        "Blad ‘VERI-matrix’, rij 5, kolom D: onbekende letter(s) X: gebruik V, E, R, I, S of O"
        in page
    )
    page = _upload(client, plan, "plan.xlsx", _edited(sample, "VERI-matrix", E5="EV"))
    assert (
        "Blad ‘Mijlpalenplan’, rij 6, kolom V: de rollen verschillen van de VERI-matrix; verander "
        "ze op beide plaatsen of op geen van beide" in page
    )
    page = _upload(
        client,
        plan,
        "plan.xlsx",
        _edited(sample, "Activiteitenplan", A5="implementatie", H5="vier weken"),
    )
    assert (
        "Blad ‘Activiteitenplan’, rij 5, kolom A: de fase ‘implementatie’ is geen fase van het "
        "plan (analyse, ontwerp, inrichting, uitvoering, borging)" in page
    )
    assert (
        "Blad ‘Activiteitenplan’, rij 5, kolom H: de duur ‘vier weken’ is geen duur; schrijf "
        "bijvoorbeeld 6 weken, 10 werkdagen of 3 maanden" in page
    )

    assert _state() == before


def test_english_users_get_english_problems(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _upload(client, sample.plan, "plan.xlsx", _edited(sample, "Mijlpalenplan", C6="1 maart"))
    assert "The workbook has 1 problem; nothing has been changed." in page
    assert (
        "Sheet ‘Mijlpalenplan’, row 6, column C: the deadline ‘1 maart’ is text, not a date" in page
    )


def test_a_zip_that_is_not_a_workbook(sample: SamplePlan, actors: Actors) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notities.txt", "geen werkmap")
    page = _upload(client_for(actors.owner), sample.plan, "plan.xlsx", buffer.getvalue())
    assert "Dit is geen Excel-werkmap (.xlsx)" in page


# --- permissions ---------------------------------------------------------------------------------


def test_outsiders_get_404_viewers_export_but_do_not_import(
    sample: SamplePlan, actors: Actors
) -> None:
    plan = sample.plan
    data = export_bytes(plan)
    pending = PendingWorkbook.objects.create(
        user=actors.owner, plan=plan, filename="plan.xlsx", data=data
    )
    urls = [
        reverse("workbook:export", args=[plan.pk]),
        reverse("workbook:import", args=[plan.pk]),
        reverse("workbook:preview", args=[plan.pk, pending.pk]),
    ]
    outsider = client_for(actors.outsider)
    for url in urls:
        assert outsider.get(url).status_code == 404, url
        assert outsider.post(url).status_code == 404, url
    viewer = client_for(actors.viewer)
    assert viewer.get(urls[0]).status_code == 200
    assert viewer.get(urls[1]).status_code == 403
    assert viewer.post(urls[1], {"file": SimpleUploadedFile("plan.xlsx", data)}).status_code == 403
    assert client_for(actors.editor).post(urls[2]).status_code == 403
    anonymous = Client().get(urls[0])
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_only_the_uploader_confirms_a_pending_import(sample: SamplePlan, actors: Actors) -> None:
    plan = sample.plan
    Membership.objects.filter(plan=plan, user=actors.editor).update(role=Role.OWNER)
    workbook = reopen(export_bytes(plan))
    workbook["Mijlpalenplan"]["B6"] = "Iets anders"
    workbook["VERI-matrix"]["C5"] = "Iets anders"
    workbook["Activiteitenplan"]["F5"] = "Iets anders"
    owner = client_for(actors.owner)
    owner.post(
        reverse("workbook:import", args=[plan.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", to_bytes(workbook))},
    )
    pending = PendingWorkbook.objects.get()
    url = reverse("workbook:preview", args=[plan.pk, pending.pk])
    before = _state()
    other_owner = client_for(actors.editor)
    assert other_owner.get(url).status_code == 404
    assert other_owner.post(url).status_code == 404
    new_plan_url = reverse("workbook_new:preview", args=[pending.pk])
    assert other_owner.post(new_plan_url).status_code == 404, "not a new-plan import either"
    assert owner.post(new_plan_url).status_code == 404, "a pending import belongs to one plan"
    assert _state() == before
    assert Milestone.objects.filter(plan=plan, title="Iets anders").count() == 0
    owner.post(url)
    assert Milestone.objects.filter(plan=plan, title="Iets anders").count() == 1


def test_pending_imports_expire_after_a_day(sample: SamplePlan, actors: Actors) -> None:
    from django.utils import timezone

    old = PendingWorkbook.objects.create(
        user=actors.owner, plan=sample.plan, filename="oud.xlsx", data=b""
    )
    PendingWorkbook.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    client = client_for(actors.owner)
    assert client.get(reverse("workbook:preview", args=[sample.plan.pk, old.pk])).status_code == 404
    client.post(
        reverse("workbook:import", args=[sample.plan.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", export_bytes(sample.plan))},
    )
    assert list(PendingWorkbook.objects.values_list("filename", flat=True)) == ["plan.xlsx"]


def test_values_the_plan_refuses_are_shown_on_the_preview_with_their_cell(
    sample: SamplePlan, actors: Actors
) -> None:
    long_title = "Een mijlpaal " + "x" * 300
    workbook = reopen(export_bytes(sample.plan))
    workbook["Mijlpalenplan"]["B7"] = workbook["VERI-matrix"]["C6"] = long_title
    data = to_bytes(workbook)
    client = client_for(actors.owner)
    response = client.post(
        reverse("workbook:import", args=[sample.plan.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", data)},
    )
    before = _state()
    page = text(client.get(response["Location"]))
    assert "De werkmap heeft 1 probleem; er is niets veranderd." in page
    assert (
        "Blad ‘Mijlpalenplan’, rij 7, kolom B: Zorg dat deze waarde niet meer dan 300 tekens bevat "
        "(het zijn er nu 313)." in page
    )
    assert "Inlezen in dit plan" not in page
    assert client.post(response["Location"]).status_code == 200
    assert _state() == before
    assert not Milestone.objects.filter(title=long_title).exists()


def test_an_unchanged_workbook_changes_nothing(sample: SamplePlan, actors: Actors) -> None:
    add_roles(sample, actors)
    client = client_for(actors.owner)
    data = client.get(reverse("workbook:export", args=[sample.plan.pk])).content
    response = client.post(
        reverse("workbook:import", args=[sample.plan.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", data)},
    )
    assert "De werkmap is gelijk aan het plan: inlezen verandert niets." in text(
        client.get(response["Location"])
    )
    before = ChangeRecord.objects.count()
    client.post(response["Location"])
    assert ChangeRecord.objects.count() == before


def test_every_message_is_translated_into_dutch() -> None:
    from pathlib import Path

    import mijlpaal.workbook
    from tests.test_i18n import entries

    po = Path(mijlpaal.workbook.__file__).parent / "locale/nl/LC_MESSAGES/django.po"
    found = entries(po)[1:]
    assert len(found) > 90
    untranslated = [msgid for msgid, value, fuzzy in found if not value.strip('"') or fuzzy]
    assert untranslated == []
