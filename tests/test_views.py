"""The pages as a user sees them: what is on them, what a form does, what is kept in the history."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from mijlpaal.accounts.models import User
from mijlpaal.plans import services
from mijlpaal.plans.models import (
    Activity,
    ChangeRecord,
    Dependency,
    Domain,
    Invitation,
    Membership,
    Milestone,
    Phase,
    Plan,
    ReportingPeriod,
    Role,
    Workstream,
)
from tests.helpers import (
    PASSWORD,
    Actors,
    SamplePlan,
    build_plan,
    client_for,
    section_text,
    text,  # also imported from here by test files that have not moved to tests.helpers yet
)

# --- accounts ------------------------------------------------------------------------------------


def test_login_page_is_dutch_and_logs_in(actors: Actors) -> None:
    client = Client()
    page = client.get(reverse("login"))
    assert "Inloggen bij Mijlpaal" in text(page)
    assert "Wachtwoord vergeten?" in text(page)
    response = client.post(
        reverse("login"), {"username": "owner@school.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:list")
    wrong = client.post(reverse("logout"))
    assert wrong.status_code == 302
    capitals = Client().post(
        reverse("login"), {"username": "Owner@School.example", "password": PASSWORD}
    )
    assert capitals.status_code == 302
    failed = Client().post(
        reverse("login"), {"username": "owner@school.example", "password": "nope"}
    )
    assert "Voer een juiste e-mailadres en wachtwoord in." in text(failed)


def test_password_reset_sends_a_link_by_mail(actors: Actors) -> None:
    response = Client().post(reverse("password_reset"), {"email": "owner@school.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Een nieuw wachtwoord voor Mijlpaal"
    assert "/password-reset/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["owner@school.example"]


def test_passwords_are_hashed_with_argon2_in_production_settings() -> None:
    from mijlpaal import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_dutch_even_for_an_english_browser_until_english_is_chosen(actors: Actors) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(actors.owner)
    assert "Mijn plannen" in text(client.get(reverse("plans:list")))
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("plans:list")}
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:list"))
    assert "My plans" in text(page)
    assert "Mijn plannen" not in text(page)


# --- plans ---------------------------------------------------------------------------------------


def test_my_plans_lists_only_my_plans_with_my_role(sample: SamplePlan, actors: Actors) -> None:
    build_plan(actors.outsider, "Geheim plan van een ander")
    page = text(client_for(actors.viewer).get(reverse("plans:list")))
    assert "Regioplan Techniek 2025–2028" in page
    assert "lezer" in page
    assert "Geheim plan van een ander" not in page


def test_create_plan_makes_me_owner_with_default_phases_and_domains(actors: Actors) -> None:
    client = client_for(actors.owner)
    response = client.post(
        reverse("plans:create"),
        {
            "title": "Stappenplan OKE",
            "organisation": "ROC Rivor",
            "vision": "",
            "start_date": "2026-01-05",
            "end_date": "2027-07-17",
            "region": "zuid",
            "scheduling": "alap",
        },
    )
    plan = Plan.objects.get(title="Stappenplan OKE")
    assert response["Location"] == reverse("plans:overview", args=[plan.pk])
    assert Membership.objects.get(plan=plan).role == Role.OWNER
    assert [p.name for p in Phase.objects.filter(plan=plan)] == [
        "analyse",
        "ontwerp",
        "inrichting",
        "uitvoering",
        "borging",
    ]
    assert [d.name for d in Domain.objects.filter(plan=plan)] == [
        "processen",
        "organisatie",
        "beleid",
        "ICT",
    ]
    page = text(client.get(response["Location"]))
    assert "Stappenplan OKE" in page
    assert "Het plan is aangemaakt. Begin met de doelstellingen." in page
    assert "Schoolvakanties: Zuid" in page


def test_create_plan_with_end_before_start_says_so_in_dutch(actors: Actors) -> None:
    client = client_for(actors.owner)
    response = client.post(
        reverse("plans:create"),
        {
            "title": "Verkeerd om",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
            "scheduling": "alap",
        },
    )
    assert response.status_code == 200
    assert "De einddatum mag niet vóór de startdatum liggen." in text(response)
    assert not Plan.objects.filter(title="Verkeerd om").exists()


def test_overview_shows_counts_and_coming_milestones(
    sample: SamplePlan, actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    url = reverse("plans:overview", args=[sample.plan.pk])
    client = client_for(actors.viewer)
    page = text(client.get(url))
    assert "STO Rivierenland" in page
    assert "1 jan 2025 – 31 dec 2028" in page
    assert "2 mijlpalen" in page
    assert "1 activiteit " in page
    assert "2 mijlpalen zijn over de deadline" in page
    assert "Modern techniekonderwijs" in page
    # The suite's day lies past both deadlines: none is coming.
    assert section_text(client.get(url), "Komende mijlpalen").endswith(
        "2 mijlpalen zijn over de deadline Geen mijlpalen met een deadline in het verschiet."
    )

    travel(dt.date(2026, 1, 15))  # between the two deadlines
    coming = section_text(client.get(url), "Komende mijlpalen")
    assert "1 mijlpaal is over de deadline" in coming
    assert coming.endswith("30 jun 2026 XR in alle techniekprofielen Modern techniekonderwijs")
    assert "XR-lesmateriaal ontwikkeld" not in coming

    travel(dt.date(2025, 11, 3))  # before both: coming in the order of their deadlines
    coming = section_text(client.get(url), "Komende mijlpalen")
    assert "over de deadline" not in coming
    assert coming.endswith(
        "19 dec 2025 XR-lesmateriaal ontwikkeld Modern techniekonderwijs"
        " 30 jun 2026 XR in alle techniekprofielen Modern techniekonderwijs"
    )


def test_goals_page_shows_smart_hints(sample: SamplePlan, actors: Actors) -> None:
    page = text(client_for(actors.viewer).get(reverse("plans:goals", args=[sample.plan.pk])))
    assert "Vijf procent minder uitval in vmbo 3 in 2028" in page
    assert "Tijdgebonden: geef de datum waarop het doel bereikt is." in page
    assert "Acceptabel: zeg waarom dit doel voor de partners belangrijk is." in page
    assert "Meetbaar: noem de indicator" not in page


def test_workstreams_page_shows_milestones_and_activities(
    sample: SamplePlan, actors: Actors
) -> None:
    page = text(client_for(actors.editor).get(reverse("plans:workstreams", args=[sample.plan.pk])))
    assert "Modern techniekonderwijs" in page
    assert "1 XR-lesmateriaal ontwikkeld" in page
    assert "Deadline: 19 dec 2025" in page
    assert "Doorlooptijd: 3 maanden" in page
    assert "2 XR in alle techniekprofielen" in page
    assert "Inventarisatie XR-toepassingen" in page
    assert "Duur: 4 weken" in page


def test_add_milestone_numbers_it_and_records_history(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    url = reverse("plans:item_new", args=[sample.plan.pk, "milestone"])
    response = client.post(
        url,
        {
            "workstream": sample.workstream.pk,
            "title": "Docenten geschoold in XR",
            "deadline": "2026-03-13",
            "lead_time": "6w",
            "effort_hours": "120",
            "is_quick_win": "on",
        },
    )
    milestone = Milestone.objects.get(title="Docenten geschoold in XR")
    assert (
        response["Location"]
        == reverse("plans:workstreams", args=[sample.plan.pk]) + f"#milestone-{milestone.pk}"
    )
    assert milestone.number == 3
    assert milestone.deadline == dt.date(2026, 3, 13)
    record = ChangeRecord.objects.get(object_type="milestone", object_id=milestone.pk)
    assert record.action == "create"
    assert record.user == actors.editor
    assert record.changes["deadline"] == [None, "2026-03-13"]
    detail = text(
        client.get(reverse("plans:item_detail", args=[sample.plan.pk, "milestone", milestone.pk]))
    )
    assert "Geschiedenis" in detail
    assert "Aangemaakt door Eddy Editor" in detail
    assert "Laaghangend fruit ja" in detail


def test_bad_lead_time_is_explained_beside_the_field(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    response = client.post(
        reverse("plans:item_new", args=[sample.plan.pk, "milestone"]),
        {"title": "Iets", "deadline": "2026-03-13", "lead_time": "zesweken"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_lead_time_error"' in html
    assert (
        "Schrijf een getal en een eenheid, zoals 6 weken, 10 werkdagen, 3 maanden of "
        "2 kalenderweken." in text(response)
    )
    assert not Milestone.objects.filter(title="Iets").exists()


def test_milestone_form_offers_only_this_plans_workstreams(
    sample: SamplePlan, actors: Actors
) -> None:
    other = build_plan(actors.outsider, "Ander plan")
    foreign = services.item_save(
        plan=other, user=actors.outsider, instance=Workstream(name="Vreemd deelproject")
    )
    client = client_for(actors.editor)
    page = client.get(reverse("plans:item_new", args=[sample.plan.pk, "milestone"]))
    assert "Vreemd deelproject" not in text(page)
    response = client.post(
        reverse("plans:item_new", args=[sample.plan.pk, "milestone"]),
        {"title": "Sluiproute", "workstream": foreign.pk},
    )
    assert response.status_code == 200
    assert not Milestone.objects.filter(title="Sluiproute").exists()


def test_edit_records_old_and_new_values(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    url = reverse("plans:item_edit", args=[sample.plan.pk, "milestone", sample.milestone.pk])
    client.post(
        url,
        {
            "workstream": sample.workstream.pk,
            "number": 1,
            "title": "XR-lesmateriaal ontwikkeld",
            "deadline": "2026-01-16",
            "lead_time": "3m",
            "goal": sample.goal.pk,
        },
    )
    record = ChangeRecord.objects.filter(
        object_type="milestone", object_id=sample.milestone.pk
    ).first()
    assert record is not None and record.action == "update"
    assert record.changes == {"deadline": ["2025-12-19", "2026-01-16"]}
    detail = text(
        client.get(
            reverse("plans:item_detail", args=[sample.plan.pk, "milestone", sample.milestone.pk])
        )
    )
    assert "Gewijzigd door Eddy Editor" in detail
    assert "Deadline 19 december 2025 → 16 januari 2026" in detail


def test_saving_without_changes_adds_no_history(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    before = ChangeRecord.objects.count()
    client.post(
        reverse("plans:item_edit", args=[sample.plan.pk, "party", sample.party.pk]),
        {"name": "Maaswaal College", "kind": "school"},
    )
    assert ChangeRecord.objects.count() == before


def test_inline_edit_with_htmx_returns_the_form_then_the_row(
    sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.editor)
    url = reverse("plans:item_edit", args=[sample.plan.pk, "activity", sample.activity.pk])
    form = client.get(url, HTTP_HX_REQUEST="true")
    html = form.content.decode()
    assert html.lstrip().startswith(f'<article class="item" id="activity-{sample.activity.pk}">')
    assert 'hx-post="' + url + '"' in html
    assert "<html" not in html
    row = client.post(
        url,
        {
            "workstream": sample.workstream.pk,
            "milestone": sample.milestone.pk,
            "title": "Inventarisatie XR-apps",
            "duration": "3w",
        },
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200
    assert row["HX-Retarget"] == "#workstream-list"
    assert row["HX-Reswap"] == "outerHTML"
    row_text = text(row)
    assert "Inventarisatie XR-apps" in row_text
    assert "Duur: 3 weken" in row_text
    assert '<form class="inline-edit"' not in row.content.decode()
    invalid = client.post(url, {"title": "", "duration": "3 weken"}, HTTP_HX_REQUEST="true")
    assert "Dit veld is verplicht." in text(invalid)
    assert 'class="inline-edit"' in invalid.content.decode()
    assert Activity.objects.get(pk=sample.activity.pk).title == "Inventarisatie XR-apps"


def test_reorder_milestones(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    url = reverse(
        "plans:item_move", args=[sample.plan.pk, "milestone", sample.second_milestone.pk, "up"]
    )
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="workstream-list">')
    order = list(
        Milestone.objects.filter(plan=sample.plan).order_by("order").values_list("title", flat=True)
    )
    assert order == ["XR in alle techniekprofielen", "XR-lesmateriaal ontwikkeld"]
    page = text(client.get(reverse("plans:workstreams", args=[sample.plan.pk])))
    assert page.index("XR in alle techniekprofielen") < page.index("XR-lesmateriaal ontwikkeld")


def test_delete_asks_first_and_keeps_the_history(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    url = reverse("plans:item_delete", args=[sample.plan.pk, "party", sample.party.pk])
    confirm = text(client.get(url))
    assert "Partij “Maaswaal College” verwijderen?" in confirm
    assert Milestone.objects.count() == 2
    client.post(url)
    assert not sample.plan.parties.exists()
    history = text(client.get(reverse("plans:history", args=[sample.plan.pk])))
    assert "Verwijderd Maaswaal College (partij) door Eddy Editor" in history


def test_dependencies_are_added_shown_and_removed(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    add = reverse(
        "plans:dependency_add", args=[sample.plan.pk, "milestone", sample.second_milestone.pk]
    )
    client.post(add, {"predecessor": f"m{sample.milestone.pk}", "type": "FS", "lag": "2w"})
    dependency = Dependency.objects.get()
    assert dependency.predecessor == sample.milestone
    assert dependency.successor == sample.second_milestone
    assert dependency.lag == "2w"
    detail = text(
        client.get(
            reverse(
                "plans:item_detail", args=[sample.plan.pk, "milestone", sample.second_milestone.pk]
            )
        )
    )
    assert "Wacht op XR-lesmateriaal ontwikkeld (einde-start, tussentijd 2 weken)" in detail
    again = client.post(
        add, {"predecessor": f"m{sample.milestone.pk}", "type": "FS", "lag": "0d"}, follow=True
    )
    assert "Deze afhankelijkheid bestaat al." in text(again)
    assert Dependency.objects.count() == 1
    remove = reverse("plans:dependency_delete", args=[sample.plan.pk, dependency.pk])
    asked = client.post(remove)  # the button on the page asks first
    assert "Deze afhankelijkheid verwijderen?" in text(asked)
    assert "“XR in alle techniekprofielen” wacht niet meer op “XR-lesmateriaal ontwikkeld”" in (
        text(asked)
    )
    assert Dependency.objects.count() == 1
    client.post(remove, {"confirm": "yes"})
    assert Dependency.objects.count() == 0


def test_settings_change_phases_and_reporting_periods_together(
    sample: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.owner)
    url = reverse("plans:settings", args=[sample.plan.pk])
    data = {
        "title": "Regioplan Techniek 2025–2028",
        "organisation": "STO Rivierenland",
        "vision": "",
        "start_date": "2025-01-01",
        "end_date": "2028-12-31",
        "region": "midden",
        "scheduling": "alap",
        "phases": "initiatief\ndefinitie\nontwerp\nvoorbereiding\nrealisatie\nnazorg",
        "domains": "processen\norganisatie\nbeleid\nICT",
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-MIN_NUM_FORMS": "0",
        "periods-MAX_NUM_FORMS": "1000",
        "periods-0-name": "Voortgangsrapportage 2025–2026",
        "periods-0-start_date": "2025-01-01",
        "periods-0-end_date": "2026-07-31",
        "periods-0-due_date": "2026-10-01",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert [p.name for p in Phase.objects.filter(plan=sample.plan)] == [
        "initiatief",
        "definitie",
        "ontwerp",
        "voorbereiding",
        "realisatie",
        "nazorg",
    ]
    period = ReportingPeriod.objects.get(plan=sample.plan)
    assert (period.start_date, period.end_date) == (dt.date(2025, 1, 1), dt.date(2026, 7, 31))
    bad = dict(data, **{"periods-0-end_date": "2024-12-31", "phases": "ontwerp\nOntwerp"})
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "Elke naam mag maar één keer voorkomen." in text(response)
    assert ReportingPeriod.objects.get(plan=sample.plan).end_date == dt.date(2026, 7, 31)


def test_delete_plan_needs_its_title(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.owner)
    url = reverse("plans:delete", args=[sample.plan.pk])
    response = client.post(url, {"confirm_title": "iets anders"}, follow=True)
    assert "Typ de titel van het plan precies over om het te verwijderen." in text(response)
    assert Plan.objects.filter(pk=sample.plan.pk).exists()
    client.post(url, {"confirm_title": "Regioplan Techniek 2025–2028"})
    assert not Plan.objects.filter(pk=sample.plan.pk).exists()


# --- members and invitations ---------------------------------------------------------------------


def test_invitation_by_mail_and_signup(
    sample: SamplePlan,
    actors: Actors,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = client_for(actors.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("plans:members", args=[sample.plan.pk]),
            {"email": "Nieuwe.Docent@School.example", "role": "contributor"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuwe.docent@school.example"]
    assert message.subject == "Uitnodiging voor het plan “Regioplan Techniek 2025–2028”"
    assert "Olga Owner nodigt u uit om als bijdrager mee te werken" in message.body
    link = re.search(r"http://127\.0\.0\.1:8000(/invite/\S+/)", str(message.body))
    assert link is not None
    members_page = text(client.get(reverse("plans:members", args=[sample.plan.pk])))
    assert "nieuwe.docent@school.example bijdrager" in members_page

    newcomer = Client()
    signup = text(newcomer.get(link.group(1)))
    assert "Maak uw account aan voor nieuwe.docent@school.example" in signup
    response = newcomer.post(
        link.group(1),
        {"name": "Nina Nieuw", "password1": "Lesrooster-2026!", "password2": "Lesrooster-2026!"},
    )
    assert response["Location"] == reverse("plans:overview", args=[sample.plan.pk])
    user = User.objects.get(email="nieuwe.docent@school.example")
    assert Membership.objects.get(plan=sample.plan, user=user).role == Role.CONTRIBUTOR
    reused = Client().get(link.group(1))
    assert reused.status_code == 404
    assert "Deze uitnodiging is niet geldig" in text(reused)


def test_existing_user_accepts_an_invitation_after_logging_in(
    sample: SamplePlan, actors: Actors
) -> None:
    _invitation, token = services.invitation_create(
        plan=sample.plan,
        user=actors.owner,
        email="outsider@school.example",
        role="viewer",
        language="nl",
    )
    url = reverse("invitation_accept", args=[token])
    anonymous = Client().get(url)
    assert anonymous["Location"] == "/login/?next=" + url.replace("/", "%2F")
    client = client_for(actors.outsider)
    assert "Doe mee aan “Regioplan Techniek 2025–2028”" in text(client.get(url))
    client.post(url)
    assert Membership.objects.get(plan=sample.plan, user=actors.outsider).role == Role.VIEWER


def test_inviting_a_member_again_is_refused(sample: SamplePlan, actors: Actors) -> None:
    response = client_for(actors.owner).post(
        reverse("plans:members", args=[sample.plan.pk]),
        {"email": "viewer@school.example", "role": "editor"},
    )
    assert "viewer@school.example is al lid van dit plan." in text(response)
    assert Invitation.objects.count() == 0


def test_owner_changes_roles_but_keeps_an_owner(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.owner)
    viewer = Membership.objects.get(plan=sample.plan, user=actors.viewer)
    client.post(
        reverse("plans:member_change", args=[sample.plan.pk, viewer.pk]),
        {f"m{viewer.pk}-role": "editor"},
    )
    viewer.refresh_from_db()
    assert viewer.role == Role.EDITOR
    owner = Membership.objects.get(plan=sample.plan, user=actors.owner)
    response = client.post(
        reverse("plans:member_change", args=[sample.plan.pk, owner.pk]),
        {f"m{owner.pk}-role": "viewer"},
        follow=True,
    )
    assert "Een plan heeft minstens één eigenaar nodig. Maak eerst iemand anders eigenaar." in text(
        response
    )
    owner.refresh_from_db()
    assert owner.role == Role.OWNER


def test_viewer_sees_no_edit_buttons(sample: SamplePlan, actors: Actors) -> None:
    html = (
        client_for(actors.viewer)
        .get(reverse("plans:workstreams", args=[sample.plan.pk]))
        .content.decode()
    )
    assert "/edit/" not in html
    assert "/delete/" not in html
    assert "Instellingen" not in text(
        client_for(actors.viewer).get(reverse("plans:overview", args=[sample.plan.pk]))
    )


# --- query counts: pages do not make more queries as a plan grows --------------------------------


def grow(plan: Plan, owner: User, milestones: int) -> None:
    workstreams = [
        Workstream.objects.create(plan=plan, name=f"Deelproject {i}", order=i) for i in range(6)
    ]
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            workstream=workstreams[i % 6],
            number=i,
            title=f"Mijlpaal {i}",
            order=i,
            deadline=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            lead_time="4w",
        )
        for i in range(milestones)
    )
    created = list(Milestone.objects.filter(plan=plan))
    Activity.objects.bulk_create(
        Activity(
            plan=plan,
            workstream=m.workstream,
            milestone=m,
            title=f"Activiteit bij {m.title}",
            duration="2w",
        )
        for m in created
    )


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("page", "expected"), [("plans:overview", 18), ("plans:workstreams", 14)])
def test_query_count_does_not_grow_with_the_plan(actors: Actors, page: str, expected: int) -> None:
    small = build_plan(actors.owner, "Klein plan")
    grow(small, actors.owner, 3)
    large = build_plan(actors.owner, "Groot plan")
    grow(large, actors.owner, 300)
    client = client_for(actors.owner)
    assert count_queries(client, reverse(page, args=[small.pk])) == expected
    assert count_queries(client, reverse(page, args=[large.pk])) == expected
    assert "Mijlpaal 299" in text(client.get(reverse("plans:workstreams", args=[large.pk])))


# --- a big plan's workstreams: activities folded per workstream ----------------------------------


def test_a_big_plan_folds_the_activities_of_each_workstream(actors: Actors) -> None:
    large = build_plan(actors.owner, "Groot plan")
    grow(large, actors.owner, 300)
    first = Workstream.objects.get(plan=large, name="Deelproject 0")
    url = reverse("plans:workstreams", args=[large.pk])
    client = client_for(actors.owner)
    page = text(client.get(url))
    assert "Mijlpaal 0" in page and "Mijlpaal 299" in page  # every milestone stays in view
    assert "Activiteit bij Mijlpaal 0" not in page
    assert page.count("Activiteiten (50)") == 6
    assert "Toon de activiteiten" in page
    html = client.get(url).content.decode()
    fold = f'hx-get="{url}?activities={first.pk}" hx-trigger="toggle once"'
    assert fold in html

    # htmx opens one workstream's activities: its rows only, with their dates and tools.
    rows = client.get(f"{url}?activities={first.pk}", HTTP_HX_REQUEST="true")
    assert rows.status_code == 200
    shown = text(rows)
    assert "Activiteit bij Mijlpaal 0 " in shown + " " and "Activiteit bij Mijlpaal 6 " in shown
    assert "Activiteit bij Mijlpaal 1 " not in shown + " "
    assert shown.count("Bewerken") == 50
    assert "<html" not in rows.content.decode()

    # Without JavaScript the link opens the page with that workstream's activities shown.
    opened = text(client.get(f"{url}?activities={first.pk}"))
    assert "Activiteit bij Mijlpaal 6" in opened
    assert "Activiteit bij Mijlpaal 1 " not in opened + " "
    assert opened.count("Activiteiten (50)") == 5


def test_folded_activities_of_another_plan_or_nonsense_are_not_found(actors: Actors) -> None:
    mine = build_plan(actors.owner, "Mijn plan")
    other = build_plan(actors.outsider, "Ander plan")
    theirs = Workstream.objects.create(plan=other, name="Geheim deelproject")
    url = reverse("plans:workstreams", args=[mine.pk])
    client = client_for(actors.owner)
    for value in (str(theirs.pk), "x", ""):
        response = client.get(f"{url}?activities={value}", HTTP_HX_REQUEST="true")
        assert response.status_code == 404, value
        assert b"Geheim" not in response.content
    # The page itself just has nothing to unfold; a value that is no number is not found.
    page = client.get(f"{url}?activities={theirs.pk}")
    assert page.status_code == 200
    assert b"Geheim" not in page.content
    assert client.get(f"{url}?activities=x").status_code == 404


def test_a_small_plan_shows_every_activity(sample: SamplePlan, actors: Actors) -> None:
    page = text(client_for(actors.owner).get(reverse("plans:workstreams", args=[sample.plan.pk])))
    assert sample.activity.title in page
    assert "Toon de activiteiten" not in page


def test_moving_an_activity_keeps_its_workstream_open(actors: Actors) -> None:
    large = build_plan(actors.owner, "Groot plan")
    grow(large, actors.owner, 300)
    activity = Activity.objects.filter(plan=large).order_by("order", "id")[1]
    url = reverse("plans:item_move", args=[large.pk, "activity", activity.pk, "up"])
    response = client_for(actors.owner).post(url, HTTP_HX_REQUEST="true")
    shown = text(response)
    assert activity.title in shown
    assert shown.count("Activiteiten (50)") == 5


@pytest.mark.parametrize("size", [3, 300])
def test_unfolding_activities_makes_the_same_queries_for_any_plan(
    actors: Actors, size: int
) -> None:
    plan = build_plan(actors.owner, "Plan")
    grow(plan, actors.owner, size)
    first = Workstream.objects.get(plan=plan, name="Deelproject 0")
    url = reverse("plans:workstreams", args=[plan.pk]) + f"?activities={first.pk}"
    client = client_for(actors.owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    assert len(queries) == 11
    assert count_queries(client, url) == 14


@pytest.mark.parametrize(("kind", "expected"), [("milestone", 22), ("activity", 22)])
def test_an_items_page_makes_the_same_queries_for_any_plan(
    actors: Actors, kind: str, expected: int
) -> None:
    client = client_for(actors.owner)
    for size in (3, 300):
        plan = build_plan(actors.owner, f"Plan van {size}")
        grow(plan, actors.owner, size)
        model = Milestone if kind == "milestone" else Activity
        item = model.objects.filter(plan=plan).order_by("pk").first()
        assert item is not None
        detail = reverse("plans:item_detail", args=[plan.pk, kind, item.pk])
        assert count_queries(client, detail) == expected, size
        row = reverse("plans:item_row", args=[plan.pk, kind, item.pk])
        assert count_queries(client, row) == 11, size
    # Every other milestone and activity is offered as what it can wait for, except the milestone
    # an activity leads to (it waits for the activity already); and the three dependency types.
    page = client.get(detail).content.decode()
    offered = 1 + 600 - 1 - (1 if kind == "activity" else 0)
    assert page.count("<option value=") == offered + 3
