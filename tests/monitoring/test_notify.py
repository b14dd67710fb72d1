"""Informing: the I and E parties of a milestone hear about its light, after the commit; the weekly
digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture
from pytest_django import Settings

from mijlpaal.cli import ALIASES
from mijlpaal.monitoring.models import Entry
from mijlpaal.monitoring.services import Subject
from mijlpaal.plans.models import Activity, Membership, Milestone, Party, Workstream
from mijlpaal.responsibilities.services import assignment_set
from tests.helpers import Actors, SamplePlan, build_plan, client_for, report

PLAN = "Regioplan Techniek 2025–2028"


def post(
    sample: SamplePlan,
    actors: Actors,
    light: str,
    subject: Subject | None = None,
    reported_on: dt.date = dt.date(2025, 11, 3),
    **fields: object,
) -> Entry:
    """The contributor reports on the first milestone, unless told otherwise."""
    return report(
        sample.plan, actors.contributor, subject or sample.milestone, reported_on, light, **fields
    )


def party(
    sample: SamplePlan,
    name: str,
    email: str,
    letters: str,
    row: Workstream | Milestone | Activity | None = None,
) -> Party:
    new = Party.objects.create(plan=sample.plan, name=name, email=email)
    assignment_set(
        plan=sample.plan, user=None, party=new, row=row or sample.milestone, letters=letters
    )
    return new


@pytest.fixture
def matrix(sample: SamplePlan) -> SamplePlan:
    """Who has which letters on the first milestone."""
    sample.party.email = "directie@maaswaal.example"
    sample.party.save()
    assignment_set(
        plan=sample.plan, user=None, party=sample.party, row=sample.milestone, letters="E"
    )
    party(sample, "Gemeente Druten", "onderwijs@druten.example", "VI")
    party(
        sample, "Gemeente Druten (afdeling)", "Onderwijs@Druten.example", "I"
    )  # the same address once
    party(sample, "Techniekpact", "info@techniekpact.example", "VR")  # does the work, not informed
    party(sample, "Ouderraad", "", "I")  # no address
    party(
        sample, "ROC Rivor", "info@rivor.example", "I", row=sample.second_milestone
    )  # another milestone
    return sample


def test_a_light_change_mails_each_informed_or_accountable_party_once(
    matrix: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post(matrix, actors, "green")
    assert sorted(m.to for m in mailoutbox) == [
        ["directie@maaswaal.example"],
        ["onderwijs@druten.example"],
    ]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        entry = post(
            matrix,
            actors,
            "orange",
            reported_on=dt.date(2025, 11, 10),
            explanation="De XR-brillen zijn later geleverd.",
            problems="Levering vertraagd",
            measures="Lessen schuiven twee weken op",
            forecast=dt.date(2026, 1, 16),
        )

    assert sorted(m.to for m in mailoutbox) == [
        ["directie@maaswaal.example"],
        ["onderwijs@druten.example"],
    ]
    message = mailoutbox[0]
    assert message.subject == f"[{PLAN}] Status van 1. XR-lesmateriaal ontwikkeld: oranje"
    assert message.from_email == "Mijlpaal <noreply@mijlpaal.invalid>"
    body = message.body
    assert f"Een mijlpaal in het plan “{PLAN}” heeft een nieuwe status." in body
    assert "Mijlpaal: 1. XR-lesmateriaal ontwikkeld\n" in body
    assert "Status: groen → oranje\n" in body
    assert "Prognosedatum: vr 16 januari 2026\n" in body
    assert "Gemeld door: Cor Contributor, ma 10 november 2025\n" in body
    assert "Toelichting:\nDe XR-brillen zijn later geleverd.\n" in body
    assert "Knelpunten:\nLevering vertraagd\n" in body
    assert "Maatregelen:\nLessen schuiven twee weken op\n" in body
    link = f"http://127.0.0.1:8000/plans/{matrix.plan.pk}/milestone/{matrix.milestone.pk}/"
    assert f"Bekijk de mijlpaal:\n{link}\n" in body
    assert entry.milestone_id == matrix.milestone.pk


def test_no_mail_while_the_light_stays_the_same(
    matrix: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    post(matrix, actors, "green")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post(
            matrix,
            actors,
            "green",
            reported_on=dt.date(2025, 11, 10),
            explanation="Loopt op schema",
        )
    assert callbacks == []
    assert mailoutbox == []


def test_a_correction_that_changes_the_light_is_news(
    matrix: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    post(matrix, actors, "green")
    wrong = post(matrix, actors, "green", reported_on=dt.date(2025, 11, 10))
    with django_capture_on_commit_callbacks(execute=True):
        post(matrix, actors, "red", reported_on=dt.date(2025, 11, 10), corrects=wrong)
    assert [m.subject for m in mailoutbox] == [
        f"[{PLAN}] Status van 1. XR-lesmateriaal ontwikkeld: rood"
    ] * 2
    assert "Status: groen → rood\n" in mailoutbox[0].body


def test_a_correction_back_to_the_earlier_light_is_news_too(
    matrix: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    post(matrix, actors, "green")
    with django_capture_on_commit_callbacks(execute=True):
        wrong = post(
            matrix, actors, "red", reported_on=dt.date(2025, 11, 10), problems="Verkeerd item."
        )
        post(matrix, actors, "green", reported_on=dt.date(2025, 11, 10), corrects=wrong)
    # Those told "rood" hear that it was a mistake.
    assert [m.body.split("Status: ")[1].split("\n")[0] for m in mailoutbox] == [
        "groen → rood"
    ] * 2 + ["rood → groen"] * 2


def test_correcting_an_older_entry_is_not_news(
    matrix: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    old = post(matrix, actors, "green", reported_on=dt.date(2025, 11, 3))
    post(matrix, actors, "orange", reported_on=dt.date(2025, 11, 10), problems="Later.")
    with django_capture_on_commit_callbacks(execute=True):
        post(
            matrix,
            actors,
            "red",
            reported_on=dt.date(2025, 11, 3),
            corrects=old,
            problems="Was toen al rood.",
        )
    assert mailoutbox == []


def test_reached_is_mailed(
    matrix: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    # The reporter is the E party's member: no sign-off is needed (tests/monitoring/test_sign_off).
    matrix.party.user = actors.contributor
    matrix.party.save()
    post(matrix, actors, "green")
    with django_capture_on_commit_callbacks(execute=True):
        post(matrix, actors, "reached", reported_on=dt.date(2025, 12, 12))
    assert sorted(m.to for m in mailoutbox) == [
        ["directie@maaswaal.example"],
        ["onderwijs@druten.example"],
    ]
    assert mailoutbox[0].subject == f"[{PLAN}] Mijlpaal bereikt: 1. XR-lesmateriaal ontwikkeld"
    assert "Status: groen → bereikt\nBereikt op: vr 12 december 2025\n" in mailoutbox[0].body


def test_only_milestones_are_mailed_about(
    matrix: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    party(matrix, "Bureau", "bureau@sto.example", "I", row=matrix.activity)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post(matrix, actors, "red", subject=matrix.activity)
        post(matrix, actors, "orange", subject=matrix.workstream)
        post(matrix, actors, "orange", subject=matrix.plan)
    assert callbacks == []
    assert mailoutbox == []


def test_no_mail_without_an_informed_party_with_an_address(
    sample: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    party(sample, "Techniekpact", "info@techniekpact.example", "VR")
    party(sample, "Ouderraad", "", "IE")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post(sample, actors, "orange")
    assert len(callbacks) == 1  # queued, but it finds no one to mail
    assert mailoutbox == []


def test_nothing_is_queued_for_a_change_that_is_rolled_back(
    matrix: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        post(matrix, actors, "red")
        raise RuntimeError("the request failed after the post")
    assert callbacks == []
    assert mailoutbox == []
    assert not Entry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_mail_goes_out_after_the_commit_and_not_after_a_rollback(
    matrix: SamplePlan, actors: Actors
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        post(matrix, actors, "red")
        raise RuntimeError("the request failed after the post")
    assert mail.outbox == []

    with transaction.atomic():
        post(matrix, actors, "red")
        assert mail.outbox == []  # not before the commit
    assert sorted(m.to for m in mail.outbox) == [
        ["directie@maaswaal.example"],
        ["onderwijs@druten.example"],
    ]


def test_the_database_backend_keeps_the_mail_for_the_worker(
    matrix: SamplePlan,
    actors: Actors,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Capture,
    mailoutbox: list[EmailMessage],
) -> None:
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker closes connections it finds in a transaction; inside a test everything is one
    # transaction, so keep it from closing the test's connection (as Django's test client does).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        post(matrix, actors, "orange")
    assert mailoutbox == []
    assert DBTaskResult.objects.get().task_path == "mijlpaal.monitoring.notify.light_change_send"

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert sorted(m.to for m in mailoutbox) == [
        ["directie@maaswaal.example"],
        ["onderwijs@druten.example"],
    ]
    assert ALIASES["worker"] == "db_worker"


# The weekly digest

TODAY = dt.date(2026, 1, 5)


@pytest.fixture
def today(travel: Callable[[dt.date], None]) -> dt.date:
    travel(TODAY)
    return TODAY


def test_the_digest_goes_to_opted_in_members_with_the_week(
    sample: SamplePlan, actors: Actors, today: dt.date, mailoutbox: list[EmailMessage]
) -> None:
    Membership.objects.filter(plan=sample.plan, user=actors.editor).update(weekly_digest=True)
    old = post(
        sample, actors, "green", reported_on=dt.date(2025, 12, 1), explanation="Oude melding"
    )
    Entry.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    post(
        sample,
        actors,
        "orange",
        reported_on=dt.date(2026, 1, 2),
        explanation="Brillen later geleverd",
    )
    post(sample, actors, "orange", subject=sample.second_milestone, reported_on=dt.date(2026, 1, 2))
    quiet = build_plan(actors.owner, title="Stil plan")
    Membership.objects.create(plan=quiet, user=actors.editor, role="viewer", weekly_digest=True)

    call_command("digest", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert [m.to for m in mailoutbox] == [
        ["editor@school.example"]
    ]  # not the quiet plan, not the others
    message = mailoutbox[0]
    assert message.subject == f"[{PLAN}] Weekoverzicht"
    body = message.body
    assert body.startswith(
        f"Beste Eddy Editor,\n\nDit gebeurde er de afgelopen 7 dagen in het plan “{PLAN}”.\n"
    )
    assert (
        "Logboek\n- vr 2 januari 2026 · 1. XR-lesmateriaal ontwikkeld: groen → oranje — Cor "
        "Contributor\n  Brillen later geleverd\n- vr 2 januari 2026 · 2. XR in alle "
        "techniekprofielen: nog geen status → oranje — Cor Contributor\n"
    ) in body
    assert "Oude melding" not in body
    assert (
        "Te late mijlpalen (deadline verstreken, niet bereikt)\n- 1. XR-lesmateriaal ontwikkeld "
        "(deadline vr 19 december 2025)\n" in body
    )
    assert f"http://127.0.0.1:8000/plans/{sample.plan.pk}/monitoring/\n" in body
    assert "http://127.0.0.1:8000/account/notifications/\n" in body


def test_the_digest_command_queues_one_task_per_opted_in_member(
    sample: SamplePlan, actors: Actors, settings: Settings
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    Membership.objects.filter(plan=sample.plan, user__in=[actors.editor, actors.viewer]).update(
        weekly_digest=True
    )
    call_command("digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(r.args_kwargs["args"][0] for r in DBTaskResult.objects.all()) == sorted(
        Membership.objects.filter(weekly_digest=True).values_list("pk", flat=True)
    )
    assert DBTaskResult.objects.count() == 2


# The notifications page


def test_the_notifications_page_lists_the_users_plans(sample: SamplePlan, actors: Actors) -> None:
    Membership.objects.filter(plan=sample.plan, user=actors.editor).update(weekly_digest=True)
    response = client_for(actors.editor).get(reverse("notifications:settings"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "E-mailmeldingen" in html
    assert (
        f'<input type="checkbox" name="digest" value="{sample.plan.pk}" checked> {PLAN}</label>'
        in html
    )
    assert html.count('name="digest"') == 1


def test_saving_changes_only_the_users_own_memberships(sample: SamplePlan, actors: Actors) -> None:
    other = build_plan(actors.outsider, title="Plan van een ander")
    client = client_for(actors.editor)
    url = reverse("notifications:settings")

    response = client.post(url, {"digest": [str(sample.plan.pk), str(other.pk)]})

    assert response.status_code == 302 and response["Location"] == url
    assert list(
        Membership.objects.filter(weekly_digest=True).values_list("user__email", "plan__title")
    ) == [("editor@school.example", PLAN)]
    assert not Membership.objects.filter(plan=other, user=actors.editor).exists()

    client.post(url, {})
    assert not Membership.objects.filter(weekly_digest=True).exists()


def test_the_notifications_page_needs_a_login(db: None) -> None:
    response = Client().get(reverse("notifications:settings"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
