"""Every plan URL is closed to those who are not members, and to members without the role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from mijlpaal.plans.models import ChangeRecord, Dependency, Invitation, Membership, Milestone, Plan
from mijlpaal.plans.views import KINDS
from tests.conftest import Actors, SamplePlan, client_for


def plan_patterns() -> list[tuple[str, list[str]]]:
    """(name, parameters) of every URL pattern that belongs to a plan."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif "plan_id" in p.pattern.converters:  # type: ignore[attr-defined]
                found.append((f"{namespace}{p.name}", list(p.pattern.converters)))  # type: ignore[attr-defined]

    walk(get_resolver().url_patterns, "")
    return found


def urls_for(sample: SamplePlan, actors: Actors) -> list[str]:
    plan = sample.plan
    invitation = Invitation.objects.create(
        plan=plan, email="new@school.example", token_hash="x" * 64,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    dependency = Dependency.objects.create(
        plan=plan, predecessor_milestone=sample.milestone, successor_milestone=sample.second_milestone
    )
    objects = {
        "goal": sample.goal, "workstream": sample.workstream, "milestone": sample.milestone,
        "activity": sample.activity, "party": sample.party,
    }
    assert set(objects) == set(KINDS), "every kind of plan content is walked"
    special_pk = {
        "plans:member_change": Membership.objects.get(plan=plan, user=actors.owner).pk,
        "plans:invitation_revoke": invitation.pk,
        "plans:dependency_delete": dependency.pk,
    }
    urls: list[str] = []
    for name, params in plan_patterns():
        if "kind_slug" in params:
            for slug, obj in objects.items():
                kwargs: dict[str, object] = {"plan_id": plan.pk, "kind_slug": slug}
                if "pk" in params:
                    kwargs["pk"] = obj.pk
                if "direction" in params:
                    kwargs["direction"] = "up"
                urls.append(reverse(name, kwargs=kwargs))
        elif "pk" in params:
            urls.append(reverse(name, kwargs={"plan_id": plan.pk, "pk": special_pk[name]}))
        else:
            assert params == ["plan_id"], f"{name} has parameters this sweep does not know: {params}"
            urls.append(reverse(name, kwargs={"plan_id": plan.pk}))
    return urls


def state() -> tuple[int, ...]:
    return (
        Plan.objects.count(), Milestone.objects.count(), Membership.objects.count(),
        ChangeRecord.objects.count(), Dependency.objects.count(),
        Invitation.objects.filter(revoked_at__isnull=True).count(),
    )


def test_the_sweep_covers_all_plan_pages(sample: SamplePlan, actors: Actors) -> None:
    urls = urls_for(sample, actors)
    assert len(plan_patterns()) >= 18
    assert len(urls) >= 40


def test_outsider_gets_404_on_every_plan_url(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.outsider)
    urls = urls_for(sample, actors)
    before = state()
    for url in urls:
        assert client.get(url).status_code in {404, 405}, url
        response = client.post(url, {"title": "hacked", "role": "owner", "remove": "1", "confirm_title": sample.plan.title})
        # 405 (read-only page) is decided before the plan is looked up, so it tells nothing either.
        assert response.status_code in {404, 405}, url
        assert sample.plan.title.encode() not in response.content
    assert state() == before
    assert Plan.objects.get(pk=sample.plan.pk).title == "Regioplan Techniek 2025–2028"


def test_anonymous_is_sent_to_login_and_sees_nothing(sample: SamplePlan, actors: Actors) -> None:
    client = Client()
    urls = urls_for(sample, actors)
    before = state()
    for url in urls:
        for response in (client.get(url), client.post(url, {"title": "x", "confirm_title": sample.plan.title})):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/?next="), url
    assert state() == before


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_readers_cannot_change_anything(sample: SamplePlan, actors: Actors, role: str) -> None:
    client = client_for(getattr(actors, role))
    urls = urls_for(sample, actors)
    before = state()
    readable = {"overview", "goals", "workstreams", "parties", "members", "history", "item_detail", "item_row", "download"}
    for url in urls:
        name = url
        response = client.post(url, {"title": "changed", "role": "owner", "remove": "1", "confirm_title": sample.plan.title})
        assert response.status_code in {403, 405}, name
        get = client.get(url)
        match = resolve(url)
        if match.url_name == "item_row" and match.kwargs["kind_slug"] not in {"milestone", "activity"}:
            assert get.status_code == 404, name
        elif match.url_name in readable:
            assert get.status_code == 200, name
        else:
            assert get.status_code in {403, 405}, name
    assert state() == before


def test_editor_cannot_manage_members_or_settings(sample: SamplePlan, actors: Actors) -> None:
    client = client_for(actors.editor)
    plan = sample.plan
    assert client.get(reverse("plans:settings", args=[plan.pk])).status_code == 403
    assert client.get(reverse("plans:delete", args=[plan.pk])).status_code == 403
    response = client.post(reverse("plans:members", args=[plan.pk]), {"email": "x@school.example", "role": "owner"})
    assert response.status_code == 403
    owner_membership = Membership.objects.get(plan=plan, user=actors.owner)
    response = client.post(reverse("plans:member_change", args=[plan.pk, owner_membership.pk]), {"remove": "1"})
    assert response.status_code == 403
    assert Membership.objects.filter(plan=plan).count() == 4
    assert client.get(reverse("plans:item_edit", args=[plan.pk, "milestone", sample.milestone.pk])).status_code == 200


def test_items_of_another_plan_are_not_reachable_through_my_plan(sample: SamplePlan, actors: Actors) -> None:
    from tests.conftest import build_plan

    mine = build_plan(actors.outsider, "Mijn eigen plan")
    client = client_for(actors.outsider)
    url = reverse("plans:item_edit", args=[mine.pk, "milestone", sample.milestone.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "overwritten"}).status_code == 404
    assert Milestone.objects.get(pk=sample.milestone.pk).title == "XR-lesmateriaal ontwikkeld"
