"""A report as plain data: its sections, each with the generated text, its tables and the project
leader's own text. The page, the PDF and the .docx all render this one structure; a submitted
report keeps it as JSON (`to_json`), so it reads the same ever after."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Table:
    heads: list[str]
    rows: list[list[str]]
    caption: str = ""
    numeric: list[int] = field(default_factory=list)  # columns aligned right

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        return cls(
            heads=list(data.get("heads", [])),
            rows=[list(r) for r in data.get("rows", [])],
            caption=data.get("caption", ""),
            numeric=list(data.get("numeric", [])),
        )


@dataclass
class Section:
    key: str
    title: str
    generated: str  # drafted from the plan
    tables: list[Table] = field(default_factory=list)
    text: str = ""  # the project leader's text; empty: the generated one counts
    empty: str = ""  # said instead of the tables when they have no rows

    @property
    def shown(self) -> str:
        """The text the report says: the project leader's, else the generated one."""
        return self.text.strip() or self.generated

    @property
    def rewritten(self) -> bool:
        return bool(self.text.strip()) and self.text.strip() != self.generated.strip()

    @property
    def has_rows(self) -> bool:
        return any(t.rows for t in self.tables)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Section:
        return cls(
            key=data["key"],
            title=data.get("title", ""),
            generated=data.get("generated", ""),
            tables=[Table.from_json(t) for t in data.get("tables", [])],
            text=data.get("text", ""),
            empty=data.get("empty", ""),
        )


@dataclass
class Draft:
    """The whole report: what it is about and its sections in order."""

    plan_title: str
    title: str  # "Voortgangsrapportage 2025–2026" or "Eindverslag"
    start: str  # ISO: the period the report covers
    end: str
    as_of: str  # ISO: the day the numbers were read
    period_text: str  # the period in words, for the running header
    sections: list[Section] = field(default_factory=list)

    def with_texts(self, texts: dict[str, str]) -> Draft:
        """The same draft with the project leader's texts put in."""
        for section in self.sections:
            section.text = str(texts.get(section.key, "") or "")
        return self

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        return cls(
            plan_title=data.get("plan_title", ""),
            title=data.get("title", ""),
            start=data.get("start", ""),
            end=data.get("end", ""),
            as_of=data.get("as_of", ""),
            period_text=data.get("period_text", ""),
            sections=[Section.from_json(s) for s in data.get("sections", [])],
        )
