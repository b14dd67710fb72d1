"""The VERI pages as a user sees them: content in Dutch and English, editing a cell, who may do
what."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from mijlpaal.accounts.models import User
from mijlpaal.plans.models import Activity, ChangeRecord, Milestone, Party, Plan, Workstream
from mijlpaal.responsibilities import urls as veri_urls
from mijlpaal.responsibilities.models import Assignment
from tests.helpers import (
    Actors,
    Matrix,
    SamplePlan,
    build_plan,
    client_for,
    element_text,
    english_client,
    fill,
    text,
)

TODAY = dt.date(2025, 9, 1)


@pytest.fixture(autouse=True)
def _today(travel: Callable[[dt.date], None]) -> None:
    """The schedule's "today" and the communication plan's, fixed so the dates below hold."""
    travel(TODAY)


@pytest.fixture
def matrix(sample: SamplePlan, actors: Actors) -> Matrix:
    return fill(sample, actors.editor)


def url(name: str, plan: Plan, *args: object) -> str:
    return reverse(f"responsibilities:{name}", args=[plan.pk, *args])


def cell_url(m: Matrix, kind: str, row: Workstream | Milestone | Activity, party: Party) -> str:
    return url("cell", m.sample.plan, kind, row.pk, party.pk)


def letters_of(party: Party, **row: object) -> str | None:
    found = Assignment.objects.filter(party=party, **row).first()
    return found.letters if found else None


# --- the matrix ----------------------------------------------------------------------------------


def test_the_matrix_in_dutch(matrix: Matrix, actors: Actors) -> None:
    s = matrix.sample
    page = client_for(actors.owner).get(url("matrix", s.plan))
    assert page.status_code == 200
    body = text(page)
    assert "VERI-matrix" in body
    assert "4 rijen 4 partijen 2 fouten 3 waarschuwingen 0 tips" in body
    # Columns: the parties in their order, a party without a role marked in its header.
    assert (
        "Deelproject, mijlpaal, activiteit Maaswaal College ROC Rivor Eddy Editor Bouwbedrijf Van "
        "Wijk" in body
    )
    assert element_text(page, f"veri-party-{matrix.company.pk}") == (
        "Bouwbedrijf Van Wijk geen rol : Bouwbedrijf Van Wijk heeft nergens een rol in de "
        "VERI-matrix."
    )
    assert element_text(page, f"veri-party-{matrix.school.pk}") == "Maaswaal College"
    # Rows: the workstream, its milestones, each with its activities; each row with its problems.
    assert (
        element_text(page, f"veri-row-workstream-{s.workstream.pk}")
        == "Modern techniekonderwijs V E I"
    )
    assert element_text(page, f"veri-row-milestone-{s.milestone.pk}") == (
        "1 XR-lesmateriaal ontwikkeld Waarschuwing Niemand voert “XR-lesmateriaal ontwikkeld” uit: "
        "geef een partij een V (dat mag de E zijn). E R"
    )
    assert element_text(page, f"veri-row-activity-{s.activity.pk}") == (
        "Inventarisatie XR-toepassingen Fout Niemand is eindverantwoordelijk (E) voor "
        "“Inventarisatie XR-toepassingen”: geef één partij een E. Waarschuwing Niemand voert "
        "“Inventarisatie XR-toepassingen” uit: geef een partij een V (dat mag de E zijn)."
    )
    assert element_text(page, f"veri-row-milestone-{s.second_milestone.pk}") == (
        "2 XR in alle techniekprofielen Fout “XR in alle techniekprofielen” heeft 2 "
        "eindverantwoordelijken (E): Maaswaal College en Eddy Editor; er mag er maar één zijn. "
        "E V E"
    )
    html = page.content.decode()
    order = [
        html.index(f'id="veri-row-{kind}-{pk}"')
        for kind, pk in (
            ("workstream", s.workstream.pk),
            ("milestone", s.milestone.pk),
            ("activity", s.activity.pk),
            ("milestone", s.second_milestone.pk),
        )
    ]
    assert order == sorted(order)
    assert element_text(page, f"cell-milestone-{s.milestone.pk}-{matrix.mbo.pk}") == "R"
    assert (
        "Legenda V Verantwoordelijk — voert het werk uit en legt verantwoording af aan de "
        "eindverantwoordelijke" in body
    )
    assert "O Out of the loop — is uitdrukkelijk niet betrokken" in body
    assert "Mijn rollen als" not in body  # the owner has no party of their own


def test_the_matrix_in_english_keeps_the_veri_letters_with_an_english_legend(
    matrix: Matrix, actors: Actors
) -> None:
    """RACI would make one plan's "R" mean Raadplegen to its Dutch readers and Responsible to
    its English ones: the letters stay VERI, and the legend names each in both languages."""
    s = matrix.sample
    page = english_client(actors.owner).get(url("matrix", s.plan))
    body = text(page)
    assert "4 rows 4 parties 2 errors 3 warnings 0 hints" in body
    assert (
        element_text(page, f"veri-row-workstream-{s.workstream.pk}")
        == "Modern techniekonderwijs V E I"
    )
    assert element_text(page, f"veri-row-milestone-{s.milestone.pk}") == (
        "1 XR-lesmateriaal ontwikkeld Warning Nobody carries out “XR-lesmateriaal ontwikkeld”: "
        "give a party a V, responsible (it may be the E). E R"
    )
    assert (
        "Error Nobody is accountable (E) for “Inventarisatie XR-toepassingen”: give one party an E."
        in body
    )
    assert element_text(page, f"veri-party-{matrix.company.pk}") == (
        "Bouwbedrijf Van Wijk no role : Bouwbedrijf Van Wijk has no role anywhere in the "
        "responsibility matrix."
    )
    assert (
        "Legend V Verantwoordelijk (Responsible) — carries out the work and reports to whoever "
        "has the final say" in body
    )
    assert "E Eindverantwoordelijk (Accountable) — has the final say and approves the result" in (
        body
    )
    assert "R Raadplegen (Consulted) — is asked for advice beforehand (two-way)" in body
    assert "I Informeren (Informed) — is kept up to date afterwards (one-way)" in body


def test_a_party_that_is_accountable_for_many_rows_is_hinted_in_its_header(
    sample: SamplePlan, actors: Actors
) -> None:
    plan = sample.plan
    for i in range(3):
        Milestone.objects.create(
            plan=plan, workstream=sample.workstream, title=f"Extra {i}", order=10 + i
        )
    for row in [*Milestone.objects.filter(plan=plan), sample.activity]:
        kind = "milestone" if isinstance(row, Milestone) else "activity"
        Assignment.objects.create(plan=plan, party=sample.party, letters="VE", **{kind: row})
    page = client_for(actors.owner).get(url("matrix", plan))
    assert element_text(page, f"veri-party-{sample.party.pk}") == (
        "Maaswaal College E op veel rijen : Maaswaal College is eindverantwoordelijk (E) voor 6 "
        "van de 7 rijen; overweeg een deel over te dragen."
    )
    assert "7 rijen 1 partij" in text(page) or "7 rijen 1 partijen" in text(page)
    assert "1 fout 1 waarschuwing 1 tip" in text(page)


def test_an_empty_plan_says_what_the_matrix_needs(actors: Actors) -> None:
    plan = build_plan(actors.owner, "Leeg plan")
    body = text(client_for(actors.owner).get(url("matrix", plan)))
    assert "Nog niets in te vullen" in body
    assert (
        "De matrix heeft partijen nodig (de kolommen) en deelprojecten, mijlpalen of activiteiten "
        "(de rijen)." in body
    )


def test_loose_items_are_grouped_after_the_workstreams(sample: SamplePlan, actors: Actors) -> None:
    loose = Milestone.objects.create(plan=sample.plan, title="Subsidie aangevraagd", order=0)
    Activity.objects.create(plan=sample.plan, milestone=loose, title="Aanvraag schrijven", order=0)
    body = text(client_for(actors.owner).get(url("matrix", sample.plan)))
    assert "Niet in een deelproject Subsidie aangevraagd" in body
    assert body.index("XR in alle techniekprofielen") < body.index("Niet in een deelproject")
    assert body.index("Subsidie aangevraagd") < body.index("Aanvraag schrijven")


# --- editing a cell ------------------------------------------------------------------------------


def test_an_editor_edits_a_cell_with_htmx_and_the_row_and_header_come_back(
    matrix: Matrix, actors: Actors
) -> None:
    s = matrix.sample
    client = client_for(actors.editor)
    target = cell_url(matrix, "milestone", s.milestone, matrix.company)
    form = client.get(target, HTTP_HX_REQUEST="true")
    assert form.status_code == 200
    assert '<form class="veri-form"' in form.content.decode()
    assert 'name="letters" value=""' in form.content.decode()
    assert "<html" not in form.content.decode()

    response = client.post(target, {"letters": "vs"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="veri-row-milestone-{s.milestone.pk}"')
    # The row again, its warning gone; the company's header without its badge; the summary
    # recounted.
    assert (
        element_text(response, f"veri-row-milestone-{s.milestone.pk}")
        == "1 XR-lesmateriaal ontwikkeld E R V S"
    )
    assert (
        f'<th scope="col" id="veri-party-{matrix.company.pk}" class="veri-party" '
        'hx-swap-oob="true">' in html
    )
    assert element_text(response, f"veri-party-{matrix.company.pk}") == "Bouwbedrijf Van Wijk"
    assert "<template>" in html
    assert 'id="veri-summary" class="veri-summary" aria-live="polite" hx-swap-oob="true"' in html
    assert "4 rijen 4 partijen 2 fouten 1 waarschuwing 0 tips" in text(response)
    assert letters_of(matrix.company, milestone=s.milestone) == "VS"
    record = ChangeRecord.objects.get(plan=s.plan, object_type="assignment", action="create")
    assert record.user == actors.editor
    assert record.changes["letters"] == [None, "VS"]
    assert record.changes["party"] == [None, "Bouwbedrijf Van Wijk"]
    assert record.changes["milestone"] == [None, "XR-lesmateriaal ontwikkeld"]


def test_changing_and_clearing_a_cell_is_recorded(matrix: Matrix, actors: Actors) -> None:
    s = matrix.sample
    client = client_for(actors.owner)
    target = cell_url(matrix, "milestone", s.second_milestone, matrix.school)
    client.post(target, {"letters": "I"}, HTTP_HX_REQUEST="true")
    assert letters_of(matrix.school, milestone=s.second_milestone) == "I"
    update = ChangeRecord.objects.get(plan=s.plan, object_type="assignment", action="update")
    assert update.changes == {"letters": ["E", "I"]}
    response = client.post(target, {"letters": ""}, HTTP_HX_REQUEST="true")
    assert letters_of(matrix.school, milestone=s.second_milestone) is None
    delete = ChangeRecord.objects.get(plan=s.plan, object_type="assignment", action="delete")
    assert delete.changes["letters"] == ["I", None]
    # The second milestone now has one E (Eddy Editor, who is also V): no problems left on it.
    assert element_text(response, f"veri-row-milestone-{s.second_milestone.pk}") == (
        "2 XR in alle techniekprofielen V E"
    )
    # Saving the same letters again changes nothing and records nothing.
    before = ChangeRecord.objects.count()
    client.post(
        cell_url(matrix, "milestone", s.milestone, matrix.mbo),
        {"letters": "R"},
        HTTP_HX_REQUEST="true",
    )
    assert ChangeRecord.objects.count() == before


def test_editing_a_cell_without_javascript(matrix: Matrix, actors: Actors) -> None:
    s = matrix.sample
    client = client_for(actors.editor)
    matrix_page = client.get(url("matrix", s.plan)).content.decode()
    target = cell_url(matrix, "activity", s.activity, matrix.mbo)
    assert f'<a class="veri-letters" href="{target}"' in matrix_page
    page = client.get(target)
    assert page.status_code == 200
    body = text(page)
    assert "Rol van ROC Rivor" in body
    assert "Activiteit: Inventarisatie XR-toepassingen" in body
    assert "Eén of meer van V, E, R, I, S; of alleen O. Laat leeg om de rol te verwijderen." in body
    response = client.post(target, {"letters": "E V"})
    assert response.status_code == 302
    assert response["Location"] == url("matrix", s.plan) + f"#veri-row-activity-{s.activity.pk}"
    assert letters_of(matrix.mbo, activity=s.activity) == "VE"
    after = text(client.get(response["Location"]))
    assert "De rol van ROC Rivor in “Inventarisatie XR-toepassingen” is opgeslagen." in after
    assert "4 rijen 4 partijen 1 fout 2 waarschuwingen 0 tips" in after


def test_english_input_takes_the_veri_letters(matrix: Matrix, actors: Actors) -> None:
    s = matrix.sample
    client = english_client(actors.editor)
    target = cell_url(matrix, "activity", s.activity, matrix.company)
    response = client.post(target, {"letters": "ev"}, HTTP_HX_REQUEST="true")
    assert element_text(response, f"cell-activity-{s.activity.pk}-{matrix.company.pk}") == "V E"
    assert letters_of(matrix.company, activity=s.activity) == "VE"
    form = client.get(
        cell_url(matrix, "milestone", s.milestone, matrix.mbo), HTTP_HX_REQUEST="true"
    )
    assert 'name="letters" value="R"' in form.content.decode()  # Raadplegen, stored as R
    page = client.get(target)
    assert "One or more of V, E, R, I, S; or O alone. Leave empty to remove the role." in text(page)
    assert 'value="VE"' in page.content.decode()


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        (
            "nl",
            "X",
            "“X” is geen VERI-letter. Gebruik V, E, R, I, S of O (zie de legenda), of laat het "
            "leeg.",
        ),
        (
            "nl",
            "VA",
            "“A” is geen VERI-letter. Gebruik V, E, R, I, S of O (zie de legenda), of laat het "
            "leeg.",
        ),
        ("nl", "OV", "O (out of the loop) kan niet samen met andere letters."),
        (
            "en",
            "A",  # a RACI letter: the letters are VERI in English too
            "“A” is not a VERI letter. Use V, E, R, I, S or O (see the legend), or leave it empty.",
        ),
        ("en", "OI", "O (out of the loop) cannot be combined with other letters."),
    ],
)
def test_bad_letters_get_a_clear_message_and_change_nothing(
    matrix: Matrix, actors: Actors, language: str, typed: str, message: str
) -> None:
    s = matrix.sample
    client = english_client(actors.editor) if language == "en" else client_for(actors.editor)
    target = cell_url(matrix, "milestone", s.milestone, matrix.mbo)
    before = (list(Assignment.objects.values_list("pk", "letters")), ChangeRecord.objects.count())
    page = client.post(target, {"letters": typed})
    assert page.status_code == 200
    assert message in text(page)
    swapped = client.post(target, {"letters": typed}, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 200
    assert swapped["HX-Retarget"] == f"#cell-milestone-{s.milestone.pk}-{matrix.mbo.pk}"
    assert swapped["HX-Reswap"] == "innerHTML"
    assert message in text(swapped)
    assert f'value="{typed}"' in swapped.content.decode()
    assert (
        list(Assignment.objects.values_list("pk", "letters")),
        ChangeRecord.objects.count(),
    ) == before


def test_cancel_brings_the_row_back(matrix: Matrix, actors: Actors) -> None:
    s = matrix.sample
    client = client_for(actors.viewer)
    row = url("row", s.plan, "milestone", s.milestone.pk)
    response = client.get(row, HTTP_HX_REQUEST="true")
    assert element_text(response, f"veri-row-milestone-{s.milestone.pk}").endswith("E R")
    assert "/cell/" not in response.content.decode()  # a viewer gets no edit links
    plain = client.get(row)
    assert plain.status_code == 302
    assert plain["Location"] == url("matrix", s.plan) + f"#veri-row-milestone-{s.milestone.pk}"


def test_rows_and_parties_of_another_plan_are_not_found(matrix: Matrix, actors: Actors) -> None:
    s = matrix.sample
    other = build_plan(actors.owner, "Ander plan")
    foreign_party = Party.objects.create(plan=other, name="Vreemde partij")
    foreign_row = Workstream.objects.create(plan=other, name="Vreemd deelproject")
    client = client_for(actors.owner)
    assert client.get(cell_url(matrix, "milestone", s.milestone, foreign_party)).status_code == 404
    assert (
        client.post(
            url("cell", s.plan, "workstream", foreign_row.pk, s.party.pk), {"letters": "E"}
        ).status_code
        == 404
    )
    assert client.get(url("cell", s.plan, "goal", s.goal.pk, s.party.pk)).status_code == 404
    assert client.get(url("party", s.plan, foreign_party.pk)).status_code == 404
    assert not Assignment.objects.filter(party=foreign_party).exists()


# --- who may do what -----------------------------------------------------------------------------


def every_url(m: Matrix) -> list[str]:
    """Each URL of the app, with real ids of the sample plan."""
    values = {
        "plan_id": m.sample.plan.pk,
        "kind": "milestone",
        "row_id": m.sample.milestone.pk,
        "party_id": m.mbo.pk,
    }
    urls = []
    for pattern in veri_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = [*re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern)), "plan_id"]
        kwargs = {name: values[name] for name in names}
        urls.append(reverse(f"responsibilities:{pattern.name}", kwargs=kwargs))
    return urls


def test_outsiders_get_a_404_on_every_url(matrix: Matrix, actors: Actors) -> None:
    client = client_for(actors.outsider)
    urls = every_url(matrix)
    assert len(urls) == len(veri_urls.urlpatterns) == 6
    for address in urls:
        assert client.get(address).status_code == 404, address
        assert client.get(address, HTTP_HX_REQUEST="true").status_code == 404, address
        assert client.post(address, {"letters": "E"}).status_code in {404, 405}, address
    anonymous = Client()
    for address in urls:
        response = anonymous.get(address)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), (
            address
        )
    assert letters_of(matrix.mbo, milestone=matrix.sample.milestone) == "R"


@pytest.mark.parametrize("who", ["viewer", "contributor"])
def test_viewers_and_contributors_read_but_cannot_edit(
    matrix: Matrix, actors: Actors, who: str
) -> None:
    s = matrix.sample
    user: User = getattr(actors, who)
    client = client_for(user)
    for address in (
        url("matrix", s.plan),
        url("party", s.plan, matrix.mbo.pk),
        url("communication", s.plan),
    ):
        assert client.get(address).status_code == 200
    page = client.get(url("matrix", s.plan))
    assert "/cell/" not in page.content.decode()
    assert "Klik op een cel" not in text(page)
    assert element_text(page, f"cell-milestone-{s.milestone.pk}-{matrix.mbo.pk}") == "R"
    before = (list(Assignment.objects.values_list("pk", "letters")), ChangeRecord.objects.count())
    target = cell_url(matrix, "milestone", s.milestone, matrix.mbo)
    assert client.get(target).status_code == 403
    assert client.get(target, HTTP_HX_REQUEST="true").status_code == 403
    assert client.post(target, {"letters": "E"}).status_code == 403
    assert client.post(target, {"letters": "E"}, HTTP_HX_REQUEST="true").status_code == 403
    assert (
        list(Assignment.objects.values_list("pk", "letters")),
        ChangeRecord.objects.count(),
    ) == before


# --- what is expected of me ----------------------------------------------------------------------


def test_what_is_expected_of_one_party(matrix: Matrix, actors: Actors) -> None:
    s = matrix.sample
    client = client_for(actors.editor)
    page = client.get(url("party", s.plan, matrix.school.pk))
    body = text(page)
    assert (
        "Wat wordt er van mij verwacht? De rijen waarin Maaswaal College een rol heeft, en wat die "
        "rol vraagt." in body
    )
    assert "V Verantwoordelijk: 1 E Eindverantwoordelijk: 3" in body
    assert (
        "Deelproject Modern techniekonderwijs V E Verantwoordelijk : voert het werk uit en legt "
        "verantwoording af aan de eindverantwoordelijke Eindverantwoordelijk : beslist en keurt "
        "het resultaat goed Maaswaal College 22 sep 2025 30 jun 2026"
    ) in body
    assert (
        "Mijlpaal 1 XR-lesmateriaal ontwikkeld E Eindverantwoordelijk : beslist en keurt het "
        "resultaat goed Maaswaal College 22 sep 2025 19 dec 2025"
    ) in body
    assert (
        "Mijlpaal 2 XR in alle techniekprofielen E Eindverantwoordelijk : beslist en keurt het "
        "resultaat goed Maaswaal College, Eddy Editor 30 jun 2026 30 jun 2026"
    ) in body
    assert "Inventarisatie XR-toepassingen" not in body.split("Eind ")[1]  # no role there
    # The selector lists every party; the logged-in editor's own party is one click away.
    assert "Partij Maaswaal College ROC Rivor Eddy Editor Bouwbedrijf Van Wijk Tonen" in body
    assert f'<option value="{matrix.school.pk}" selected>' in page.content.decode()
    own = url("party", s.plan, matrix.person.pk)
    assert (
        f'<a class="veri-own" href="{own}">Mijn rollen als Eddy Editor</a>' in page.content.decode()
    )
    mine = text(client.get(own))
    assert "Eddy Editor dat bent u" in mine
    assert "Projectleider" in mine
    nothing = text(client.get(url("party", s.plan, matrix.company.pk)))
    assert "Bouwbedrijf Van Wijk heeft nog geen rol in de matrix." in nothing
    assert "Waarschuwing Bouwbedrijf Van Wijk heeft nergens een rol in de VERI-matrix." in nothing


def test_what_is_expected_in_english(matrix: Matrix, actors: Actors) -> None:
    body = text(english_client(actors.viewer).get(url("party", matrix.sample.plan, matrix.mbo.pk)))
    assert "R Raadplegen (Consulted): 1 I Informeren (Informed): 1" in body
    assert (
        "Workstream Modern techniekonderwijs I Informeren (Informed) : is kept up to date "
        "afterwards (one-way)" in body
    )
    assert (
        "Milestone 1 XR-lesmateriaal ontwikkeld R Raadplegen (Consulted) : is asked for advice "
        "beforehand (two-way)" in body
    )


def test_the_party_selector_works_without_javascript(matrix: Matrix, actors: Actors) -> None:
    s = matrix.sample
    pick = url("party_pick", s.plan)
    editor = client_for(actors.editor)
    assert editor.get(pick, {"party": matrix.mbo.pk})["Location"] == url(
        "party", s.plan, matrix.mbo.pk
    )
    assert editor.get(pick)["Location"] == url("party", s.plan, matrix.person.pk)  # your own party
    assert client_for(actors.owner).get(pick)["Location"] == url(
        "party", s.plan, matrix.school.pk
    )  # the first
    assert editor.get(pick, {"party": "nonsense"})["Location"] == url(
        "party", s.plan, matrix.person.pk
    )
    empty = build_plan(actors.owner, "Zonder partijen")
    response = client_for(actors.owner).get(url("party_pick", empty), follow=True)
    assert "Dit plan heeft nog geen partijen." in text(response)


# --- who to consult and inform -------------------------------------------------------------------


def test_who_to_consult_and_inform(matrix: Matrix, actors: Actors) -> None:
    s = matrix.sample
    Assignment.objects.create(plan=s.plan, party=matrix.company, milestone=s.milestone, letters="I")
    Assignment.objects.create(
        plan=s.plan, party=matrix.mbo, milestone=s.second_milestone, letters="RI"
    )
    body = text(client_for(actors.viewer).get(url("communication", s.plan)))
    assert "Per mijlpaal Mijlpaal Raadplegen vóór de start Keurt goed Informeren na afloop" in body
    assert (
        "1. XR-lesmateriaal ontwikkeld Modern techniekonderwijs vóór 22 sep 2025 ROC Rivor "
        "Maaswaal College 19 dec 2025 na 19 dec 2025 Bouwbedrijf Van Wijk"
    ) in body
    assert (
        "2. XR in alle techniekprofielen Modern techniekonderwijs vóór 30 jun 2026 ROC Rivor "
        "Maaswaal College, Eddy Editor 30 jun 2026 na 30 jun 2026 ROC Rivor"
    ) in body
    assert body.index("1. XR-lesmateriaal") < body.index("2. XR in alle")  # by date
    assert "Per partij: de komende momenten (vanaf 1 sep 2025)" in body
    assert "Maaswaal College Geen komende momenten." in body
    assert (
        "ROC Rivor raadplegen vóór 22 sep 2025 — XR-lesmateriaal ontwikkeld "
        "raadplegen vóór 30 jun 2026 — XR in alle techniekprofielen "
        "informeren na 30 jun 2026 — XR in alle techniekprofielen"
    ) in body
    assert "Bouwbedrijf Van Wijk informeren na 19 dec 2025 — XR-lesmateriaal ontwikkeld" in body


def test_moments_in_the_past_are_left_out_and_english(
    matrix: Matrix, actors: Actors, travel: Callable[[dt.date], None]
) -> None:
    s = matrix.sample
    travel(dt.date(2026, 1, 20))
    Milestone.objects.filter(pk=s.milestone.pk).update(reached_on=dt.date(2025, 12, 19))
    Assignment.objects.create(plan=s.plan, party=matrix.company, milestone=s.milestone, letters="I")
    Assignment.objects.create(
        plan=s.plan, party=matrix.mbo, milestone=s.second_milestone, letters="I"
    )
    body = text(english_client(actors.owner).get(url("communication", s.plan)))
    assert "Per party: the coming moments (from 20 Jan 2026)" in body
    # The reached milestone still shows who was consulted and informed, but no moments to come.
    assert (
        "1. XR-lesmateriaal ontwikkeld Modern techniekonderwijs before 22 Sep 2025 ROC Rivor"
        in body
    )
    assert "ROC Rivor inform after 30 Jun 2026 — XR in alle techniekprofielen Eddy Editor" in body
    assert "Bouwbedrijf Van Wijk No moments to come." in body
    assert not re.search(r"consult before \d", body)


# --- the number of queries does not grow with the plan -------------------------------------------

MATRIX_QUERIES = (
    9  # session, user, membership and plan, own party, 4 kinds of rows and parties, cells
)


def grow(plan: Plan, milestones: int, parties: int) -> None:
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
    people = Party.objects.bulk_create(
        Party(plan=plan, name=f"Partij {i}", order=i) for i in range(parties)
    )
    Assignment.objects.bulk_create(
        Assignment(plan=plan, party=people[(m.pk + k) % parties], milestone=m, letters=letters)
        for m in created
        for k, letters in enumerate(("VE", "R", "I"))
    )
    Assignment.objects.bulk_create(
        Assignment(plan=plan, party=people[0], workstream=w, letters="E") for w in workstreams
    )


def test_the_matrix_makes_the_same_number_of_queries_for_any_plan(actors: Actors) -> None:
    small = build_plan(actors.owner, "Klein plan")
    grow(small, 3, 3)
    large = build_plan(actors.owner, "Groot plan")
    grow(large, 300, 25)
    client = client_for(actors.owner)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("matrix", plan))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [MATRIX_QUERIES, MATRIX_QUERIES]
    body = text(response)
    assert "606 rijen 25 partijen" in body
    assert "Mijlpaal 299" in body and "Partij 24" in body


def test_saving_a_cell_makes_the_same_number_of_queries_for_any_plan(actors: Actors) -> None:
    counts = []
    for title, size in (("Klein plan", 3), ("Groot plan", 300)):
        plan = build_plan(actors.owner, title)
        grow(plan, size, 12)
        milestone = Milestone.objects.filter(plan=plan).first()
        party = Party.objects.filter(plan=plan).last()
        assert milestone is not None and party is not None
        client = client_for(actors.owner)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                url("cell", plan, "milestone", milestone.pk, party.pk),
                {"letters": "S"},
                HTTP_HX_REQUEST="true",
            )
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
