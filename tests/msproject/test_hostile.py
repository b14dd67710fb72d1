"""Hostile MS Project files are refused before MPXJ sees them, with a clear message, and change
nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mijlpaal.msproject import files
from mijlpaal.msproject.files import FileRefused, check_mspdi, read_project
from mijlpaal.msproject.importer import plan_version
from tests.helpers import Actors, SamplePlan, client_for, text
from tests.msproject.helpers import shape
from tests.msproject.projectlibre import PROJECTLIBRE_XML

DTD_MESSAGE = (
    "Het bestand bevat een DTD of entiteiten (<!DOCTYPE, <!ENTITY); MS Project schrijft die niet "
    "en Mijlpaal leest ze niet. Er is niets gewijzigd."
)
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol9;</Name></Project>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&secret;</Name></Project>
"""
# The same, in UTF-16: a scan of the bytes for "<!DOCTYPE" would not see it; the parser does.
EXTERNAL_UTF16 = EXTERNAL.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')


def tasks(n: int) -> bytes:
    rows = "".join(f"<Task><UID>{i}</UID><Name>T{i}</Name></Task>" for i in range(n))
    return (
        '<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
        f"<Tasks>{rows}</Tasks></Project>"
    ).encode()


@pytest.mark.parametrize(
    "data",
    [LAUGHS, EXTERNAL, EXTERNAL_UTF16.encode("utf-16")],
    ids=["entity expansion", "external entity", "utf-16"],
)
def test_a_dtd_or_entity_is_refused_before_mpxj_reads_it(data: bytes) -> None:
    with pytest.raises(FileRefused) as refused:
        read_project(data, mpp=False)
    assert refused.value.message == DTD_MESSAGE


def test_too_many_tasks_too_large_or_too_deep_is_refused() -> None:
    check_mspdi(tasks(2_000))  # at the limit: read
    with pytest.raises(FileRefused) as refused:
        check_mspdi(tasks(2_001))
    assert refused.value.message == (
        "Het bestand heeft meer dan 2.000 taken; Mijlpaal leest er niet meer dan zoveel."
    )
    with pytest.raises(FileRefused) as refused:
        check_mspdi(b" " * (5 * 1024 * 1024 + 1))
    assert refused.value.message == (
        "Het bestand is groter dan 5 MB; een MS Project-bestand is veel kleiner."
    )
    deep = b"<Project xmlns='http://schemas.microsoft.com/project'>" + b"<a>" * 30
    with pytest.raises(FileRefused) as refused:
        check_mspdi(deep + b"</a>" * 30 + b"</Project>")
    assert refused.value.message == "Het bestand is te diep genest; het is geen MS Project-bestand."


@pytest.mark.parametrize(
    ("data", "mpp", "message"),
    [
        (b"hallo", False, "Dit is geen leesbaar MS Project XML-bestand (MSPDI)."),
        (b"<html><body>x</body></html>", False, "Dit is geen leesbaar MS Project XML-bestand"),
        (
            b"PK\x03\x04 a zip, not a project",
            True,
            "Dit is geen leesbaar MS Project-bestand (.mpp).",
        ),
        (files.OLE2 + b"\x00" * 600, True, "Dit is geen leesbaar MS Project-bestand (.mpp)."),
    ],
    ids=["text", "html", "zip as mpp", "broken ole2"],
)
def test_a_file_that_is_not_a_project_says_so(data: bytes, mpp: bool, message: str) -> None:
    with pytest.raises(FileRefused) as refused:
        read_project(data, mpp=mpp)
    assert refused.value.message.startswith(message)


def test_reading_that_takes_too_long_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_SECONDS", -1.0)
    with pytest.raises(FileRefused) as refused:
        read_project(PROJECTLIBRE_XML.encode(), mpp=False)
    assert (
        refused.value.message == "Het lezen van het bestand duurt te lang; er is niets veranderd."
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bom.xml", LAUGHS, DTD_MESSAGE),
        ("groot.xml", b" " * (5 * 1024 * 1024 + 1), "Het bestand is groter dan 5 MB"),
        ("groot.mpp", b" " * (10 * 1024 * 1024 + 1), "Het bestand is groter dan 10 MB"),
        ("plan.xlsx", b"PK", "Kies een MS Project-bestand: XML (.xml, MSPDI)"),
    ],
    ids=["entities", "large xml", "large mpp", "other kind"],
)
def test_a_hostile_upload_shows_the_message_and_changes_nothing(
    sample: SamplePlan, actors: Actors, name: str, data: bytes, message: str
) -> None:
    before = shape(sample.plan), plan_version(sample.plan)
    response = client_for(actors.owner).post(
        reverse("msproject:upload", args=[sample.plan.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    assert message in text(response)
    assert "Controleer de import" not in text(response)
    assert (shape(sample.plan), plan_version(sample.plan)) == before
