"""The MS Project pages: the download, the upload with its preview, and the confirmation."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mijlpaal.msproject import java
from mijlpaal.msproject.importer import plan_version
from mijlpaal.plans.models import Milestone, Plan
from tests.helpers import Actors, Rendered, SamplePlan, client_for, english_client, text
from tests.msproject.helpers import enrich, shape
from tests.msproject.projectlibre import PROJECTLIBRE_XML


def upload(client: Client, plan: Plan, data: bytes, name: str = "techniekpact.xml") -> Rendered:
    response = client.post(
        reverse("msproject:upload", args=[plan.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="application/xml")},
    )
    assert response.status_code == 200
    return response


def payload_of(page: Rendered) -> str:
    found = re.search(r'name="payload" value="([^"]+)"', page.content.decode())
    assert found is not None
    return found.group(1)


def test_the_download_is_an_mspdi_file_named_after_the_plan(
    sample: SamplePlan, actors: Actors
) -> None:
    response = client_for(actors.viewer).get(reverse("msproject:export", args=[sample.plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert "Regioplan Techniek 2025" in response["Content-Disposition"]
    assert ".xml" in response["Content-Disposition"]
    assert b"<Name>XR-lesmateriaal ontwikkeld</Name>" in response.content


def test_the_preview_shows_each_task_and_confirming_replaces_the_content_once(
    sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.owner)
    plan = sample.plan
    before = shape(plan)
    page = upload(client, plan, PROJECTLIBRE_XML.encode())
    assert shape(plan) == before  # a preview changes nothing
    preview = text(page)
    assert "Controleer de import" in preview
    assert "2 deelprojecten 2 mijlpalen 3 activiteiten 1 afhankelijkheid" in preview
    assert (
        "6 Evaluatie klaar mijlpaal deadline wo 30 juni 2027 de SF-koppeling met “Enquête "
        "uitzetten” wordt niet overgenomen: Mijlpaal kent geen begin-eind" in preview
    )
    assert "1 resource (Jan de Vries) wordt niet overgenomen" in preview
    payload = payload_of(page)
    url = reverse("msproject:upload", args=[plan.pk])
    response = client.post(url, {"payload": payload}, follow=True)
    assert "Het plan heeft nu de inhoud van het MS Project-bestand." in text(response)
    assert shape(plan)["workstreams"] == ["Voorbereiding", "Uitvoering"]
    # The sample's milestones are gone, into the history; the party stays.
    assert not Milestone.objects.filter(plan=plan, title="XR-lesmateriaal ontwikkeld").exists()
    assert plan.parties.get().name == "Maaswaal College"
    after, version = shape(plan), plan_version(plan)
    # A second submit of the same preview changes nothing, and says why.
    response = client.post(url, {"payload": payload}, follow=True)
    assert "Het plan is gewijzigd sinds het voorbeeld" in text(response)
    assert (shape(plan), plan_version(plan)) == (after, version)


def test_a_preview_of_another_plan_or_tampered_with_imports_nothing(
    sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.owner)
    plan = sample.plan
    payload = payload_of(upload(client, plan, PROJECTLIBRE_XML.encode()))
    before = shape(plan), plan_version(plan)
    url = reverse("msproject:upload", args=[plan.pk])
    response = client.post(url, {"payload": payload[:-3] + "xyz"}, follow=True)
    assert "Deze voorvertoning is verlopen of niet geldig; upload het bestand opnieuw." in text(
        response
    )
    assert (shape(plan), plan_version(plan)) == before


def test_a_viewer_or_editor_cannot_import(sample: SamplePlan, actors: Actors) -> None:
    url = reverse("msproject:upload", args=[sample.plan.pk])
    for user in (actors.viewer, actors.editor):
        client = client_for(user)
        assert client.get(url).status_code == 403
        response = client.post(
            url, {"file": SimpleUploadedFile("p.xml", PROJECTLIBRE_XML.encode())}
        )
        assert response.status_code == 403
    assert client_for(actors.outsider).get(url).status_code == 404


def test_the_upload_page_in_english(sample: SamplePlan, actors: Actors) -> None:
    client = english_client(actors.owner)
    page = client.get(reverse("msproject:upload", args=[sample.plan.pk]))
    assert "Upload a file from MS Project or ProjectLibre" in text(page)
    preview = upload(client, sample.plan, PROJECTLIBRE_XML.encode())
    assert "its resources are not taken: parties are added in Mijlpaal" in text(preview)


def test_without_java_the_pages_say_so_and_change_nothing(
    sample: SamplePlan, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_java() -> None:
        raise java.JavaMissing()

    monkeypatch.setattr(java, "start", no_java)
    monkeypatch.setattr("mijlpaal.msproject.views.java_available", lambda: False)
    client = client_for(actors.owner)
    plan = sample.plan
    message = "MS Project-bestanden kunnen op deze server niet gelezen of gemaakt worden"
    page = client.get(reverse("msproject:upload", args=[plan.pk]))
    assert message in text(page)
    before = shape(plan), plan_version(plan)
    assert message in text(upload(client, plan, PROJECTLIBRE_XML.encode()))
    response = client.get(reverse("msproject:export", args=[plan.pk]), follow=True)
    assert message in text(response)
    assert (shape(plan), plan_version(plan)) == before


@pytest.mark.parametrize("bigger", [False, True])
def test_the_preview_takes_the_same_queries_for_a_bigger_plan(
    sample: SamplePlan,
    actors: Actors,
    bigger: bool,
    django_assert_num_queries: object,
) -> None:
    if bigger:
        enrich(sample, actors.owner)
    client = client_for(actors.owner)
    upload(client, sample.plan, PROJECTLIBRE_XML.encode())  # warm: the session, the JVM
    with django_assert_num_queries(14):  # type: ignore[operator]
        upload(client, sample.plan, PROJECTLIBRE_XML.encode())


def test_a_value_the_plan_refuses_changes_nothing_and_names_the_task(
    sample: SamplePlan, actors: Actors
) -> None:
    # 100,000 working days: more than a duration of the plan holds.
    gastlessen = PROJECTLIBRE_XML.index("<Name>Gastlessen</Name>")
    huge = PROJECTLIBRE_XML[:gastlessen] + PROJECTLIBRE_XML[gastlessen:].replace(
        "<Duration>PT40H0M0S</Duration>", "<Duration>PT800000H0M0S</Duration>", 1
    )
    assert huge != PROJECTLIBRE_XML
    client = client_for(actors.owner)
    plan = sample.plan
    before = shape(plan), plan_version(plan)
    payload = payload_of(upload(client, plan, huge.encode()))
    response = client.post(reverse("msproject:upload", args=[plan.pk]), {"payload": payload})
    page = text(response)
    assert "Het plan weigert 1 waarde; er is niets gewijzigd." in page
    assert "taak 8 Schrijf een getal" in page
    assert (shape(plan), plan_version(plan)) == before
