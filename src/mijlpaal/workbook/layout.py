"""The layout of a Mijlpaal workbook: sheet names, header rows and fixed texts.

Sheet and column names are Dutch in every interface language: they are the names of the
templates Dutch users know (seeds 000, 001, 004), and a workbook made in English must import
in Dutch and the other way round.
"""

from __future__ import annotations

FORMAT = "mijlpaal-werkmap 1"

PLAN_SHEET = "Mijlpalenplan"
VERI_SHEET = "VERI-matrix"
ACTIVITY_SHEET = "Activiteitenplan"
DATA_SHEET = "Gegevens"
SHEETS = (PLAN_SHEET, VERI_SHEET, ACTIVITY_SHEET, DATA_SHEET)

# Mijlpalenplan: title rows 1-2, the years in row 3, the column names in row 4, data from row 5.
PLAN_YEAR_ROW = 3
PLAN_HEADER_ROW = 4
PLAN_FIXED = ("Nr", "Mijlpaal", "Deadline", "Doorlooptijd", "Bereikt op")
ROLES_HEADER = "Rollen en verantwoordelijkheden"
# The milestone's light, after the roles; from the logbook, so the importer skips it.
STATUS_HEADER = "Status"
WORKSTREAM_PREFIX = "DEELPROJECT:"

# VERI-matrix: title rows 1-2, column names in row 3 (then one column per party), a legend below.
VERI_HEADER_ROW = 3
VERI_FIXED = ("Soort", "Deelproject", "Onderdeel")
LEGEND = "Legenda"
ROW_KINDS = {"workstream": "Deelproject", "milestone": "Mijlpaal", "activity": "Activiteit"}
KIND_OF_ROW = {label.lower(): kind for kind, label in ROW_KINDS.items()}
VERI_LEGEND = (
    ("V", "Verantwoordelijk (uitvoerend): voert de taak uit, legt verantwoording af aan E"),
    ("E", "Eindverantwoordelijk (beslisser): keurt goed, tekent af"),
    ("R", "Raadplegen (adviseur): vooraf om advies gevraagd"),
    ("I", "Informeren: op de hoogte gehouden"),
    ("S", "Support: geeft ondersteuning"),
    ("O", "Out of the loop: bewust niet betrokken"),
)

# Activiteitenplan: title rows 1-2, column names in row 3, a row per phase above its activities.
ACTIVITY_HEADER_ROW = 3
ACTIVITY_HEADERS = (
    "Fase",
    "Domein",
    "Activiteit (wat)",
    "Waarom",
    "Resultaat/product",
    "Mijlpaal",
    "Deelproject",
    "Duur",
    "Start",
    "Eind",
    "Gestart op",
    "Afgerond op",
)
PHASE_PREFIX = "FASE:"
NO_PHASE = "(zonder fase)"

# Each row's stable key (docs/plan-format.md), where the printed sheets do not show it: a hidden
# column ‘Sleutel’ right after the Mijlpalenplan's roles and after the Activiteitenplan's columns.
KEY_HEADER = "Sleutel"
ACTIVITY_KEY_COLUMN = len(ACTIVITY_HEADERS) + 1  # M

# Gegevens (hidden): what the printed sheets do not show but the plan needs to be the same plan.
DATA_HEADERS = ("Gegeven", "Waarde")
ITEM_KINDS = {"milestone": "mijlpaal", "activity": "activiteit"}
KIND_OF_ITEM = {label: kind for kind, label in ITEM_KINDS.items()}
# The stable keys in Gegevens, after the row's own values.
PARTY_KEY_COLUMN = 6  # F, on a row ‘partij’
DETAILS_KEY_COLUMN = 8  # H, on a row ‘mijlpaal’
CLOSURE_KEY_COLUMN = 8  # H, on a row ‘sluiting’ (a period of the school calendar)
DEPENDENCY_KEY_COLUMNS = (10, 11)  # J, K on ‘afhankelijkheid’: the predecessor's, the successor's

DATE_FORMAT = "DD-MM-YYYY"
