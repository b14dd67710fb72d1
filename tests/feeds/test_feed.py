"""The calendar feed: literal events, stable UIDs, who sees which plan, the secret address."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from mijlpaal.feeds import services
from mijlpaal.feeds.models import FeedToken
from mijlpaal.monitoring.models import Evaluation
from mijlpaal.plans.models import Closure, Membership, Milestone, ReportingPeriod
from tests.helpers import Actors, SamplePlan, build_plan, client_for, english_client, saved, text


def events(body: bytes) -> dict[str, dict[str, object]]:
    """UID → the event's fields, from the calendar file as a calendar program reads it."""
    found: dict[str, dict[str, object]] = {}
    for event in Calendar.from_ical(body).walk("VEVENT"):
        found[str(event["UID"])] = {
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "description": str(event["DESCRIPTION"]),
            "sequence": int(str(event["SEQUENCE"])),
        }
    return found


def feed(token: str, plan_id: int | None = None) -> bytes:
    if plan_id is None:
        url = reverse("feeds:all", args=[token])
    else:
        url = reverse("feeds:plan", args=[token, plan_id])
    response = Client().get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


@pytest.fixture
def dated(sample: SamplePlan) -> SamplePlan:
    """The sample plan with a decision point, an evaluation, a report due and a test week."""
    plan, owner = sample.plan, sample.plan.memberships.get(role="owner").user
    sample.second_milestone.is_decision_point = True
    sample.second_milestone.save()
    Evaluation.objects.create(plan=plan, title="Halverwege", planned_on=dt.date(2027, 3, 15))
    ReportingPeriod.objects.create(
        plan=plan,
        name="Voortgangsrapportage 2025–2026",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 7, 31),
        due_date=dt.date(2026, 10, 1),
    )
    saved(
        plan,
        owner,
        Closure(
            name="Toetsweek 2",
            kind="toetsweek",
            start_date=dt.date(2027, 1, 25),
            end_date=dt.date(2027, 1, 29),
        ),
    )
    return sample


def uid(kind: str, sample: SamplePlan, key: str) -> str:
    return f"{kind}-p{sample.plan.pk}-{key}@mijlpaal"


def test_the_feed_lists_each_date_as_an_all_day_event(dated: SamplePlan, actors: Actors) -> None:
    token = services.feed_token_create(user=actors.viewer, language="nl")
    found = events(feed(token))
    m1, m2 = dated.milestone, dated.second_milestone
    closure = Closure.objects.get(plan=dated.plan)
    evaluation = Evaluation.objects.get(plan=dated.plan)
    period = ReportingPeriod.objects.get(plan=dated.plan)
    assert {k: (v["summary"], v["start"], v["end"]) for k, v in found.items()} == {
        uid("milestone", dated, m1.key): (
            f"Mijlpaal {m1.number}: XR-lesmateriaal ontwikkeld (deadline)",
            dt.date(2025, 12, 19),
            dt.date(2025, 12, 20),
        ),
        uid("decision", dated, m2.key): (
            f"Mijlpaal {m2.number}: XR in alle techniekprofielen (beslismoment go/no-go)",
            dt.date(2026, 6, 30),
            dt.date(2026, 7, 1),
        ),
        uid("evaluation", dated, str(evaluation.pk)): (
            "Tussenevaluatie: Halverwege",
            dt.date(2027, 3, 15),
            dt.date(2027, 3, 16),
        ),
        uid("report", dated, str(period.pk)): (
            "Rapportage inleveren: Voortgangsrapportage 2025–2026",
            dt.date(2026, 10, 1),
            dt.date(2026, 10, 2),
        ),
        # Monday to Friday inclusive: DTEND is the Saturday.
        uid("closure", dated, closure.key): (
            "Toetsweek 2 (schoolkalender)",
            dt.date(2027, 1, 25),
            dt.date(2027, 1, 30),
        ),
    }
    assert all(type(v["start"]) is dt.date for v in found.values())
    assert re.search(rb"DTSTART;VALUE=DATE:20251219\r\n", feed(token))
    description = found[uid("milestone", dated, m1.key)]["description"]
    assert description == (
        "Plan: Regioplan Techniek 2025–2028\n"
        f"http://testserver/plans/{dated.plan.pk}/milestone/{m1.pk}/"
    )


def test_the_feed_is_in_the_language_the_member_made_it_in(
    dated: SamplePlan, actors: Actors
) -> None:
    english_client(actors.viewer).post(reverse("feeds:settings"), {"action": "create"})
    assert FeedToken.objects.get(user=actors.viewer).language == "en"
    token = services.feed_token_create(user=actors.viewer, language="en")
    summaries = {v["summary"] for v in events(feed(token)).values()}
    assert "Interim evaluation: Halverwege" in summaries
    assert "Report due: Voortgangsrapportage 2025–2026" in summaries
    m1 = dated.milestone
    assert f"Milestone {m1.number}: XR-lesmateriaal ontwikkeld (deadline)" in summaries


def test_a_moved_deadline_keeps_its_uid_and_moves_the_event(
    dated: SamplePlan, actors: Actors
) -> None:
    token = services.feed_token_create(user=actors.editor, language="nl")
    key = uid("milestone", dated, dated.milestone.key)
    before = events(feed(token))[key]
    client = client_for(actors.editor)
    edit = reverse("plans:item_edit", args=[dated.plan.pk, "milestone", dated.milestone.pk])
    form = client.get(edit).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["deadline"] = "2026-02-06"
    response = client.post(edit, data)
    assert response.status_code == 302, text(response)
    after = events(feed(token))
    assert after[key]["start"] == dt.date(2026, 2, 6)
    assert after[key]["end"] == dt.date(2026, 2, 7)
    assert int(str(after[key]["sequence"])) > int(str(before["sequence"]))
    assert len(after) == 5


