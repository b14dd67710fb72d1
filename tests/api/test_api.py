"""The REST API: tokens, membership and roles, lists and pages, ETags, status updates, errors."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client

from mijlpaal.accounts.models import User
from mijlpaal.api.models import ApiToken
from mijlpaal.api.services import api_token_create, api_token_find, api_token_revoke
from mijlpaal.decisions.models import DecisionDocument, DecisionIssue, DecisionOption
from mijlpaal.feeds.services import token_hash
from mijlpaal.monitoring.models import Entry
from mijlpaal.plans.models import Activity, Dependency, Milestone
from mijlpaal.responsibilities.models import Assignment
from tests.helpers import Actors, SamplePlan, report, saved


def token_for(user: User, scope: str = "read") -> str:
    return api_token_create(user=user, name="Test", scope=scope)[1]


class Api:
    def __init__(self, token: str, language: str = "nl") -> None:
        self.client = Client(
            headers={"Authorization": f"Bearer {token}", "Accept-Language": language}
        )

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers=headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def test_a_token_is_stored_hashed_and_found_in_constant_time(actors: Actors) -> None:
    token, secret = api_token_create(user=actors.viewer, name=" Power BI ", scope="read")
    assert secret.startswith("mp_") and len(secret) == 46
    row = ApiToken.objects.get()
    assert row.name == "Power BI" and row.token_hash == token_hash(secret)
    assert secret not in str(ApiToken.objects.values_list())
    assert api_token_find(secret) == token
    assert api_token_find(secret + "x") is None
    assert api_token_find("") is None
    assert api_token_revoke(user=actors.outsider, token_id=token.pk) is False
    assert api_token_revoke(user=actors.viewer, token_id=token.pk) is True
    assert api_token_find(secret) is None


def test_the_plans_of_the_token_s_member(sample: SamplePlan, actors: Actors) -> None:
    response = Api(token_for(actors.viewer)).get("/plans")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "limit": 100,
        "offset": 0,
        "items": [
            {
                "id": sample.plan.pk,
                "title": "Regioplan Techniek 2025–2028",
                "organisation": "STO Rivierenland",
                "vision": "",
                "start_date": "2025-01-01",
                "end_date": "2028-12-31",
                "region": "midden",
                "scheduling": sample.plan.scheduling,
                "role": "viewer",
            }
        ],
    }
    assert Api(token_for(actors.outsider)).get("/plans").json()["items"] == []


def test_without_a_valid_token_nothing(sample: SamplePlan, actors: Actors) -> None:
    for client in (Client(), Api("mp_wrong").client, Client(headers={"Authorization": "Basic x"})):
        response = client.get(f"/api/v1/plans/{sample.plan.pk}/milestones")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert response.json() == {
            "detail": "Stuur een geldig API-token mee: Authorization: Bearer <token>.",
        }
    # A logged-in browser session does not open the API.
    browser = Client()
    browser.force_login(actors.owner)
    assert browser.get(f"/api/v1/plans/{sample.plan.pk}").status_code == 401


def test_a_revoked_token_stops_working(sample: SamplePlan, actors: Actors) -> None:
    token, secret = api_token_create(user=actors.viewer, name="x", scope="read")
    assert Api(secret).get(f"/plans/{sample.plan.pk}").status_code == 200
    api_token_revoke(user=actors.viewer, token_id=token.pk)
    assert Api(secret).get(f"/plans/{sample.plan.pk}").status_code == 401


def test_an_outsider_gets_404_as_for_a_plan_that_does_not_exist(
    sample: SamplePlan, actors: Actors
) -> None:
    api = Api(token_for(actors.outsider, "write"), "en")
    missing = api.get("/plans/999999/goals")
    hidden = api.get(f"/plans/{sample.plan.pk}/goals")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"detail": "Not found."}


def test_the_content_of_a_plan(sample: SamplePlan, actors: Actors) -> None:
    plan = sample.plan
    Dependency.objects.create(
        plan=plan,
        predecessor_milestone=sample.milestone,
        successor_milestone=sample.second_milestone,
    )
    Assignment.objects.create(
        plan=plan, party=sample.party, milestone=sample.milestone, letters="VE"
    )
    api = Api(token_for(actors.viewer))
    goal = api.get(f"/plans/{plan.pk}/goals").json()["items"][0]
    assert goal["description"] == "Vijf procent minder uitval in vmbo 3 in 2028"
    assert goal["target_value"] == "-5%"
    ws = api.get(f"/plans/{plan.pk}/workstreams").json()["items"]
    assert [w["name"] for w in ws] == ["Modern techniekonderwijs"]
    ms = api.get(f"/plans/{plan.pk}/milestones").json()["items"]
    assert [(m["title"], m["deadline"], m["lead_time"]) for m in ms] == [
        ("XR-lesmateriaal ontwikkeld", "2025-12-19", "3m"),
        ("XR in alle techniekprofielen", "2026-06-30", ""),
    ]
    acts = api.get(f"/plans/{plan.pk}/activities").json()["items"]
    assert [(a["title"], a["milestone_id"], a["duration"]) for a in acts] == [
        ("Inventarisatie XR-toepassingen", sample.milestone.pk, "4w")
    ]
    deps = api.get(f"/plans/{plan.pk}/dependencies").json()["items"]
    assert deps[0]["predecessor"] == {"kind": "milestone", "id": sample.milestone.pk}
    assert deps[0]["successor"] == {"kind": "milestone", "id": sample.second_milestone.pk}
    assert (deps[0]["type"], deps[0]["lag"]) == ("FS", "0d")
    parties = api.get(f"/plans/{plan.pk}/parties").json()["items"]
    assert [(p["name"], p["kind"]) for p in parties] == [("Maaswaal College", "school")]
    cells = api.get(f"/plans/{plan.pk}/veri").json()["items"]
    assert [(c["party_id"], c["row"], c["row_id"], c["letters"]) for c in cells] == [
        (sample.party.pk, "milestone", sample.milestone.pk, "VE")
    ]


def test_the_schedule(sample: SamplePlan, actors: Actors) -> None:
    """The dates the pages show: today is 2026-12-01, both deadlines have passed unreached, so
    the work starts today; the activity's four working weeks skip the Christmas holiday."""
    body = Api(token_for(actors.viewer), "en").get(f"/plans/{sample.plan.pk}/schedule").json()
    assert body["activities"] == [
        {
            "id": sample.activity.pk,
            "start": "2026-12-01",
            "finish": "2027-01-11",
            "late_start": "2025-11-24",
            "slack": -212,
            "critical": True,
        }
    ]
    first, second = body["milestones"]
    assert first == {
        "id": sample.milestone.pk,
        "start": "2026-12-01",
        "finish": "2027-03-08",
        "late_start": "2025-09-22",
        "slack": -252,
        "critical": True,
    }
    assert (second["id"], second["finish"], second["slack"]) == (
        sample.second_milestone.pk,
        "2026-12-01",
        -80,
    )
    assert body["warnings"][0] == {
        "severity": "error",
        "code": "deadline_unreachable",
        "message": "The milestone ‘XR-lesmateriaal ontwikkeld’ (deadline Fri 19 December 2025) "
        "cannot be met: the chain XR-lesmateriaal ontwikkeld finishes on Mon 8 March 2027 at the "
        "earliest, 252 working days late.",
    }


