"""What a browser sends for a form: bench/locustfile.py fills in the real status update form."""

from __future__ import annotations

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields a browser would send for the form that holds `request_key`."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None or "name" not in a:
            if tag == "option" and self._form is not None and self._select and "selected" in a:
                self._form[self._select] = a.get("value", "")
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"radio", "checkbox"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "file"}:
                self._form[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def entry_form(html: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    for form in parser.forms:
        if "request_key" in form:
            return form
    raise LookupError("no status update form on the page")