def test_a_removed_membership_takes_the_plan_out_of_the_feed(
    dated: SamplePlan, actors: Actors
) -> None:
    other = build_plan(actors.viewer, "Mijn eigen plan")
    saved(other, actors.viewer, Milestone(title="Eigen mijlpaal", deadline=dt.date(2027, 5, 1)))
    token = services.feed_token_create(user=actors.viewer, language="nl")
    assert len(events(feed(token))) == 6
    Membership.objects.filter(plan=dated.plan, user=actors.viewer).delete()
    assert [v["summary"] for v in events(feed(token)).values()] == [
        "Mijlpaal 1: Eigen mijlpaal (deadline)"
    ]
    response = Client().get(reverse("feeds:plan", args=[token, dated.plan.pk]))
    assert response.status_code == 404


def test_a_token_never_shows_a_plan_its_member_is_not_in(dated: SamplePlan, actors: Actors) -> None:
    mine = build_plan(actors.outsider, "Plan van Otto")
    token = services.feed_token_create(user=actors.outsider, language="nl")
    body = feed(token)
    assert b"Regioplan Techniek" not in body
    assert b"XR-lesmateriaal" not in body
    response = Client().get(reverse("feeds:plan", args=[token, dated.plan.pk]))
    assert response.status_code == 404
    assert b"Regioplan" not in response.content
    assert Client().get(reverse("feeds:plan", args=[token, mine.pk])).status_code == 200


def test_wrong_revoked_and_replaced_tokens_give_404(dated: SamplePlan, actors: Actors) -> None:
    first = services.feed_token_create(user=actors.viewer, language="nl")
    second = services.feed_token_create(user=actors.viewer, language="nl")
    anonymous = Client()
    assert anonymous.get(reverse("feeds:all", args=[first])).status_code == 404
    assert anonymous.get(reverse("feeds:all", args=[second])).status_code == 200
    assert anonymous.get(reverse("feeds:all", args=["x" * 43])).status_code == 404
    assert anonymous.get(reverse("feeds:all", args=["x" * 500])).status_code == 404
    assert services.feed_token_revoke(user=actors.viewer)
    response = anonymous.get(reverse("feeds:all", args=[second]))
    assert response.status_code == 404
    assert response.content == b"Not found"


def test_only_the_hash_of_the_token_is_stored(actors: Actors) -> None:
    token = services.feed_token_create(user=actors.viewer, language="nl")
    assert len(token) == 43
    row = FeedToken.objects.get(user=actors.viewer)
    assert token not in row.token_hash
    assert row.token_hash == services.token_hash(token)


def test_the_account_page_makes_shows_once_and_revokes_the_address(
    dated: SamplePlan, actors: Actors
) -> None:
    client = client_for(actors.viewer)
    page = client.get(reverse("feeds:settings"))
    assert "U heeft geen agenda-adres." in text(page)
    made = client.post(reverse("feeds:settings"), {"action": "create"})
    assert made.status_code == 200
    urls = re.findall(r'value="(http://testserver/feeds/[^"]+)"', made.content.decode())
    token = FeedToken.objects.get(user=actors.viewer)
    assert urls == [
        urls[0],
        urls[0].replace("/all.ics", f"/plans/{dated.plan.pk}.ics"),
    ]
    assert services.token_hash(urls[0].split("/")[4]) == token.token_hash
    assert Client().get(urls[0]).status_code == 200
    # Shown once: the page afterwards no longer has it.
    again = client.get(reverse("feeds:settings"))
    assert urls[0].split("/")[4] not in again.content.decode()
    assert "U heeft een agenda-adres, gemaakt op 1 december 2026." in text(again)
    client.post(reverse("feeds:settings"), {"action": "create"})
    assert Client().get(urls[0]).status_code == 404
    revoked = client.post(reverse("feeds:settings"), {"action": "revoke"}, follow=True)
    assert "Uw agenda-adres is ingetrokken." in text(revoked)
    assert not FeedToken.objects.filter(user=actors.viewer).exists()


def test_the_one_off_download_is_for_members_only(dated: SamplePlan, actors: Actors) -> None:
    url = reverse("feeds:download", args=[dated.plan.pk])
    response = client_for(actors.viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="plan-{dated.plan.pk}.ics"'
    assert len(events(response.content)) == 5
    assert client_for(actors.outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    overview = client_for(actors.viewer).get(reverse("plans:overview", args=[dated.plan.pk]))
    assert f'href="{url}"' in overview.content.decode()


@pytest.mark.parametrize("count", [3, 300])
def test_the_feed_makes_the_same_queries_for_a_big_plan(
    actors: Actors, count: int, django_assert_num_queries: object
) -> None:
    plan = build_plan(actors.owner)
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            title=f"Mijlpaal {n}",
            number=n,
            deadline=dt.date(2027, 1, 1) + dt.timedelta(n),
        )
        for n in range(count)
    )
    token = services.feed_token_create(user=actors.owner, language="nl")
    # token, plans, milestones, evaluations, reporting periods, closures, history
    with django_assert_num_queries(7):  # type: ignore[operator]
        body = feed(token)
    assert len(events(body)) == count
