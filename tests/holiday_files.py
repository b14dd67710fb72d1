"""Open-data files of school holidays as the government writes them, for tests.

The dates are test dates, not the published ones: each school year gets its five holidays for
the whole country (region "heel Nederland"), a week later each year.
"""

from __future__ import annotations

import datetime as dt
import json

FIVE = (
    ("Herfstvakantie", (10, 16), 8),
    ("Kerstvakantie", (12, 25), 15),
    ("Voorjaarsvakantie", (2, 26), 8),
    ("Meivakantie", (4, 22), 8),
    ("Zomervakantie", (7, 15), 43),
)


def open_data(*schoolyears: int) -> str:
    """One document per school year starting in the given years (2027: 2027-2028)."""
    documents = []
    for first in schoolyears:
        vacations = []
        for kind, (month, day), days in FIVE:
            start = dt.date(first if month >= 8 else first + 1, month, day)
            start += dt.timedelta(days=(5 - start.weekday()) % 7)  # a Saturday
            end = start + dt.timedelta(days=days)
            vacations.append(
                {
                    "type": f" {kind} ",
                    "compulsorydates": "false",
                    "regions": [
                        {
                            "region": "heel Nederland",
                            "startdate": f"{start.isoformat()}T00:00:00.000Z",
                            "enddate": f"{end.isoformat()}T00:00:00.000Z",
                        }
                    ],
                }
            )
        year = f"{first}-{first + 1}"
        documents.append(
            {
                "id": f"schoolvakanties-{year}",
                "title": f"Schoolvakanties {year}",
                "content": [{"title": f"Schoolvakanties {year}", "schoolyear": f"{year} ",
                             "vacations": vacations}],
            }
        )  # fmt: skip
    return json.dumps(documents, indent=2)