def test_pages_are_bounded(sample: SamplePlan, actors: Actors) -> None:
    api = Api(token_for(actors.viewer), "en")
    page = api.get(f"/plans/{sample.plan.pk}/milestones?limit=1&offset=1").json()
    assert (page["count"], page["limit"], page["offset"]) == (2, 1, 1)
    assert [m["title"] for m in page["items"]] == ["XR in alle techniekprofielen"]
    too_many = api.get(f"/plans/{sample.plan.pk}/milestones?limit=501")
    assert too_many.status_code == 422
    assert too_many.json()["detail"] == "The request is not valid."
    assert list(too_many.json()["errors"]) == ["limit"]


def test_an_unchanged_answer_is_304(sample: SamplePlan, actors: Actors) -> None:
    api = Api(token_for(actors.viewer))
    url = f"/plans/{sample.plan.pk}/milestones"
    first = api.get(url)
    tag = first["ETag"]
    assert tag.startswith('W/"')
    again = api.get(url, **{"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == tag
    saved(sample.plan, actors.owner, Milestone(title="Nieuw", deadline=dt.date(2027, 1, 1)))
    changed = api.get(url, **{"If-None-Match": tag})
    assert changed.status_code == 200 and changed["ETag"] != tag


def test_logbook_and_decisions_are_read(sample: SamplePlan, actors: Actors) -> None:
    report(
        sample.plan,
        actors.contributor,
        sample.milestone,
        "2026-11-20",
        "orange",
        problems="Geen XR-brillen",
    )
    api = Api(token_for(actors.viewer))
    entries = api.get(f"/plans/{sample.plan.pk}/logbook").json()["items"]
    assert [(e["light"], e["problems"], e["reported_on"], e["author_name"]) for e in entries] == [
        ("orange", "Geen XR-brillen", "2026-11-20", "Cor Contributor")
    ]
    assert api.get(f"/plans/{sample.plan.pk}/status-updates").json()["count"] == 1
    assert api.get(f"/plans/{sample.plan.pk}/decisions").json() == {
        "count": 0,
        "limit": 100,
        "offset": 0,
        "items": [],
    }


def test_a_contributor_posts_a_status_update_once(sample: SamplePlan, actors: Actors) -> None:
    api = Api(token_for(actors.contributor, "write"))
    key = str(uuid.uuid4())
    body = {
        "target": "milestone",
        "target_id": sample.second_milestone.pk,
        "light": "red",
        "problems": "De leverancier is failliet",
        "forecast": "2026-09-30",
        "request_key": key,
    }
    first = api.post(f"/plans/{sample.plan.pk}/status-updates", body)
    assert first.status_code == 201, first.content
    assert first.json()["light"] == "red"
    assert first.json()["forecast"] == "2026-09-30"
    assert first.json()["reported_on"] == "2026-12-01"
    again = api.post(f"/plans/{sample.plan.pk}/status-updates", body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Entry.objects.count() == 1
    entry = Entry.objects.get()
    assert (entry.author, entry.milestone) == (actors.contributor, sample.second_milestone)


def test_a_status_update_is_checked_as_on_the_web_form(sample: SamplePlan, actors: Actors) -> None:
    secret = token_for(actors.contributor, "write")
    url = f"/plans/{sample.plan.pk}/status-updates"
    dutch = Api(secret).post(url, {"light": "orange"})
    assert dutch.status_code == 422
    assert dutch.json() == {
        "detail": "De statusupdate is niet opgeslagen.",
        "errors": {"problems": ["Zeg wat er in de weg zit als het licht oranje of rood is."]},
    }
    english = Api(secret, "en").post(url, {"light": "reached"})
    assert english.status_code == 422
    assert english.json()["errors"]["light"][0].startswith("Select a valid choice.")
    foreign = Api(secret, "en").post(
        url, {"light": "green", "target": "activity", "target_id": 999999}
    )
    assert foreign.json()["errors"] == {"target_id": ["This item does not belong to the plan."]}
    assert Entry.objects.count() == 0


@pytest.mark.parametrize(("role", "scope"), [("viewer", "write"), ("contributor", "read")])
def test_reading_roles_and_tokens_cannot_post(
    sample: SamplePlan, actors: Actors, role: str, scope: str
) -> None:
    api = Api(token_for(getattr(actors, role), scope), "en")
    response = api.post(f"/plans/{sample.plan.pk}/status-updates", {"light": "green"})
    assert response.status_code == 403
    assert response.json()["detail"] in {
        "This token may only read; make a read and write token.",
        "Only contributors, editors and owners post status updates.",
    }
    assert Entry.objects.count() == 0


def test_the_schema_and_docs_are_served_without_a_cdn(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    description = schema.json()
    assert description["openapi"].startswith("3.")
    assert "/api/v1/plans/{plan_id}/status-updates" in description["paths"]
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in docs["Content-Security-Policy"]


@pytest.mark.parametrize("count", [2, 40])
def test_lists_make_the_same_queries_for_a_bigger_plan(
    sample: SamplePlan, actors: Actors, count: int, django_assert_num_queries: Any
) -> None:
    plan = sample.plan
    for i in range(count):
        m = Milestone.objects.create(plan=plan, title=f"M{i}", deadline=dt.date(2027, 1, 1))
        Activity.objects.create(plan=plan, title=f"A{i}", milestone=m)
        Assignment.objects.create(plan=plan, party=sample.party, milestone=m, letters="V")
        report(plan, actors.owner, m, "2026-11-02", "green")
        document = DecisionDocument.objects.create(
            plan=plan, milestone=m, subject=m.title, question="Door?"
        )
        issue = DecisionIssue.objects.create(document=document, question="Budget?")
        DecisionOption.objects.create(issue=issue, title="Meer geld", advised=True)
    api = Api(token_for(actors.viewer))
    # The token (1), the membership (1), the count and the page (2).
    for resource in ("goals", "milestones", "activities", "dependencies", "parties", "veri",
                     "workstreams", "logbook", "status-updates"):  # fmt: skip
        with django_assert_num_queries(4):
            assert api.get(f"/plans/{plan.pk}/{resource}").status_code == 200
    with django_assert_num_queries(6):  # ... and each page's issues and their options
        assert api.get(f"/plans/{plan.pk}/decisions").status_code == 200
    with django_assert_num_queries(3):
        assert api.get("/plans").status_code == 200
    # The token, the membership, and six for the schedule as the pages compute it.
    with django_assert_num_queries(8):
        assert api.get(f"/plans/{plan.pk}/schedule").status_code == 200


def test_a_server_error_is_json_without_a_traceback(
    sample: SamplePlan, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(plan: object) -> None:
        raise RuntimeError("secret detail of the server")

    monkeypatch.setattr("mijlpaal.api.endpoints.plan_schedule", broken)
    response = Api(token_for(actors.viewer), "en").get(f"/plans/{sample.plan.pk}/schedule")
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side; it has been logged."}
    assert b"secret detail" not in response.content and b"Traceback" not in response.content
