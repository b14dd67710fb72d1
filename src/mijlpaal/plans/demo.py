"""Demo data: a Sterk Techniekonderwijs region plan and an OKE activity plan, with three accounts.

`load_demo_plans()` is idempotent. It finds the demo accounts by e-mail address and the demo plans
by their exact title (owned by the demo account); whatever exists already is left alone. Everything
is written through the services in `mijlpaal.plans.services`, so the plans get a history. The
content is user data, so it is Dutch. All schools, companies and people are invented; e-mail
addresses of parties use the reserved `.example` domain. `mijlpaal.demo` loads these plans and
then what the other apps add to them.

The story is written for one day, ANCHOR, and loaded shifted by whole weeks so that it is told in
the current week (`shift_for()`): every date moves, weekdays stay weekdays, texts stay as written.

The demo password is fixed and documented: this is a local demo, not an account to keep.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from django.db import models, transaction

from mijlpaal.accounts.models import User
from mijlpaal.plans import services
from mijlpaal.plans.models import (
    Activity,
    ChangeRecord,
    Domain,
    Goal,
    Membership,
    Milestone,
    Party,
    PartyKind,
    Phase,
    Plan,
    ReportingPeriod,
    Role,
    Workstream,
)

DEMO_EMAIL = "demo@mijlpaal.nl"
DEMO_PASSWORD = "mijlpaal-demo"  # fixed on purpose: a documented password for a local demo
DEMO_URL = "http://127.0.0.1:8000"

# The Monday the story is told on: its "today". Every date below is written against it.
ANCHOR = dt.date(2026, 11, 16)
# The demo plans are in progress: what was due before the last round of status updates (the Friday
# before the anchor) has been reached, on time unless listed in REACHED_LATE, except the milestones
# in NOT_REACHED, which are late.
STATUS_DATE = ANCHOR - dt.timedelta(days=3)
NOT_REACHED = {"bed3", "reglement"}
REACHED_LATE = {"doc2": dt.date(2026, 2, 13), "lob2": dt.date(2025, 10, 16)}

STO_TITLE = "Regioplan Sterk Techniekonderwijs Rivierenland 2025–2028"
OKE_TITLE = "Activiteitenplan OKE 2026–2027"


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


# --- the shape of the rows -----------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    key: str
    email: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class GoalRow:
    key: str
    description: str
    why: str
    indicator: str
    target_value: str
    target_date: dt.date


@dataclass(frozen=True)
class ActivityRow:
    """What happens, why, which result or product, phase, domain, duration."""

    title: str
    why: str
    result: str
    phase: str
    domain: str
    duration: str


@dataclass(frozen=True)
class MilestoneRow:
    key: str
    title: str
    result: str
    deadline: dt.date
    lead_time: str
    effort_hours: int
    goal: str
    activities: tuple[ActivityRow, ...]
    quick_win: bool = False
    decision: bool = False


@dataclass(frozen=True)
class WorkstreamRow:
    name: str
    description: str
    milestones: tuple[MilestoneRow, ...]


@dataclass(frozen=True)
class DependencyRow:
    """The successor waits for the predecessor (both milestone keys)."""

    predecessor: str
    successor: str
    type: str = "FS"
    lag: str = "0d"


@dataclass(frozen=True)
class PartyRow:
    name: str
    kind: str
    role_title: str
    email: str = ""
    account: str = ""  # key of a demo account to link, if any


@dataclass(frozen=True)
class PeriodRow:
    name: str
    start_date: dt.date
    end_date: dt.date
    due_date: dt.date


@dataclass(frozen=True)
class PlanSpec:
    title: str
    organisation: str
    vision: str
    start_date: dt.date
    end_date: dt.date
    region: str
    goals: tuple[GoalRow, ...]
    workstreams: tuple[WorkstreamRow, ...]
    dependencies: tuple[DependencyRow, ...]
    parties: tuple[PartyRow, ...]
    periods: tuple[PeriodRow, ...] = ()
    # (account key, role) of members besides the owner
    members: tuple[tuple[str, str], ...] = field(default=())


# The tables below are laid out by hand, one row per milestone or activity.
# fmt: off
A = ActivityRow
M = MilestoneRow
PERSON, SCHOOL, MBO, COMPANY, OFFICE, OTHER = (
    PartyKind.PERSON, PartyKind.SCHOOL, PartyKind.MBO, PartyKind.COMPANY, PartyKind.REGION_OFFICE,
    PartyKind.OTHER,
)


# --- accounts ------------------------------------------------------------------------------------

ACCOUNTS = (
    Account("demo", DEMO_EMAIL, "Jeroen de Vries (demo)"),
    Account("editor", "editor@mijlpaal.nl", "Fatima El Amrani (demo)", "bewerker / editor"),
    Account("partner", "partner@mijlpaal.nl", "Kees van Dam (demo)", "bijdrager / contributor"),
)


# --- 1. Sterk Techniekonderwijs: regioplan 2025–2028 ---------------------------------------------
# Deadlines are working days outside the school holidays of region midden and the public holidays,
# also 52 weeks on (a Tuesday where the Friday would be Good Friday next year).

STO_GOALS = (
    GoalRow(
        "kwaliteit",
        "Het versterken van de kwaliteit van het technisch- en technologisch vmbo. Hierbij wordt "
        "aangesloten op de ontwikkelingen in het bedrijfsleven, is er aandacht voor duurzaamheid "
        "en klimaat, en wordt ook de kwaliteit van onderwijs in niet-technische profielen en de "
        "praktijkgerichte programma’s meegenomen.",
        "Leerlingen leren met actuele techniek en materialen die bedrijven in de regio ook "
        "gebruiken; zo sluit het vmbo aan op het mbo en op de arbeidsmarkt.",
        "Aantal techniekprofielen (BWI, PIE, MVI, M&T) op de drie scholen dat lesmateriaal "
        "gebruikt dat samen met het bedrijfsleven is ontwikkeld (XR, duurzaamheid)",
        "alle 4 profielen op alle 3 scholen",
        d("2028-06-30"),
    ),
    GoalRow(
        "uitval",
        "We willen uiteindelijk 5% minder uitval in vmbo 3 in de techniekprofielen van de drie "
        "vmbo-scholen.",
        "Uitval in leerjaar 3 komt vaak door een verkeerde profielkeuze; beter loopbaanonderwijs "
        "voorkomt dat leerlingen vastlopen.",
        "Percentage leerlingen in vmbo 3 (techniekprofielen) dat uitvalt of van profiel wisselt, "
        "vergeleken met de nulmeting over 2023–2024",
        "5% lager dan de nulmeting",
        d("2028-07-14"),
    ),
    GoalRow(
        "keuze",
        "Meer leerlingen in leerjaar 2 kiezen voor een technisch profiel.",
        "De regio heeft vakmensen nodig in installatie, metaal en bouw; nu kiest een kleine groep "
        "leerlingen voor techniek.",
        "Aandeel leerlingen van leerjaar 2 dat kiest voor BWI, PIE, MVI of M&T",
        "van 28% naar 35%",
        d("2028-06-30"),
    ),
    GoalRow(
        "docenten",
        "Alle techniekdocenten van de drie scholen ronden een scholingstraject of een "
        "bedrijfsstage af.",
        "Docenten die de praktijk van nu kennen, geven beter en actueler les; het voorkomt ook "
        "dat nieuw materiaal ongebruikt blijft.",
        "Aantal techniekdocenten met een afgerond scholingstraject of een bedrijfsstage van vijf "
        "dagen",
        "40 van de 40 docenten",
        d("2028-06-30"),
    ),
)

STO_WORKSTREAMS = (
    WorkstreamRow(
        "Modern techniekonderwijs en XR",
        "Actueel, praktijkgericht techniekonderwijs met XR (virtual en augmented reality), samen "
        "met het bedrijfsleven ontwikkeld, met aandacht voor duurzaamheid en klimaat.",
        (
            M("xr1", "De inventarisatie van XR-toepassingen per techniekprofiel is gereed",
              "Notitie met per profiel (BWI, PIE, MVI en M&T) de bruikbare XR-toepassingen, de "
              "kosten en twee voorbeeldscholen", d("2025-06-27"), "2m", 60, "kwaliteit", (
                A("Werkbezoek aan twee scholen die al met XR werken",
                  "Leren van de ervaringen van anderen voordat we zelf kiezen",
                  "Verslag van de werkbezoeken met aanbevelingen", "analyse", "processen", "3w"),
                A("Inventarisatie van XR-toepassingen en kosten per profiel",
                  "Kiezen op basis van wat past bij de leerlijnen en het budget",
                  "Overzicht van XR-toepassingen met kosten per profiel", "analyse", "ICT", "6w"),
              )),
            M("xr2", "Er is materiaal ontwikkeld voor XR-onderwijs binnen de techniekprofielen",
              "Vier XR-lesmodules (één per techniekprofiel: BWI, PIE, MVI en M&T), elk met een "
              "docentenhandleiding en een beoordelingsformulier, gedeeld in de gezamenlijke "
              "leeromgeving", d("2025-12-19"), "3m", 320, "kwaliteit", (
                A("Ontwerpen van de lesmodules met docenten en bedrijven",
                  "Het materiaal moet aansluiten op de praktijk in de regio",
                  "Ontwerpdocument per module: leerdoelen, opdrachten en toetsing", "ontwerp",
                  "processen", "6w"),
                A("Ontwikkelen en testen van de XR-opdrachten",
                  "Leerlingen oefenen veilig met situaties die in het praktijklokaal niet kunnen",
                  "Vier XR-lesmodules met docentenhandleiding", "inrichting", "ICT", "8w"),
                A("Afspraken over beheer en uitleen van de XR-brillen",
                  "Zonder beheerafspraken liggen de brillen ongebruikt of leeg in de kast",
                  "Gebruiksreglement en uitleenrooster XR-brillen", "inrichting", "organisatie",
                  "2w"),
              )),
            M("xr3", "De pilot met XR-lessen op de drie vmbo-scholen is afgerond en geëvalueerd",
              "Evaluatierapport met de uitkomsten van een enquête onder minimaal 150 leerlingen en "
              "alle betrokken docenten", d("2026-06-12"), "3m", 200, "kwaliteit", (
                A("XR-lessen geven in leerjaar 3 van de drie scholen",
                  "Ervaring opdoen in de klas voordat de regio investeert",
                  "Lesverslagen en leerlingproducten van de pilot", "uitvoering", "processen",
                  "10w"),
                A("Evaluatie met leerlingen, docenten en bedrijven",
                  "Weten wat werkt en wat het kost voordat de stuurgroep beslist",
                  "Evaluatierapport pilot XR", "uitvoering", "organisatie", "3w"),
              )),
            M("xr4", "Go/no-go: de stuurgroep besluit over de gezamenlijke aanschaf van XR-sets",
              "Beslisdocument (probleem, opties met voor- en nadelen, advies, gevolgen voor geld "
              "en planning) en het vastgelegde besluit van de stuurgroep", d("2026-07-03"), "2w",
              24,
              "kwaliteit", (
                A("Offertes opvragen bij drie leveranciers van XR-sets",
                  "Een besluit over geld vraagt vergelijkbare prijzen en voorwaarden",
                  "Vergelijking van drie offertes", "ontwerp", "ICT", "2w"),
                A("Beslisdocument opstellen voor de stuurgroep",
                  "De stuurgroep beslist op basis van de pilot en de kosten",
                  "Beslisdocument aanschaf XR-sets", "ontwerp", "beleid", "1w"),
              ), decision=True),
            M("xr5", "XR-onderwijs is opgenomen in het PTA en de jaarplanning van alle "
              "techniekprofielen",
              "Aangepaste PTA’s en jaarplanningen van de drie scholen, waarin elk techniekprofiel "
              "minimaal twee XR-opdrachten heeft", d("2027-06-25"), "6m", 180, "kwaliteit", (
                A("Aanschaf en installatie van XR-sets op de drie scholen",
                  "Elke school heeft eigen sets nodig om XR structureel in te roosteren",
                  "Drie klassensets XR-brillen, geïnstalleerd en in beheer", "inrichting", "ICT",
                  "3m"),
                A("PTA’s en jaarplanning aanpassen",
                  "Wat in het PTA staat, wordt ook echt gegeven en getoetst",
                  "Aangepaste PTA’s techniekprofielen", "borging", "beleid", "2m"),
                A("Collegiale consultatie: docenten bezoeken elkaars XR-lessen",
                  "Docenten leren van elkaar en houden de kwaliteit vast",
                  "Rooster en verslagen collegiale consultatie", "borging", "organisatie", "2m"),
              )),
            M("xr6", "Lesmodules duurzaamheid en energietransitie zijn samen met het bedrijfsleven "
              "ontwikkeld",
              "Drie modules (warmtepomp, zonnepanelen, circulair bouwen), ook bruikbaar in de "
              "niet-technische profielen", d("2027-12-17"), "4m", 240, "kwaliteit", (
                A("Ontwerpsessies met installatie- en bouwbedrijven",
                  "Bedrijven weten welke kennis over de energietransitie nodig is",
                  "Ontwerp van drie modules", "ontwerp", "processen", "4w"),
                A("Modules ontwikkelen en uitproberen in twee klassen",
                  "Materiaal wordt pas goed als het in de klas is uitgeprobeerd",
                  "Drie lesmodules duurzaamheid met docentenhandleiding", "inrichting", "processen",
                  "10w"),
              )),
        ),
    ),
    WorkstreamRow(
        "Loopbaanoriëntatie en -begeleiding (LOB)",
        "Eén samenhangend LOB-programma voor de vmbo-scholen, met een doorlopende lijn naar het "
        "mbo, zodat leerlingen gefundeerd kiezen en minder uitvallen.",
        (
            M("lob1", "De inventarisatie van de huidige LOB-activiteiten op de vmbo-scholen is "
              "gereed",
              "Overzicht per school en leerjaar van alle LOB-activiteiten, met overlap en hiaten, "
              "en een nulmeting van de uitval in vmbo 3", d("2025-04-11"), "6w", 40, "uitval", (
                A("Interviews met LOB-coördinatoren en mentoren van de drie scholen",
                  "Zicht krijgen op wat er al gebeurt en wat ontbreekt",
                  "Overzicht LOB-activiteiten per school en leerjaar", "analyse", "organisatie",
                  "3w"),
                A("Analyse van de uitvalcijfers vmbo 3 over 2023–2024",
                  "Zonder nulmeting kunnen we de doelstelling van 5% minder uitval niet meten",
                  "Nulmeting uitval vmbo 3 per school en profiel", "analyse", "beleid", "3w"),
              )),
            M("lob2", "De eerste regionale Techniekdag voor alle leerlingen van leerjaar 2 is "
              "gehouden",
              "Techniekdag bij ROC De Uiterwaarden met 450 leerlingen en 12 bedrijven, en een "
              "korte evaluatie onder leerlingen", d("2025-10-09"), "2m", 120, "keuze", (
                A("Programma en workshops samenstellen met bedrijven en het mbo",
                  "Leerlingen zien en doen wat techniek in de regio inhoudt",
                  "Programma met 12 workshops", "ontwerp", "organisatie", "4w"),
                A("Vervoer, roosters en begeleiding regelen",
                  "Alle leerlingen van leerjaar 2 kunnen meedoen zonder lesuitval elders",
                  "Draaiboek Techniekdag", "inrichting", "organisatie", "3w"),
                A("Uitvoering en evaluatie van de Techniekdag",
                  "Een zichtbaar succes in het eerste jaar houdt de samenwerking levendig",
                  "Evaluatie Techniekdag met leerlingenpeiling", "uitvoering", "processen", "1w"),
              ), quick_win=True),
            M("lob3", "Er is een gezamenlijk LOB-programma tussen de vmbo-scholen",
              "Vastgesteld LOB-programma voor leerjaar 1 tot en met 4, met gezamenlijke "
              "activiteiten en een gedeelde jaarkalender, ondertekend door de drie schoolleiders",
              d("2026-06-19"),
              "4m", 260, "uitval", (
                A("Ontwerp van het gezamenlijke programma in een werkgroep van LOB-coördinatoren",
                  "Eén programma voorkomt dubbel werk en geeft leerlingen dezelfde kansen",
                  "Concept LOB-programma leerjaar 1–4", "ontwerp", "processen", "8w"),
                A("Afstemming met de jaarplanningen (toetsweken, stages, projectweken)",
                  "LOB-activiteiten mogen niet botsen met toetsweken en examens",
                  "Gezamenlijke LOB-jaarkalender 2026–2027", "inrichting", "organisatie", "4w"),
                A("Vaststelling in het overleg van schoolleiders",
                  "Het programma heeft de steun van alle scholen nodig",
                  "Ondertekend LOB-programma", "inrichting", "beleid", "2w"),
              )),
            M("lob4",
              "Een doorlopende LOB-leerlijn vmbo–mbo met ROC De Uiterwaarden is vastgesteld",
              "Leerlijn met warme overdracht, meeloopdagen in vmbo 3 en een digitaal "
              "loopbaandossier dat meegaat naar het mbo", d("2027-03-19"), "3m", 180, "uitval", (
                A("Afspraken over warme overdracht en het loopbaandossier",
                  "Het mbo kent de leerling al bij de start; dat voorkomt uitval in het eerste "
                  "jaar",
                  "Afsprakenkader warme overdracht vmbo–mbo", "ontwerp", "beleid", "6w"),
                A("Meeloopdagen op het mbo inrichten voor vmbo 3",
                  "Leerlingen ervaren de opleiding voordat ze kiezen",
                  "Rooster meeloopdagen 2027", "inrichting", "organisatie", "6w"),
                A("Digitaal loopbaandossier kiezen en inrichten",
                  "Het dossier moet van school naar mbo mee kunnen, met toestemming van ouders",
                  "Ingericht loopbaandossier met privacyafspraken", "inrichting", "ICT", "4w"),
              )),
            M("lob5", "De uitval in vmbo 3 is gemeten en vergeleken met de nulmeting; de "
              "stuurgroep besluit over voortzetting na 2028",
              "Evaluatierapport met de uitvalcijfers 2027–2028, de vergelijking met de nulmeting "
              "en een advies over voortzetting, als bijlage bij het eindverslag", d("2028-11-17"),
              "6w", 80,
              "uitval", (
                A("Uitvalcijfers 2027–2028 verzamelen en analyseren",
                  "Laten zien of de doelstelling is gehaald",
                  "Analyse uitval vmbo 3 ten opzichte van de nulmeting", "borging", "beleid", "3w"),
                A("Evaluatiebijeenkomst met scholen, mbo en bedrijven",
                  "Samen bepalen wat blijft na de subsidieperiode",
                  "Verslag eindevaluatie en advies aan de stuurgroep", "borging", "organisatie",
                  "1w"),
              ), decision=True),
        ),
    ),
    WorkstreamRow(
        "Samenwerking met het bedrijfsleven",
        "Structurele samenwerking met technische bedrijven: gastlessen, stages, een gezamenlijk "
        "praktijklokaal en cofinanciering.",
        (
            M("bed1", "Een convenant met minimaal tien technische bedrijven over gastlessen en "
              "stages is ondertekend",
              "Ondertekend convenant met afspraken over gastlessen, stageplaatsen, docentstages en "
              "cofinanciering", d("2025-09-26"), "3m", 90, "kwaliteit", (
                A("Gesprekken met bedrijven via het Opleidingsfonds Techniek Rivierenland",
                  "Bedrijven doen mee als ze zien wat het hun oplevert",
                  "Lijst van bedrijven die willen tekenen, met hun bijdrage", "analyse",
                  "organisatie", "6w"),
                A("Convenant en cofinancieringsafspraken opstellen",
                  "Afspraken op papier maken de samenwerking minder afhankelijk van personen",
                  "Convenant samenwerking onderwijs–bedrijfsleven", "ontwerp", "beleid", "4w"),
              )),
            M("bed2", "De eerste gastlessen door vakmensen uit de installatietechniek zijn gegeven",
              "Acht gastlessen in de PIE-klassen van de drie scholen, met foto’s en een korte "
              "reactie van de leerlingen in de nieuwsbrief", d("2025-11-14"), "6w", 40, "keuze", (
                A("Gastlessen inplannen in de lesroosters",
                  "Gastlessen moeten passen in het rooster en bij het lesprogramma",
                  "Planning gastlessen najaar 2025", "inrichting", "organisatie", "2w"),
                A("Gastlessen geven en nabespreken",
                  "Leerlingen ontmoeten vakmensen; een snel en zichtbaar resultaat",
                  "Acht gegeven gastlessen", "uitvoering", "processen", "4w"),
              ), quick_win=True),
            M("bed3", "De regionale stagebank is online met minimaal zestig stageplaatsen",
              "Website met zestig stageplaatsen bij twintig bedrijven, te zoeken per profiel",
              d("2026-04-17"), "3m", 150, "keuze", (
                A("Eisen voor de stagebank opstellen met de stagecoördinatoren",
                  "De stagebank moet aansluiten op hoe scholen stages regelen",
                  "Programma van eisen stagebank", "ontwerp", "processen", "3w"),
                A("Stagebank bouwen en vullen",
                  "Eén plek waar leerlingen en scholen alle stageplaatsen vinden",
                  "Werkende stagebank", "inrichting", "ICT", "8w"),
                A("Bedrijven werven en stageplaatsen registreren",
                  "Zonder aanbod is de stagebank leeg",
                  "Zestig geregistreerde stageplaatsen", "uitvoering", "organisatie", "6w"),
              )),
            M("bed4", "Go/no-go: de bedrijven en de stuurgroep besluiten over de cofinanciering "
              "2027–2028",
              "Getekende cofinancieringsverklaringen (minimaal 10% van de begroting) en het "
              "besluit van de stuurgroep", d("2026-07-03"), "6w", 40, "kwaliteit", (
                A("Begroting 2027–2028 en cofinancieringsvoorstel opstellen",
                  "Het activiteitenplan 2027–2028 vraagt minimaal 10% cofinanciering",
                  "Conceptbegroting 2027–2028 met cofinancieringsvoorstel", "ontwerp", "beleid",
                  "3w"),
                A("Cofinancieringsverklaringen ophalen bij de bedrijven",
                  "Zonder getekende verklaringen kan het plan niet worden ingediend",
                  "Getekende cofinancieringsverklaringen", "uitvoering", "organisatie", "3w"),
              ), decision=True),
            M("bed5", "Het gezamenlijke praktijklokaal installatietechniek bij Van Wijk "
              "Installatietechniek is in gebruik",
              "Ingericht praktijklokaal waar elke week leerlingen van de drie scholen en van het "
              "mbo les krijgen", d("2027-09-24"), "6m", 300, "kwaliteit", (
                A("Ontwerp en begroting van het praktijklokaal",
                  "Scholen delen dure apparatuur in plaats van die drie keer aan te schaffen",
                  "Ontwerp en begroting praktijklokaal", "ontwerp", "organisatie", "6w"),
                A("Lokaal en apparatuur inrichten",
                  "Leerlingen werken met dezelfde installaties als in het bedrijf",
                  "Ingericht praktijklokaal", "inrichting", "processen", "3m"),
                A("Rooster en vervoer voor de scholen regelen",
                  "Het lokaal wordt alleen gebruikt als het in de roosters past",
                  "Gebruiksrooster praktijklokaal 2027–2028", "inrichting", "organisatie", "3w"),
              )),
        ),
    ),
    WorkstreamRow(
        "Professionalisering docenten",
        "Scholing en bedrijfsstages, zodat docenten de ontwikkelingen in de techniek bijhouden en "
        "het nieuwe lesmateriaal gebruiken.",
        (
            M("doc1", "Het regionale scholingsplan voor techniekdocenten is vastgesteld",
              "Scholingsplan 2025–2028 met per docent een scholingsdoel, vastgesteld door de "
              "schoolleiders", d("2025-05-23"), "2m", 60, "docenten", (
                A("Scholingsbehoefte inventariseren met een vragenlijst onder 40 docenten",
                  "Scholing moet aansluiten op wat docenten nodig hebben",
                  "Overzicht scholingsbehoefte", "analyse", "organisatie", "3w"),
                A("Scholingsplan opstellen en afstemmen met de schoolleiders",
                  "Scholing kost lestijd; schoolleiders moeten ruimte maken",
                  "Scholingsplan 2025–2028", "ontwerp", "beleid", "4w"),
              )),
            M("doc2", "Docenten zijn geschoold in het werken met XR (train-de-trainer)",
              "Twaalf docenten zijn XR-coach en begeleiden hun collega’s op de eigen school",
              d("2026-01-30"), "4w", 96, "docenten", (
                A("Drie trainingsmiddagen XR voor de XR-coaches",
                  "Zonder geschoolde docenten blijft het XR-materiaal liggen",
                  "Twaalf getrainde XR-coaches", "uitvoering", "processen", "3w"),
                A("XR-coaches trainen collega’s op de eigen school",
                  "Kennis verspreidt zich het best via collega’s",
                  "Teamtrainingen XR op de drie scholen", "uitvoering", "organisatie", "2w"),
              )),
            M("doc3", "Twaalf docenten hebben een bedrijfsstage van vijf dagen gelopen",
              "Twaalf stageverslagen en een gedeelde lijst met lesideeën uit de bedrijven",
              d("2026-03-31"), "3m", 480, "docenten", (
                A("Docenten koppelen aan bedrijven uit het convenant",
                  "Elke docent loopt stage in een bedrijf dat past bij zijn profiel",
                  "Koppellijst docenten–bedrijven", "inrichting", "organisatie", "3w"),
                A("Bedrijfsstages lopen en lesideeën vastleggen",
                  "Wat docenten in het bedrijf zien, komt terug in de les",
                  "Stageverslagen en lijst met lesideeën", "uitvoering", "processen", "8w"),
              )),
            M("doc4", "Veertig techniekdocenten hebben een scholingstraject of bedrijfsstage "
              "afgerond",
              "Registratie in het scholingsplan: 40 van de 40 techniekdocenten hebben een traject "
              "afgerond", d("2028-06-30"), "6m", 800, "docenten", (
                A("Tweede en derde ronde bedrijfsstages",
                  "Alle docenten, niet alleen de voorlopers, doen mee",
                  "28 extra afgeronde bedrijfsstages", "uitvoering", "processen", "4m"),
                A("Scholing opnemen in de gesprekscyclus van de scholen",
                  "Na 2028 blijft scholing vanzelfsprekend, ook zonder subsidie",
                  "Aangepaste gesprekscyclus en scholingsparagraaf in de schoolplannen", "borging",
                  "beleid", "2m"),
              )),
        ),
    ),
    WorkstreamRow(
        "Regie en verantwoording",
        "Aansturing van het samenwerkingsverband, monitoring met het mijlpalenplan en "
        "verantwoording aan de subsidieverstrekker.",
        (
            M("reg1", "Het activiteitenplan en de begroting 2025–2026 zijn ingediend",
              "Ingediend activiteitenplan met mijlpalenplan, VERI-matrix en begroting 2025–2026",
              d("2025-04-15"), "2m", 120, "kwaliteit", (
                A("Mijlpalenplan en VERI-matrix opstellen met de partners",
                  "Iedereen weet wat er wanneer klaar moet zijn en wie waarvoor staat",
                  "Mijlpalenplan en VERI-matrix", "ontwerp", "organisatie", "4w"),
                A("Begroting 2025–2026 en cofinanciering uitwerken",
                  "De aanvraag vraagt een sluitende begroting met minimaal 10% cofinanciering",
                  "Begroting 2025–2026", "ontwerp", "beleid", "3w"),
              )),
            M("reg2", "De tussenevaluatie met alle partners is gehouden en het mijlpalenplan is "
              "bijgesteld",
              "Verslag van de tussenevaluatie en een door de stuurgroep vastgesteld, bijgesteld "
              "mijlpalenplan (nieuwe baseline)", d("2026-06-26"), "4w", 60, "kwaliteit", (
                A("Evaluatiebijeenkomst met alle partners",
                  "Terugkijken: wat ging goed, wat moet anders, zitten we nog op koers?",
                  "Verslag tussenevaluatie", "borging", "organisatie", "1w"),
                A("Mijlpalenplan bijstellen en voorleggen aan de stuurgroep",
                  "Een aangepaste planning moet door de stuurgroep worden geaccepteerd",
                  "Bijgesteld mijlpalenplan met beslisdocument", "ontwerp", "beleid", "2w"),
              ), decision=True),
            M("reg3", "Het activiteitenplan en de begroting 2027–2028 zijn ingediend",
              "Ingediend activiteitenplan 2027–2028 met bijgesteld mijlpalenplan, begroting en "
              "cofinancieringsverklaringen", d("2026-10-01"), "5w", 100, "kwaliteit", (
                A("Activiteitenplan 2027–2028 schrijven",
                  "Het plan bouwt voort op de tussenevaluatie en de nieuwe baseline",
                  "Activiteitenplan 2027–2028", "ontwerp", "beleid", "4w"),
                A("Plan en begroting laten ondertekenen door alle partners",
                  "De aanvraag is pas compleet met de handtekeningen van alle partners",
                  "Ondertekend en ingediend activiteitenplan", "uitvoering", "organisatie", "1w"),
              )),
        ),
    ),
)

STO_DEPENDENCIES = (
    DependencyRow("xr1", "xr2"),
    DependencyRow("xr2", "xr3", lag="2w"),
    DependencyRow("xr3", "xr4", lag="1w"),
    DependencyRow("xr4", "xr5"),
    DependencyRow("bed1", "xr6"),
    DependencyRow("lob1", "lob3", lag="2w"),  # the LOB programme builds on the inventory
    DependencyRow("lob3", "lob4"),
    # The first guest lessons once the talks are under way.
    DependencyRow("bed1", "bed2", type="SS", lag="4w"),
    DependencyRow("bed1", "bed3"),
    DependencyRow("bed4", "bed5"),
    DependencyRow("xr2", "doc2"),
    DependencyRow("bed1", "doc3"),
    DependencyRow("doc3", "doc4"),
    DependencyRow("bed4", "reg3", lag="1w"),
)

STO_PARTIES = (
    PartyRow("Regiobureau STO Rivierenland", OFFICE, "Penvoerder en programmabureau",
             "info@regiobureau-sto.example"),
    PartyRow("Waalzicht College vmbo", SCHOOL, "vmbo-school met de profielen BWI, PIE en M&T",
             "info@waalzichtcollege.example"),
    PartyRow("Betuws Vakcollege", SCHOOL, "vmbo-school met de profielen PIE, MVI en BWI",
             "info@betuwsvakcollege.example"),
    PartyRow("Lingehof Scholengemeenschap vmbo", SCHOOL, "vmbo-school met de profielen BWI en MVI",
             "info@lingehof.example"),
    PartyRow("ROC De Uiterwaarden", MBO, "mbo-instelling met opleidingen techniek en installatie",
             "info@rocdeuiterwaarden.example"),
    PartyRow("Van Wijk Installatietechniek B.V.", COMPANY,
             "Installatiebedrijf en erkend leerbedrijf", "info@vanwijk-installatie.example"),
    PartyRow("Metaalbewerking Betuwe B.V.", COMPANY, "Metaalbedrijf en erkend leerbedrijf",
             "info@metaalbetuwe.example"),
    PartyRow("Opleidingsfonds Techniek Rivierenland", OTHER,
             "Opleidingsbedrijf en techniekfonds van de regionale werkgevers", "info@otr.example"),
    PartyRow("Jeroen de Vries", PERSON, "Projectleider Sterk Techniekonderwijs (Regiobureau STO)",
             "j.devries@regiobureau-sto.example", account="demo"),
    PartyRow("Ruud Hendriks", PERSON, "Voorzitter stuurgroep, directeur Lingehof (opdrachtgever)",
             "r.hendriks@lingehof.example"),
    PartyRow("Fatima El Amrani", PERSON, "Coördinator LOB (Waalzicht College)",
             "f.elamrani@waalzichtcollege.example", account="editor"),
    PartyRow("Marieke Jansen", PERSON, "Teamleider techniek (Betuws Vakcollege)",
             "m.jansen@betuwsvakcollege.example"),
    PartyRow("Anouk Verbeek", PERSON, "Opleidingsmanager techniek (ROC De Uiterwaarden)",
             "a.verbeek@rocdeuiterwaarden.example"),
    PartyRow("Kees van Dam", PERSON, "Praktijkopleider (Van Wijk Installatietechniek)",
             "k.vandam@vanwijk-installatie.example", account="partner"),
)

STO_PERIODS = (
    # The seeds fix the period, not the due date. Assumption: the progress report 2025–2026 is due
    # together with the activity plan 2027–2028 on 2026-10-01 (DOMAIN.md), two months after the
    # period ends. The later due dates are assumptions too (two and three months after the period;
    # the final report is due in 2029 per DOMAIN.md); confirm them with the funder.
    PeriodRow("Voortgangsrapportage 2025–2026", d("2025-01-01"), d("2026-07-31"), d("2026-10-01")),
    PeriodRow("Voortgangsrapportage 2027–2028", d("2026-08-01"), d("2028-07-31"), d("2028-10-02")),
    PeriodRow("Eindverslag", d("2028-08-01"), d("2028-12-31"), d("2029-03-29")),
)

STO_PLAN = PlanSpec(
    title=STO_TITLE,
    organisation="Samenwerkingsverband STO Rivierenland",
    vision=(
        "In 2028 kiezen meer jongeren in Rivierenland met plezier en goed geïnformeerd voor "
        "techniek. De drie vmbo-scholen, ROC De Uiterwaarden en het regionale bedrijfsleven bieden "
        "samen modern, praktijkgericht techniekonderwijs met aandacht voor duurzaamheid en "
        "klimaat. Leerlingen oriënteren zich via één gezamenlijk LOB-programma op de techniek in "
        "de regio, met een doorlopende lijn naar het mbo, en docenten blijven via scholing en "
        "bedrijfsstages bij. Zo verminderen we de uitval in vmbo 3 en groeit het aantal vakmensen "
        "dat de regio nodig heeft."
    ),
    start_date=d("2025-01-01"),
    end_date=d("2028-12-31"),
    region="midden",
    goals=STO_GOALS,
    workstreams=STO_WORKSTREAMS,
    dependencies=STO_DEPENDENCIES,
    parties=STO_PARTIES,
    periods=STO_PERIODS,
    members=(("editor", Role.EDITOR), ("partner", Role.CONTRIBUTOR)),
)


# --- 2. OKE: invoering van de onderwijskoppelvlakken (seed 004) ----------------------------------
# Organised by phase and BOP domain; deadlines avoid the school holidays of region zuid, also 52
# weeks on. The plan's warnings do not hinge on the school holidays either (a year on, the calendar
# has no holiday data yet): the forecast for the late examenreglement leaves room for its six weeks
# of work with or without the Christmas holiday, and the data chain misses its deadline by more.

OKE_GOALS = (
    GoalRow(
        "keten",
        "Vanaf schooljaar 2027–2028 wisselt Zuiderpoort College inschrijf-, examen- en "
        "resultaatgegevens uitsluitend via de onderwijskoppelvlakken uit.",
        "Gegevens worden één keer vastgelegd en gaan betrouwbaar door de keten: minder handwerk, "
        "minder fouten in diploma’s en in de bekostiging.",
        "Aandeel gegevensberichten dat via de koppelvlakken wordt uitgewisseld",
        "100%",
        d("2027-07-09"),
    ),
    GoalRow(
        "kwaliteit",
        "Het aantal handmatige correcties in examengegevens is gehalveerd.",
        "Handmatige correcties kosten het examenbureau veel tijd en zijn een bron van fouten.",
        "Aantal handmatige correcties per examenperiode in het studentinformatiesysteem",
        "van ca. 400 naar hooguit 200 per periode",
        d("2027-07-09"),
    ),
)

OKE_WORKSTREAMS = (
    WorkstreamRow(
        "Governance, communicatie en draagvlak",
        "Opdrachtgeverschap, besluitvorming door het MT en afstemming met de examencommissie en de "
        "OKE-werkgroep; OKE raakt veel schakels tegelijk.",
        (
            M("start", "De startbijeenkomst OKE met alle betrokken afdelingen is gehouden",
              "Getekende projectopdracht en een startbijeenkomst met 40 deelnemers; planning en "
              "contactpersonen staan op intranet", d("2026-02-12"), "4w", 24, "keten", (
                A("Projectopdracht OKE opstellen en laten tekenen door het MT",
                  "Helder wie opdrachtgever is, wie uitvoert en wie meebeslist",
                  "Getekende projectopdracht OKE", "analyse", "beleid", "2w"),
                A("Startbijeenkomst organiseren voor examenbureau, ICT, informatiemanagement en "
                  "onderwijs",
                  "Draagvlak: iedereen hoort tegelijk wat OKE betekent en wat er van hem verwacht "
                  "wordt",
                  "Presentatie en verslag van de startbijeenkomst", "analyse", "organisatie", "2w"),
              ), quick_win=True),
            M("impact", "De impactanalyse per BOP-domein is door het MT vastgesteld",
              "Impactanalyse: per domein (processen, organisatie, beleid, ICT) wat er verandert "
              "door de koppelvlakken, met een besluit van het MT over de aanpak", d("2026-03-31"),
              "5w", 80,
              "keten", (
                A("Impactanalyse processen en organisatie",
                  "Weten welke werkprocessen en rollen veranderen door de koppelvlakken",
                  "Impactanalyse processen en organisatie", "analyse", "processen", "4w"),
                A("Impactanalyse beleid en ICT",
                  "Weten welke regelingen en systemen moeten worden aangepast",
                  "Impactanalyse beleid en ICT", "analyse", "ICT", "4w"),
              ), decision=True),
            M("gonogo", "Go/no-go: het MT stelt het inrichtingsplan en de planning vast",
              "Inrichtingsplan met planning, budget en bezetting, en een vastgelegd besluit van "
              "het MT",
              d("2026-06-26"), "2w", 40, "keten", (
                A("Inrichtingsplan opstellen met de OKE-werkgroep",
                  "Keuzes over planning, budget en mensen moeten op één plek worden voorgelegd",
                  "Inrichtingsplan en beslisdocument voor het MT", "ontwerp", "organisatie", "2w"),
              ), decision=True),
        ),
    ),
    WorkstreamRow(
        "Examinering en resultaten",
        "Examenprocessen, examenreglement en handboek examinering passend bij de koppelvlakken.",
        (
            M("proces", "De examenprocessen zijn herontworpen en vastgelegd in procesplaten",
              "Procesplaten van planning tot diplomering, met de gegevensstromen via de "
              "koppelvlakken",
              d("2026-06-05"), "2m", 160, "kwaliteit", (
                A("Huidige examenprocessen in kaart brengen",
                  "Eerst weten hoe het nu gaat voordat we het anders inrichten",
                  "Procesplaten huidige situatie", "analyse", "processen", "3w"),
                A("Nieuwe examenprocessen ontwerpen met examenorganisatie en onderwijsteams",
                  "De koppelvlakken vragen dat gegevens op één moment en één plek worden "
                  "vastgelegd",
                  "Procesplaten nieuwe situatie", "ontwerp", "processen", "5w"),
              )),
            M("reglement", "Het examenreglement en het handboek examinering zijn aangepast en door "
              "de examencommissie vastgesteld",
              "Vastgesteld examenreglement 2027–2028 en handboek examinering", d("2026-10-02"),
              "6w",
              60, "kwaliteit", (
                A("Examenreglement en handboek aanpassen aan de nieuwe gegevensstromen",
                  "Regels moeten kloppen met hoe het proces straks werkt",
                  "Concept examenreglement en handboek", "ontwerp", "beleid", "4w"),
                A("Taken van examencommissie en examenbureau opnieuw beleggen",
                  "Duidelijk wie gegevens vaststelt, controleert en doorgeeft",
                  "Taakverdeling examencommissie en examenbureau", "inrichting", "organisatie",
                  "2w"),
              )),
        ),
    ),
    WorkstreamRow(
        "ICT en gegevensuitwisseling",
        "Koppeling van het studentinformatiesysteem met de koppelvlakken, ketentest en "
        "datakwaliteit.",
        (
            M("koppeling", "De koppeling van het studentinformatiesysteem met de koppelvlakken is "
              "ingericht en de ketentest is geslaagd",
              "Werkende koppeling in productie en een testrapport van de ketentest zonder "
              "blokkerende bevindingen", d("2026-12-11"), "3m", 240, "keten", (
                A("Functioneel ontwerp van de koppeling opstellen met de leverancier",
                  "De leverancier bouwt wat wij in de processen hebben afgesproken",
                  "Functioneel ontwerp koppeling", "ontwerp", "ICT", "4w"),
                A("Koppeling configureren in de testomgeving",
                  "Eerst testen voordat echte studentgegevens door de keten gaan",
                  "Geconfigureerde testomgeving", "inrichting", "ICT", "6w"),
                A("Ketentest met voorbeeldgegevens uitvoeren",
                  "Aantonen dat gegevens correct heen en weer gaan",
                  "Testrapport ketentest", "inrichting", "processen", "2w"),
              )),
            M("data", "De studentgegevens zijn opgeschoond en er is een vaste controleprocedure",
              "Opgeschoonde studentgegevens (geen dubbele of onvolledige records) en een "
              "maandelijkse controle met dashboard", d("2027-01-29"), "6w", 120, "kwaliteit", (
                A("Dubbele en onvolledige studentgegevens opschonen",
                  "Foute gegevens worden via de koppelvlakken alleen maar sneller verspreid",
                  "Opgeschoond bestand met studentgegevens", "inrichting", "processen", "4w"),
                A("Dashboard en controleprocedure datakwaliteit inrichten",
                  "Datakwaliteit blijft alleen goed als iemand er structureel naar kijkt",
                  "Dashboard datakwaliteit en controleprocedure", "borging", "ICT", "2w"),
              )),
        ),
    ),
    WorkstreamRow(
        "Organisatie en uitvoering",
        "Rollen, scholing en de eerste examenperiode via de koppelvlakken; daarna borging in de "
        "lijn.",
        (
            M("rollen", "De rollen zijn belegd en de medewerkers zijn geschoold",
              "Gegevenseigenaren en functioneel beheerders benoemd; 60 medewerkers van "
              "examenbureau, onderwijsadministratie en teams geschoold", d("2027-02-05"), "2m", 160,
              "keten", (
                A("Rollen en taken vastleggen (gegevenseigenaar, functioneel beheer)",
                  "Zonder eigenaar wordt niemand aangesproken op de kwaliteit van gegevens",
                  "Beschrijving rollen en taken OKE", "inrichting", "organisatie", "2w"),
                A("Training voor examenbureau, onderwijsadministratie en teamleiders",
                  "Medewerkers moeten de nieuwe werkwijze kennen voordat die live gaat",
                  "Zes trainingen en een werkinstructie", "uitvoering", "organisatie", "4w"),
              )),
            M("live", "De eerste examenperiode is volledig via de koppelvlakken afgehandeld",
              "Alle resultaten van examenperiode 3 zijn via de koppelvlakken uitgewisseld; "
              "foutmeldingen binnen twee werkdagen opgelost", d("2027-04-20"), "2m", 200, "keten", (
                A("Examenresultaten van periode 3 via de koppelvlakken uitwisselen",
                  "De echte toets voor de nieuwe processen",
                  "Uitgewisselde resultaten periode 3", "uitvoering", "processen", "6w"),
                A("Dagelijkse monitoring en afhandeling van foutmeldingen",
                  "Fouten snel oplossen houdt het vertrouwen in de nieuwe werkwijze",
                  "Logboek foutmeldingen en oplossingen", "uitvoering", "ICT", "6w"),
              )),
            M("borging", "OKE is geborgd in de kwaliteitscyclus en het jaarplan 2027–2028",
              "Evaluatieverslag, overgedragen werkinstructies en een besluit van het MT over de "
              "overdracht aan de lijn", d("2027-07-02"), "6w", 60, "kwaliteit", (
                A("Evaluatie met de OKE-werkgroep en de examencommissie",
                  "Leren van de invoering voordat het project stopt",
                  "Evaluatieverslag OKE", "borging", "organisatie", "2w"),
                A("Werkinstructies en beheerafspraken overdragen aan de lijn",
                  "Na het project moet het werk gewoon doorgaan",
                  "Overgedragen werkinstructies en beheerafspraken", "borging", "processen", "2w"),
                A("OKE-afspraken opnemen in het jaarplan 2027–2028 en het privacybeleid",
                  "Wat in beleid staat, komt terug in de kwaliteitscyclus",
                  "Aangepast jaarplan en privacybeleid", "borging", "beleid", "2w"),
              ), decision=True),
        ),
    ),
)

OKE_DEPENDENCIES = (
    DependencyRow("start", "impact"),
    DependencyRow("impact", "proces"),
    DependencyRow("proces", "gonogo"),
    DependencyRow("gonogo", "reglement"),
    DependencyRow("gonogo", "koppeling", lag="2w"),
    DependencyRow("koppeling", "data", type="SS", lag="3w"),
    DependencyRow("koppeling", "live"),
    DependencyRow("reglement", "live"),
    DependencyRow("rollen", "live"),
    DependencyRow("live", "borging"),
)

OKE_PARTIES = (
    PartyRow("Zuiderpoort College", MBO, "mbo-instelling; opdrachtgever is het College van Bestuur",
             "info@zuiderpoort.example"),
    PartyRow("MT Zuiderpoort College", OTHER, "Opdrachtgever; besluit bij de go/no-go-momenten"),
    PartyRow("Examenorganisatie (examenbureau)", OTHER, "Voert de examenprocessen uit"),
    PartyRow("Examencommissie", OTHER, "Stelt examenreglement en handboek vast"),
    PartyRow("Afdeling ICT", OTHER, "Koppeling, testomgeving en technisch beheer"),
    PartyRow("Informatiemanagement", OTHER, "Gegevensstromen, datakwaliteit en privacy"),
    PartyRow("Onderwijsteams", OTHER, "Teams techniek, zorg en economie"),
    PartyRow("OKE-werkgroep", OTHER,
             "Werkgroep met vertegenwoordigers van alle betrokken afdelingen"),
    PartyRow("Ingrid Smits", PERSON, "Projectleider OKE", "i.smits@zuiderpoort.example"),
    PartyRow("Bram Peeters", PERSON, "Informatiemanager", "b.peeters@zuiderpoort.example"),
    PartyRow("Lotte van den Berg", PERSON, "Functioneel beheerder studentinformatiesysteem",
             "l.vandenberg@zuiderpoort.example"),
)

OKE_PERIODS = (
    PeriodRow("Tussenrapportage aan het MT", d("2026-01-05"), d("2026-07-10"), d("2026-09-11")),
    PeriodRow("Eindrapportage OKE", d("2026-07-11"), d("2027-07-09"), d("2027-09-17")),
)

OKE_PLAN = PlanSpec(
    title=OKE_TITLE,
    organisation="Zuiderpoort College",
    vision=(
        "Zuiderpoort College voert in 2026–2027 de onderwijskoppelvlakken (OKE) in. We vertalen "
        "OKE naar concrete veranderingen in processen, organisatie, beleid en ICT (BOP-SI), zodat "
        "gegevens over inschrijvingen, examens en resultaten één keer worden vastgelegd en "
        "betrouwbaar door de keten gaan. Het activiteitenplan laat per fase en per domein zien wie "
        "wat doet, welke besluiten nodig zijn en welke producten het oplevert, en is ons "
        "stuurinstrument richting het MT."
    ),
    start_date=d("2026-01-05"),
    end_date=d("2027-07-09"),
    region="zuid",
    goals=OKE_GOALS,
    workstreams=OKE_WORKSTREAMS,
    dependencies=OKE_DEPENDENCIES,
    parties=OKE_PARTIES,
    periods=OKE_PERIODS,
)

DEMO_PLANS = (STO_PLAN, OKE_PLAN)
# fmt: on


# --- loading -------------------------------------------------------------------------------------


def shift_for(today: dt.date) -> dt.timedelta:
    """How far the story moves so that its anchor falls in today's week.

    Whole weeks, rounded down: today is the anchor's weekday or up to six days after it, so
    weekdays stay weekdays and the last round of status updates lies behind today.
    """
    return dt.timedelta(weeks=(today - ANCHOR).days // 7)


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


@dataclass(frozen=True)
class DemoResult:
    user: User
    plans: tuple[Plan, ...]
    created: bool
    built: tuple[Plan, ...] = ()  # the plans made by this run; the other apps add to these
    email: str = DEMO_EMAIL
    password: str = DEMO_PASSWORD
    url: str = DEMO_URL

    def report(self) -> str:
        state = (
            "Demogegevens geladen (demo data loaded):"
            if self.created
            else "Demogegevens bestonden al; niets gewijzigd "
            "(demo data already present, nothing changed):"
        )
        lines = [state, *(f"  - {plan.title}" for plan in self.plans), ""]
        lines += [
            f"Open {self.url} en log in met (log in with):",
            f"  E-mailadres (e-mail):  {self.email}",
            f"  Wachtwoord (password): {self.password}",
            "Meer demo-accounts, zelfde wachtwoord (more demo accounts, same password):",
            *(
                f"  {account.email} ({account.note}, {STO_TITLE})"
                for account in ACCOUNTS
                if account.email != self.email
            ),
        ]
        return "\n".join(lines)


_M = TypeVar("_M", bound=models.Model)


def _save(plan: Plan, user: User, instance: _M) -> _M:
    services.item_save(plan=plan, user=user, instance=instance)
    return instance


def _account(account: Account) -> tuple[User, bool]:
    """The demo account with this e-mail address; an existing one is left as it is."""
    user = User.objects.filter(email__iexact=account.email).first()
    if user is not None:
        return user, False
    return User.objects.create_user(
        email=account.email, password=DEMO_PASSWORD, name=account.name
    ), True


def _find_plan(title: str, owner: User) -> Plan | None:
    return (
        Plan.objects.filter(title=title, memberships__user=owner, memberships__role=Role.OWNER)
        .order_by("id")
        .first()
    )


# The story's own dates: the rules below read the spec as written, against STATUS_DATE; the
# result is shifted when it is saved.


def _reached_on(m: MilestoneRow) -> dt.date | None:
    if m.key in NOT_REACHED or m.deadline > STATUS_DATE:
        return None
    return REACHED_LATE.get(m.key, m.deadline)


def _activity_actuals(
    a: ActivityRow, reached: dt.date | None, m: MilestoneRow
) -> tuple[dt.date | None, dt.date | None]:
    """Done activities finished a few days before their milestone, after their duration; the
    activities of a milestone whose lead time has begun are under way."""
    if reached is None:
        amount, unit = int(m.lead_time[:-1]), m.lead_time[-1]
        begun = m.deadline - dt.timedelta(days=amount * {"d": 1, "w": 7, "m": 30}[unit])
        if begun <= STATUS_DATE and m.key not in NOT_REACHED:
            return begun + dt.timedelta(days=(7 - begun.weekday()) % 7), None  # the Monday after
        return None, None
    finished = reached - dt.timedelta(days=3 if reached.weekday() >= 3 else 5)
    amount, unit = int(a.duration[:-1]), a.duration[-1]
    calendar_days = amount * {"d": 1, "w": 7, "m": 28}[unit]
    return finished - dt.timedelta(days=calendar_days), finished


def _moved(day: dt.date | None, shift: dt.timedelta) -> dt.date | None:
    return None if day is None else day + shift


def _new_plan(spec: PlanSpec, owner: User, users: dict[str, User], shift: dt.timedelta) -> Plan:
    """The plan with its members, reporting periods and nothing else yet."""
    plan = services.plan_create(
        user=owner,
        plan=Plan(
            title=spec.title,
            organisation=spec.organisation,
            vision=spec.vision,
            start_date=spec.start_date + shift,
            end_date=spec.end_date + shift,
            region=spec.region,
            scheduling="alap",
        ),
    )
    for key, role in spec.members:
        membership = Membership.objects.create(plan=plan, user=users[key], role=role)
        services.record_change(
            plan=plan,
            user=owner,
            obj=membership,
            action=ChangeRecord.Action.CREATE,
            before=None,
            after={"user": str(users[key]), "role": role},
        )
    for p in spec.periods:
        period = ReportingPeriod(
            name=p.name,
            start_date=p.start_date + shift,
            end_date=p.end_date + shift,
            due_date=p.due_date + shift,
        )
        _save(plan, owner, period)
    return plan


def _goals(plan: Plan, owner: User, spec: PlanSpec, shift: dt.timedelta) -> dict[str, Goal]:
    goals: dict[str, Goal] = {}
    for g in spec.goals:
        goals[g.key] = _save(plan, owner, Goal(
            description=g.description, why=g.why, indicator=g.indicator,
            target_value=g.target_value, target_date=g.target_date + shift,
        ))  # fmt: skip
    return goals


def _workstreams(
    plan: Plan, owner: User, spec: PlanSpec, shift: dt.timedelta
) -> dict[str, Milestone]:
    """Workstreams, their milestones and activities; the milestones by key."""
    goals = _goals(plan, owner, spec, shift)
    phases = {phase.name: phase for phase in Phase.objects.filter(plan=plan)}
    domains = {domain.name: domain for domain in Domain.objects.filter(plan=plan)}
    milestones: dict[str, Milestone] = {}
    for w in spec.workstreams:
        workstream = _save(plan, owner, Workstream(name=w.name, description=w.description))
        for m in w.milestones:
            reached = _reached_on(m)
            milestones[m.key] = milestone = _save(plan, owner, Milestone(
                workstream=workstream, goal=goals[m.goal], title=m.title, result=m.result,
                deadline=m.deadline + shift, lead_time=m.lead_time, effort_hours=m.effort_hours,
                is_quick_win=m.quick_win, is_decision_point=m.decision,
                reached_on=_moved(reached, shift),
            ))  # fmt: skip
            for a in m.activities:
                started, finished = _activity_actuals(a, reached, m)
                _save(plan, owner, Activity(
                    workstream=workstream, milestone=milestone, goal=goals[m.goal], title=a.title,
                    why=a.why, result=a.result, phase=phases[a.phase], domain=domains[a.domain],
                    duration=a.duration, actual_start=_moved(started, shift),
                    actual_finish=_moved(finished, shift),
                ))  # fmt: skip
    return milestones


def _build_plan(spec: PlanSpec, owner: User, users: dict[str, User], shift: dt.timedelta) -> Plan:
    plan = _new_plan(spec, owner, users, shift)
    milestones = _workstreams(plan, owner, spec, shift)
    for dep in spec.dependencies:
        services.dependency_create(
            plan=plan,
            user=owner,
            predecessor=milestones[dep.predecessor],
            successor=milestones[dep.successor],
            type=dep.type,
            lag=dep.lag,
        )
    for party in spec.parties:
        _save(plan, owner, Party(
            name=party.name, kind=party.kind, role_title=party.role_title, email=party.email,
            user=users.get(party.account),
        ))  # fmt: skip
    return plan


@transaction.atomic
def load_demo_plans(*, shift: dt.timedelta = dt.timedelta(0)) -> DemoResult:
    """Create the demo accounts and plans that do not exist yet, the story moved by `shift`."""
    accounts = {account.key: _account(account) for account in ACCOUNTS}
    users = {key: user for key, (user, _new) in accounts.items()}
    owner = users["demo"]
    plans: list[Plan] = []
    built: list[Plan] = []
    for spec in DEMO_PLANS:
        plan = _find_plan(spec.title, owner)
        if plan is None:
            plan = _build_plan(spec, owner, users, shift)
            built.append(plan)
        plans.append(plan)
    created = bool(built) or any(new for _user, new in accounts.values())
    return DemoResult(user=owner, plans=tuple(plans), created=created, built=tuple(built))
