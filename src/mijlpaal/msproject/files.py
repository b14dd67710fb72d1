"""Reading and writing MS Project files through MPXJ, with the bounds on what a user uploads.

An uploaded file is outside input. Before MPXJ sees it, it is bounded: an MSPDI file (`.xml`) by
its size, then by one streaming pass of defusedxml that refuses any DTD or entity (so no entity
expansion and nothing fetched) and counts the tasks, links, calendar exceptions and the nesting;
a `.mpp` file by its size and its signature (an OLE2 compound file). After MPXJ has read it, the
number of tasks is checked again (a `.mpp` is only counted then) and the time it took.

No Django here but the translation of the messages.
"""

from __future__ import annotations

import io
import time
from typing import Any

from django.utils.translation import gettext as _

from mijlpaal.msproject import java

MAX_XML_BYTES = 5 * 1024 * 1024  # an MSPDI file of 2,000 tasks is about 4 MB
MAX_MPP_BYTES = 10 * 1024 * 1024
MAX_TASKS = 2_000
MAX_LINKS = 10_000
MAX_EXCEPTIONS = 2_000
MAX_DEPTH = 20  # of the XML elements; MSPDI itself is five deep
MAX_SECONDS = 10.0  # reading, MPXJ included
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MSPDI_NAMESPACE = "{http://schemas.microsoft.com/project}"


class FileRefused(Exception):
    """A file that is not read; the message is in the user's language. Nothing has changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _too_many(what: str, limit: int) -> FileRefused:
    return FileRefused(
        _("The file has more than %(n)s %(what)s; Mijlpaal reads at most that many.")
        % {"n": f"{limit:,}".replace(",", "."), "what": what}
    )


def check_mspdi(data: bytes) -> None:
    """Refuse an MSPDI file that is too large, has a DTD or entities, or too many parts."""
    import defusedxml.ElementTree as safe_xml  # type: ignore[import-untyped]
    from defusedxml import DefusedXmlException

    if len(data) > MAX_XML_BYTES:
        raise FileRefused(_("The file is larger than 5 MB; an MS Project file is much smaller."))
    counts = {"Task": 0, "PredecessorLink": 0, "Exception": 0}
    depth = 0
    seen_root = False
    try:
        for event, element in safe_xml.iterparse(
            io.BytesIO(data), events=("start", "end"), forbid_dtd=True
        ):
            if event == "end":
                depth -= 1
                element.clear()
                continue
            depth += 1
            if depth > MAX_DEPTH:
                raise FileRefused(_("The file is nested too deeply; it is not an MS Project file."))
            name = str(element.tag).removeprefix(MSPDI_NAMESPACE)
            if not seen_root:
                seen_root = True
                if name != "Project":
                    raise _not_mspdi()
            if name in counts:
                counts[name] += 1
                if counts["Task"] > MAX_TASKS:
                    raise _too_many(_("tasks"), MAX_TASKS)
                if counts["PredecessorLink"] > MAX_LINKS:
                    raise _too_many(_("links"), MAX_LINKS)
                if counts["Exception"] > MAX_EXCEPTIONS:
                    raise _too_many(_("calendar exceptions"), MAX_EXCEPTIONS)
    except DefusedXmlException as error:
        raise FileRefused(
            _(
                "The file contains a DTD or entities (<!DOCTYPE, <!ENTITY); MS Project does not "
                "write those, and Mijlpaal does not read them. Nothing has been changed."
            )
        ) from error
    except SyntaxError as error:  # ElementTree's ParseError
        raise _not_mspdi() from error
    if not seen_root:
        raise _not_mspdi()


def _not_mspdi() -> FileRefused:
    return FileRefused(
        _(
            "This is not an MS Project XML file (MSPDI) that can be read. In MS Project, choose "
            "Save as ‘XML-indeling (*.xml)’; in ProjectLibre, Save as ‘MS Project XML’."
        )
    )


def check_mpp(data: bytes) -> None:
    if len(data) > MAX_MPP_BYTES:
        raise FileRefused(_("The file is larger than 10 MB; an MS Project file is much smaller."))
    if not data.startswith(OLE2):
        raise FileRefused(_("This is not an MS Project file (.mpp) that can be read."))


_warmed = False
TINY = b'<Project xmlns="http://schemas.microsoft.com/project"><Name>-</Name></Project>'


def _warm() -> None:
    """Read a tiny file once per process: MPXJ loads its classes with the first file (seconds on
    a busy machine), which is no fault of the user's file and is not counted against it."""
    global _warmed
    if not _warmed:
        java.jclass("org.mpxj.mspdi.MSPDIReader")().read(
            java.jclass("java.io.ByteArrayInputStream")(TINY)
        )
        _warmed = True


def read_project(data: bytes, *, mpp: bool) -> Any:
    """The MPXJ ProjectFile of an uploaded file, bounded as the module docstring says. Raises
    FileRefused, or java.JavaMissing where no Java runtime is installed."""
    (check_mpp if mpp else check_mspdi)(data)
    _warm()
    started = time.monotonic()
    reader = java.jclass("org.mpxj.mpp.MPPReader" if mpp else "org.mpxj.mspdi.MSPDIReader")()
    stream = java.jclass("java.io.ByteArrayInputStream")(data)
    try:
        project = reader.read(stream)
    except Exception as error:  # MPXJException and whatever a broken file makes MPXJ throw
        if mpp:
            raise FileRefused(
                _("This is not an MS Project file (.mpp) that can be read.")
            ) from error
        raise _not_mspdi() from error
    if project is None:
        raise _not_mspdi()
    if project.getTasks().size() > MAX_TASKS + 1:  # MPXJ adds the project's own summary task
        raise _too_many(_("tasks"), MAX_TASKS)
    if time.monotonic() - started > MAX_SECONDS:
        raise FileRefused(_("Reading the file takes too long; nothing has been changed."))
    return project


def write_mspdi(project: Any) -> bytes:
    """The MSPDI XML of an MPXJ ProjectFile."""
    writer = java.jclass("org.mpxj.mspdi.MSPDIWriter")()
    out = java.jclass("java.io.ByteArrayOutputStream")()
    writer.write(project, out)
    return bytes(out.toByteArray())
