"""Privacy (AVG): the privacy page, a member's own data as a zip of JSON, and erasure of a person
by a site administrator: no trace of their name or address in the logbook or history, the plans'
content unchanged."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessLog  # type: ignore[import-untyped]
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.monitoring.models import Entry, Light
from mijlpaal.monitoring.services import entry_post
from mijlpaal.operations.privacy import ERASED, person_erase, scrub
from mijlpaal.operations.privacy import _pattern as trace_pattern
from mijlpaal.plans import services
from mijlpaal.plans.models import (
    ChangeRecord,
    Invitation,
    Membership,
    Milestone,
    Party,
    PartyKind,
    Plan,
    Role,
)
from mijlpaal.responsibilities.models import Assignment
from mijlpaal.responsibilities.services import assignment_set
from tests.conftest import Actors, SamplePlan, client_for

pytestmark = pytest.mark.django_db

CONTENT_MODELS = ("plans.plan", "plans.goal", "plans.workstream", "plans.milestone",
                  "plans.activity", "plans.dependency", "plans.phase", "plans.domain",
                  "responsibilities.assignment")  # fmt: skip


@dataclass
class Story:
    """The editor Eddy works in the sample plan: he is a party with letters, writes an entry,
    changes a milestone; the owner changes his role and invites his second address."""

    sample: SamplePlan
    eddy: User
    party: Party
    entry: Entry


@pytest.fixture
def story(sample: SamplePlan, actors: Actors) -> Story:
    plan, eddy, owner = sample.plan, actors.editor, actors.owner
    party = services.item_save(
        plan=plan,
        user=owner,
        instance=Party(
            name="Eddy Editor",
            kind=PartyKind.PERSON,
            email=eddy.email,
            user=eddy,
            role_title="docent",
        ),
    )
    assert isinstance(party, Party)
    assignment_set(plan=plan, user=owner, party=party, row=sample.milestone, letters="E")
    entry = entry_post(
        plan=plan,
        user=eddy,
        subject=sample.milestone,
        entry=Entry(light=Light.ORANGE, explanation="De XR-brillen zijn later geleverd."),
    )
    milestone = Milestone.objects.get(pk=sample.milestone.pk)
    milestone.result = "Lesmateriaal voor drie profielen"
    services.item_save(plan=plan, user=eddy, instance=milestone)
    membership = Membership.objects.get(plan=plan, user=eddy)
    services.membership_change_role(plan=plan, user=owner, membership=membership, role=Role.VIEWER)
    Invitation.objects.create(  # the one he accepted once
        plan=plan,
        email=eddy.email,
        role=Role.EDITOR,
        token_hash="0" * 64,
        invited_by=owner,
        expires_at=clock.now(),
        accepted_at=clock.now(),
        accepted_by=eddy,
    )
    return Story(sample, eddy, party, entry)


def download(client: Client) -> dict[str, Any]:
    response = client.get(reverse("operations:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="mijlpaal-')
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {
            name: archive.read(name).decode()
            if name.endswith(".txt")
            else json.loads(archive.read(name))
            for name in archive.namelist()
        }


# --- the pages -----------------------------------------------------------------------------------


def test_the_privacy_page_needs_no_login_and_speaks_dutch_then_english(db: None) -> None:
    dutch = Client().get(reverse("operations:privacy"))
    assert dutch.status_code == 200
    text = dutch.content.decode()
    assert "Privacy: wat Mijlpaal bewaart en waarom" in text
    assert "8 uur" in text and "14 dagen" in text
    client = Client()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("operations:privacy"))
    assert "Privacy: what Mijlpaal stores and why" in english.content.decode()


def test_my_data_needs_a_login(db: None) -> None:
    for name in ("operations:my_data", "operations:my_data_download"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_my_data_page_counts_what_is_stored(story: Story) -> None:
    response = client_for(story.eddy).get(reverse("operations:my_data"))
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "editor@school.example" in text
    assert "Logboekregels die u schreef</dt><dd>1</dd>" in text
    assert reverse("operations:my_data_download") in text


# --- the export ----------------------------------------------------------------------------------


def test_the_export_holds_everything_about_the_member_and_nothing_of_others(story: Story) -> None:
    files = download(client_for(story.eddy))
    assert set(files) == {
        "README.txt", "account.json", "memberships.json", "parties.json", "logbook.json",
        "history.json", "invitations.json", "logins.json",
    }  # fmt: skip
    assert files["account.json"]["email"] == "editor@school.example"
    assert files["account.json"]["name"] == "Eddy Editor"
    assert "password" not in json.dumps(files["account.json"])
    title = story.sample.plan.title
    assert files["memberships.json"] == [
        {
            "plan": title,
            "plan_id": story.sample.plan.pk,
            "role": "viewer",
            "weekly_digest": False,
            "member_since": files["memberships.json"][0]["member_since"],
        }
    ]
    [party] = files["parties.json"]
    assert (party["plan"], party["name"], party["role_title"]) == (title, "Eddy Editor", "docent")
    assert party["veri"] == [{"row": "1. XR-lesmateriaal ontwikkeld", "letters": "E"}]
    [entry] = files["logbook.json"]
    assert entry["explanation"] == "De XR-brillen zijn later geleverd."
    assert (entry["plan"], entry["light"], entry["author_name"]) == (title, "orange", "Eddy Editor")
    [change] = files["history.json"]
    assert change["object_label"] == "XR-lesmateriaal ontwikkeld"
    assert change["changes"] == {"result": ["", "Lesmateriaal voor drie profielen"]}
    [invitation] = files["invitations.json"]
    assert (invitation["email"], invitation["role"]) == ("editor@school.example", "editor")
    assert [login["kind"] for login in files["logins.json"]] == ["login"]
    assert "Olga" not in json.dumps(files), "nothing about the owner"


def test_the_export_of_someone_without_plans_is_empty_but_whole(actors: Actors) -> None:
    files = download(client_for(actors.outsider))
    assert files["memberships.json"] == files["logbook.json"] == files["history.json"] == []
    assert "/privacy/" in files["README.txt"]


def test_failed_logins_with_the_address_are_in_the_export(actors: Actors) -> None:
    client = client_for(actors.viewer)  # a successful login resets the count of failures
    Client().post(reverse("login"), {"username": actors.viewer.email, "password": "wrong"})
    files = download(client)
    kinds = sorted(row["kind"] for row in files["logins.json"])
    assert kinds == ["failed attempts", "login"]
    failed = next(row for row in files["logins.json"] if row["kind"] == "failed attempts")
    assert failed["failures_since_start"] == 1


# --- erasure -------------------------------------------------------------------------------------


def plan_content() -> str:
    found = []
    for label in CONTENT_MODELS:
        model = __import__("django.apps", fromlist=["apps"]).apps.get_model(label)
        found.append(serializers.serialize("json", model.objects.order_by("pk")))
    parties = Party.objects.order_by("pk").values("name", "kind", "email", "role_title", "plan")
    found.append(json.dumps(list(parties)))
    entries = Entry.objects.order_by("pk").values(
        "subject", "light", "explanation", "problems", "measures", "forecast", "reported_on"
    )
    found.append(json.dumps(list(entries), default=str))
    return "\n".join(found)


def traces_left(*needles: str) -> list[str]:
    """Entries and history records that still name one of `needles`."""
    left = []
    for model in (Entry, ChangeRecord):
        for row in model.objects.values():
            text = json.dumps(row, default=str, ensure_ascii=False).lower()
            if any(needle.lower() in text for needle in needles):
                left.append(f"{model.__name__} {row['id']}: {text[:200]}")
    return left


def test_erasing_a_person_leaves_no_trace_in_logbook_and_history(story: Story) -> None:
    content = plan_content()
    assert traces_left("Eddy Editor", "editor@school.example"), "the story names him"
    call_command("erase_person", "Editor@School.example", yes=True)
    assert not User.objects.filter(email="editor@school.example").exists()
    assert traces_left("Eddy Editor", "editor@school.example") == []
    entry = Entry.objects.get(pk=story.entry.pk)
    assert (entry.author_id, entry.author_name) == (None, ERASED)
    assert entry.explanation == "De XR-brillen zijn later geleverd."
    assert not ChangeRecord.objects.filter(user_id=story.eddy.pk).exists()
    role_change = ChangeRecord.objects.get(object_type="membership", action="update")
    assert role_change.object_label.startswith(f"{ERASED} (")
    assert role_change.changes == {"role": ["editor", "viewer"]}
    assert role_change.user is not None, "the owner who made the change stays"
    party_added = ChangeRecord.objects.get(
        object_type="party", object_id=story.party.pk, action="create"
    )
    assert party_added.changes["name"] == [None, ERASED]
    assert party_added.changes["email"] == [None, ERASED]
    assert party_added.changes["role_title"] == [None, "docent"]
    assert plan_content() == content, "the plan's content stays, parties included"
    assert Party.objects.get(pk=story.party.pk).user_id is None
    assert Assignment.objects.filter(party=story.party).count() == 1
    assert not Invitation.objects.filter(email__iexact="editor@school.example").exists()


def test_erasure_ends_sessions_and_forgets_login_records(story: Story) -> None:
    client = client_for(story.eddy)
    Client().post(reverse("login"), {"username": story.eddy.email, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=story.eddy.email).exists()
    assert AccessLog.objects.filter(username=story.eddy.email).exists()
    sessions = Session.objects.count()
    person_erase(user=story.eddy)
    assert Session.objects.count() == sessions - 1
    assert not AccessAttempt.objects.filter(username=story.eddy.email).exists()
    assert not AccessLog.objects.filter(username=story.eddy.email).exists()
    assert client.get(reverse("plans:list")).status_code == 302


def test_the_only_owner_of_a_plan_is_not_erased(story: Story, actors: Actors) -> None:
    with pytest.raises(CommandError, match=r"only owner of: Regioplan Techniek 2025–2028"):
        call_command("erase_person", actors.owner.email, yes=True)
    assert User.objects.filter(pk=actors.owner.pk).exists()
    membership = Membership.objects.get(plan=story.sample.plan, user=actors.editor)
    membership.role = Role.OWNER
    membership.save()
    call_command("erase_person", actors.owner.email, yes=True)
    assert not User.objects.filter(pk=actors.owner.pk).exists()
    assert traces_left("Olga Owner", "owner@school.example") == []


def test_an_unknown_address_is_an_error(db: None) -> None:
    with pytest.raises(CommandError, match="No account"):
        call_command("erase_person", "nobody@school.example", yes=True)


def test_names_are_erased_as_whole_words_only() -> None:
    pattern = trace_pattern(["Jan", "jan@school.example"])
    assert scrub("Jan en Janssen, januari; jan@school.example.", pattern) == (
        f"{ERASED} en Janssen, januari; {ERASED}."
    )
    assert scrub({"user": ["Jan", None], "n": 3}, pattern) == {"user": [ERASED, None], "n": 3}
    assert scrub("marjan@school.example", pattern) == "marjan@school.example"


def test_a_site_administrator_erases_people_in_the_admin(story: Story, actors: Actors) -> None:
    admin = User.objects.create_superuser(email="beheer@school.example", password="x")
    client = client_for(admin)
    url = reverse("admin:accounts_user_changelist")
    chosen = {"action": "erase_people", "_selected_action": [str(story.eddy.pk)]}
    confirm = client.post(url, chosen)
    assert confirm.status_code == 200
    assert "editor@school.example" in confirm.content.decode()
    assert User.objects.filter(pk=story.eddy.pk).exists(), "nothing happens before confirming"
    done = client.post(url, {**chosen, "post": "yes"}, follow=True)
    assert done.status_code == 200
    message = re.search(r'<li class="success">([^<]+)</li>', done.content.decode())
    assert message is not None
    assert message.group(1).startswith("Editor@school.example gewist: 1 logboekregel")
    assert not User.objects.filter(pk=story.eddy.pk).exists()
    assert traces_left("Eddy Editor", "editor@school.example") == []


def test_the_admin_refuses_to_erase_the_only_owner(story: Story, actors: Actors) -> None:
    admin = User.objects.create_superuser(email="beheer@school.example", password="x")
    client = client_for(admin)
    url = reverse("admin:accounts_user_changelist")
    chosen = {"action": "erase_people", "_selected_action": [str(actors.owner.pk)], "post": "yes"}
    client.post(url, chosen)
    assert User.objects.filter(pk=actors.owner.pk).exists()


def test_plan_content_is_a_real_check(story: Story) -> None:
    before = plan_content()
    Plan.objects.update(vision="anders")
    assert plan_content() != before
    assert clock.now()  # the frozen clock runs here too
