"""The cleaned document and its canonical text: YAML front matter, then the body."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml

from .errors import FrontMatterError

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

    def __init__(self, line: int, text: str, action: str, reason: str) -> None:
        # The generated __init__ of a frozen dataclass sets each field through
        # object.__setattr__; a clean() makes one verdict per line of its input, and
        # filling the instance's dict directly takes half the time. The fields, their
        # order, equality, hashing and replace() stay the dataclass's own.
        fields = self.__dict__
        fields["line"] = line
        fields["text"] = text
        fields["action"] = action
        fields["reason"] = reason


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
    """Split canonical text into its header fields and body; (None, text) when it has none.

    A block that is not a YAML mapping of header keys is not front matter: the text is
    read as a dump. A front matter whose keys are right but whose values are not (a
    date that no calendar has, a list for a title) raises `FrontMatterError`: the
    file meant to be canonical, and only its writer knows what the value should be.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    block = match.group(1)
    data = _plain_fields(block)
    if data is None:
        try:
            data = yaml.load(block, Loader=_HeaderLoader) if block.strip() else {}
        except (yaml.YAMLError, ValueError, RecursionError):
            return None, text
    if not isinstance(data, dict) or not set(data) <= set(HEADER_KEYS):
        return None, text
    header = {key: _header_value(key, value) for key, value in data.items() if value is not None}
    return {key: value for key, value in header.items() if value}, text[match.end() :]


class _HeaderLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader reading every plain scalar but null as the string written: a
    title `yes` stays `yes`, and a date is checked here, not by YAML's timestamp
    constructor, which raises ValueError for a day no calendar has. LibYAML's parser when
    installed: the pure-Python one takes about 2 ms a header."""


_HeaderLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_DATE = re.compile(r"(\d{4})-(\d\d?)-(\d\d?)")
_FIELD = re.compile(rf"({'|'.join(HEADER_KEYS)}): (.+)")
#: What a plain value may not begin with, to be taken as written (`_plain`): YAML's
#: indicators, a space, and a dot and a tilde (`...`, `.inf`, `~`), to be safe.
_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`. ~")
_NULLS = ("null", "Null", "NULL")


def _plain(value: str) -> bool:
    """Whether YAML writes `value` unquoted and reads it back as written, whatever its
    type would be (see `_plain_fields`, `_yaml_scalar`): printable on one line, no
    indicator first, no space or colon last, no `: ` nor ` #` inside. A narrower test
    than YAML's own: what it leaves out goes through YAML."""
    return (
        value.isprintable()
        and value[:1] not in _NOT_FIRST
        and value != ""
        and value[-1] not in ": "
        and ": " not in value
        and " #" not in value
    )


def _plain_fields(block: str) -> dict[str, str] | None:
    """A header block of `key: value` lines, each value plain (`_plain`) and no null, read
    without YAML, which takes a tenth of a millisecond for what reads the same here (the
    pass over the output reads the header just written); None: YAML must read it."""
    lines = block.split("\n")
    if lines[-1] != "":
        return None
    data: dict[str, str] = {}
    for line in lines[:-1]:
        match = _FIELD.fullmatch(line)
        if match is None:
            return None
        key, value = match.groups()
        if key in data or not _plain(value) or value in _NULLS:
            return None
        data[key] = value
    return data


def _header_value(key: str, value: object) -> str:
    """One header value as the text `to_canonical` writes; FrontMatterError if it cannot be."""
    if isinstance(value, (dict, list, set, bytes)):
        raise FrontMatterError(f"front matter: {key} holds a {type(value).__name__}, not a value")
    text = str(value).strip()
    if not text:
        return text
    try:
        if key == "date":
            match = _DATE.fullmatch(text)
            if not match:
                raise ValueError("not YYYY-MM-DD")
            return dt.date(*map(int, match.groups())).isoformat()
        if key == "datetime":
            return dt.datetime.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise FrontMatterError(f"front matter: {key} {text!r} is not a valid {key}: {exc}") from exc
    return text


#: LibYAML's emitter when installed: the pure-Python one takes about 1 ms a header.
_HeaderDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_RESOLVER = yaml.resolver.Resolver()  # how the dumper types a plain scalar
_STR = "tag:yaml.org,2002:str"


def _yaml_scalar(key: str, value: str) -> str:
    if key in ("date", "datetime"):
        return value  # written plain so YAML reads a timestamp, as the contract shows
    if _plain(value) and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR:
        return value  # what the dumper writes for a text no other type reads: it, plain
    dumped = yaml.dump(
        value, Dumper=_HeaderDumper, allow_unicode=True, width=1 << 30, default_style=None
    )
    return dumped.removesuffix("\n...\n").rstrip("\n")
