"""The cleaned document and its canonical text: YAML front matter, then the body."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml

#: Header keys, in the order the canonical text writes them.
HEADER_KEYS = ("title", "date", "datetime", "author", "source", "url", "lang")

_FRONT_MATTER = re.compile(r"\A---\n(.*?)^---\n?", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Verdict:
    """What became of one input line: kept, dropped, or lifted into the header."""

    line: int  # 1-based line of the input (HTML: of the extracted text); 0: a pruned HTML element
    text: str
    action: str  # "keep", "drop" or "meta"
    reason: str  # rule id or heuristic name; "" for kept lines


@dataclass
class Document:
    """One article: the body as canonical paragraphs, plus what the header says."""

    text: str
    title: str | None = None
    date: str | None = None
    datetime: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    removed: list[Verdict] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list, repr=False)

    def header(self) -> dict[str, str]:
        """The known header fields, in canonical order."""
        return {key: getattr(self, key) for key in HEADER_KEYS if getattr(self, key)}

    def to_canonical(self) -> str:
        """The canonical text: front matter (always present, maybe empty), body, one final LF."""
        lines = ["---"]
        for key, value in self.header().items():
            lines.append(f"{key}: {_yaml_scalar(key, value)}")
        lines.append("---")
        head = "\n".join(lines) + "\n"
        return head + (self.text + "\n" if self.text else "")

    def to_dict(self) -> dict:
        """JSON-ready fields, removals included."""
        data = {key: getattr(self, key) for key in ("text", *HEADER_KEYS)}
        data["removed"] = [asdict(v) for v in self.removed]
        return data

    @classmethod
    def from_canonical(cls, text: str) -> Document:
        """Read canonical text back; the inverse of `to_canonical`."""
        header, body = split_front_matter(text)
        if header is None:
            raise ValueError("no front matter: canonical text starts with a '---' line")
        fields: dict[str, Any] = dict(header)
        return cls(text=body.strip("\n"), **fields)


def split_front_matter(text: str) -> tuple[dict[str, str] | None, str]:
    """Split canonical text into its header fields and body; (None, text) when it has none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    try:
        data = yaml.safe_load(match.group(1)) if match.group(1).strip() else {}
    except yaml.YAMLError:
        return None, text
    if not isinstance(data, dict) or not set(data) <= set(HEADER_KEYS):
        return None, text
    header = {key: _from_yaml(value) for key, value in data.items() if value is not None}
    return header, text[match.end() :]


def _yaml_scalar(key: str, value: str) -> str:
    if key in ("date", "datetime"):
        return value  # written plain so YAML reads a timestamp, as the contract shows
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_style=None)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _from_yaml(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
