"""Rule packs: YAML data in, compiled rules out, and the choice of packs per document.

A pack is data, never code. It says which documents it applies to (URL host,
`--source` name, or a signature line in the dump), and lists rules; each rule
has an id, a one-line description and exactly one action. This module loads and
validates packs (errors name file, line and reason) and compiles them once; the
text-dump and HTML modules run them.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import regex
import yaml

from .errors import CleanerError, RuleError, RuleTimeout
from .linescan import Lines, line_scans

#: Longest a pack's regex may run on a short text before the document fails...
REGEX_TIMEOUT = 0.25
#: ...plus this much per megabyte searched, so a huge but harmless text is not cut short.
REGEX_SECONDS_PER_MB = 1.0

#: Each action a rule may take, and what its value must be.
TEXT_ACTIONS = {
    "drop": "exact lines (one string or a list), compared case-insensitively and without a "
    "trailing colon or ellipsis",
    "drop_regex": "a regex; a line where it matches is dropped",
    "drop_between": "{start: regex, end: regex}; drops both lines and all between",
    "start_after": "a regex; the article starts after the first line it matches",
    "stop_at": "a regex; the article stops before the first line it matches",
    "strip": "a regex; the matched fragment is cut out of any line",
    "byline": "a regex with named groups author and/or date; the line is lifted",
    "title": "a regex with a named group title; the line is lifted",
}
#: Optional on every rule: tests: {hit: [lines it acts on], miss: [lines it leaves]};
#: for HTML rules, hit and miss are HTML snippets the selectors do or do not match.
#: Optional on drop and drop_regex rules: ends_article: true (the line follows an article),
#: or heads_box: true (the line heads a box of links, set inside an article as often as under it).
HTML_ACTIONS = {
    "remove": "CSS selectors (one or a list); matching elements are removed",
    "article": "a CSS selector narrowing the page to the article",
}
ACTIONS = {**TEXT_ACTIONS, **HTML_ACTIONS}
_PACK_KEYS = {"pack", "description", "applies", "source", "extends", "replaces", "rules"}
_APPLIES_KEYS = {"always", "hosts", "sources", "signatures"}


def _time_limit(length: int) -> float:
    """Seconds a regex may run over `length` characters before it counts as runaway."""
    return REGEX_TIMEOUT + REGEX_SECONDS_PER_MB * length / 1_000_000


# --- the per-document regex budget (batch runs set it around each document) ---------------

#: (deadline on time.monotonic(), budget in seconds) shared by every pack regex run for
#: the document being cleaned in this thread; None: only the per-call limit applies.
_BUDGET: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "cleaner_regex_budget", default=None
)


class RegexBudgetSpent(RuleTimeout):
    """The document's pack regexes together ran past its budget (many lines each just
    under the per-call limit add up)."""

    def __init__(self, rule_id: str, origin: str, seconds: float) -> None:
        self.rule_id = rule_id
        CleanerError.__init__(
            self,
            f"the document's regex budget of {seconds:g}s ran out in rule {rule_id} ({origin})",
        )


@contextlib.contextmanager
def regex_budget(seconds: float | None):
    """Inside, every pack regex shares one time budget of `seconds` (None: no budget)."""
    token = _BUDGET.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _call_limit(length: int) -> tuple[float, float | None]:
    """One regex call's time limit, and the budget's seconds when the budget sets it."""
    limit = _time_limit(length)
    budget = _BUDGET.get()
    if budget is None:
        return limit, None
    left = budget[0] - time.monotonic()
    return (max(left, 0.001), budget[1]) if left < limit else (limit, None)


@dataclass(frozen=True)
class Rule:
    """One compiled rule."""

    id: str
    description: str
    action: str
    # Compiled: a regex.Pattern, a frozenset of exact keys (drop), a (start, end) pair
    # of patterns (drop_between), or a tuple of CSS selectors (HTML actions).
    value: Any
    origin: str  # "file:line", for errors and `rules show`
    hits: tuple[str, ...] = ()  # examples the rule must act on (its test)
    misses: tuple[str, ...] = ()  # examples it must leave alone
    ends_article: bool = False  # its lines follow an article: inside the kept text, they end it
    heads_box: bool = False  # its lines head a box of links: they end the article where it is kept
    hit_lines: tuple[int, ...] = ()  # the line of each hit example in the pack file
    miss_lines: tuple[int, ...] = ()

    @property
    def path(self) -> str:
        """The pack file the rule is defined in."""
        return self.origin.rsplit(":", 1)[0]

    def matching_lines(self, lines: Lines) -> list[int]:
        """Indexes of the lines this rule's regex matches, as if searched line by line."""
        return list(lines.matching(self, self.value))

    def search(self, pattern: regex.Pattern, text: str, pos: int = 0) -> regex.Match | None:
        """Run one of this rule's regexes with the time limit."""
        limit, budget = _call_limit(len(text) - pos)
        try:
            return pattern.search(text, pos, timeout=limit)
        except TimeoutError as exc:
            raise self._timeout(limit, budget) from exc

    def _timeout(self, limit: float, budget: float | None) -> RuleTimeout:
        if budget is not None:
            return RegexBudgetSpent(self.id, self.origin, budget)
        return RuleTimeout(self.id, self.origin, limit)

    def acts_on(self, example: str) -> bool:
        """Whether this text rule fires on an example: one line, or for drop_between the
        lines of one span, which it must drop whole (both markers and all between)."""
        if self.action == "drop":
            return exact_key(example) in self.value
        if self.action == "drop_between":
            lines = example.split("\n")
            return self.dropped_between(lines) == set(range(len(lines)))
        if self.action in HTML_ACTIONS:
            raise ValueError(f"{self.action} rules act on HTML, not lines")
        return self.search(self.value, example) is not None

    def dropped_between(self, lines: Sequence[str]) -> set[int]:
        """Indexes of the lines a drop_between rule drops: each span from a start marker to
        the first end marker at or after it (as the dump engine reads them)."""
        start_re, end_re = self.value
        scan = Lines(lines)
        dropped: set[int] = set()
        pos = 0
        while (start := scan.first(self, start_re, pos)) is not None:
            end = scan.first(self, end_re, start)
            if end is None:
                break
            dropped.update(range(start, end + 1))
            pos = end + 1
        return dropped

    def fires(self, example: str) -> bool:
        """Whether the rule acts on one of its examples, whatever its action."""
        return self.selects(example) if self.action in HTML_ACTIONS else self.acts_on(example)

    def failing_examples(self) -> Iterator[ExampleFailure]:
        """Each of the rule's examples that it gets wrong, and a rule with no hit example."""
        path = self.path
        if not self.hits:
            yield ExampleFailure(path, _line_of_origin(self.origin), self.id, "", "hit")
        for text, line in zip(self.hits, _pad(self.hit_lines, len(self.hits)), strict=True):
            if not self.fires(text):
                yield ExampleFailure(
                    path, line or _line_of_origin(self.origin), self.id, text, "hit"
                )
        for text, line in zip(self.misses, _pad(self.miss_lines, len(self.misses)), strict=True):
            if self.fires(text):
                yield ExampleFailure(
                    path, line or _line_of_origin(self.origin), self.id, text, "miss"
                )

    def selects(self, html: str) -> bool:
        """Whether this HTML rule's selectors match an element of an HTML snippet (its test)."""
        from selectolax.lexbor import LexborHTMLParser

        if self.action not in HTML_ACTIONS:
            raise ValueError(f"{self.action} rules act on lines, not HTML")
        return LexborHTMLParser(html).css_first(", ".join(self.value)) is not None

    def sub(self, pattern: regex.Pattern, text: str) -> str:
        """Cut what one of this rule's regexes matches, with the time limit."""
        limit, budget = _call_limit(len(text))
        try:
            return pattern.sub("", text, timeout=limit)
        except TimeoutError as exc:
            raise self._timeout(limit, budget) from exc


@dataclass(frozen=True)
class ExampleFailure:
    """One example a rule gets wrong: where it is written, and what it should have done."""

    path: str
    line: int
    rule_id: str
    example: str
    expected: str  # "hit": the rule should act on it; "miss": it should leave it

    def __str__(self) -> str:
        if not self.example:
            return f"{self.path}:{self.line}: {self.rule_id}: has no tests.hit example"
        should = "should act on" if self.expected == "hit" else "should leave"
        return f"{self.path}:{self.line}: {self.rule_id} {should} {self.example!r}"


def _line_of_origin(origin: str) -> int:
    tail = origin.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _pad(lines: tuple[int, ...], count: int) -> tuple[int, ...]:
    return lines + (0,) * (count - len(lines)) if len(lines) < count else lines[:count]


@dataclass(frozen=True)
class Pack:
    """A named set of rules and the documents it applies to."""

    name: str
    description: str
    path: str
    always: bool
    hosts: tuple[str, ...]
    sources: tuple[str, ...]
    signatures: tuple[regex.Pattern, ...]
    source: str | None
    extends: tuple[str, ...]
    rules: tuple[Rule, ...]
    replaces: tuple[str, ...] = ()  # packs loaded before it that it takes the place of
    line: int | None = None  # where the pack's `pack:` name is written, for errors

    def matches(self, text: str | None, host: str | None, source: str | None) -> bool:
        """Whether this pack applies to a document."""
        if self.always:
            return True
        if source and source.lower() in self.sources:
            return True
        if host and any(host == h or host.endswith("." + h) for h in self.hosts):
            return True
        if not text:
            return False
        limit, _budget = _call_limit(len(text))
        return any(s.search(text, timeout=limit) for s in self.signatures)


@dataclass(frozen=True)
class TextRules:
    """The text-dump rules of the packs chosen for one document, grouped by action.

    Exact drops are one dict lookup whatever their number.
    """

    by_action: dict[str, tuple[Rule, ...]]
    exact: dict[str, Rule]  # a line's exact_key -> the drop rule that names it
    ends_article: frozenset[str]  # ids of the rules whose lines end an article
    heads_box: frozenset[str] = frozenset()  # ids of the rules whose lines head a box of links

    def of(self, action: str) -> tuple[Rule, ...]:
        return self.by_action.get(action, ())

    @functools.cached_property
    def _longest_exact(self) -> int:
        return max(map(len, self.exact), default=-1)

    def exact_rule(self, line: str) -> Rule | None:
        """The drop rule that names the line (by its `exact_key`), if any.

        A line longer than every key once its trailing label marks are off names none:
        case folding never shortens a text, and no character folds to one of those
        marks, so the key is at least that long. Most lines, prose, are told by length
        without a fold.
        """
        bare = line.rstrip(_LABEL_END)
        if len(bare) > self._longest_exact:
            return None
        return self.exact.get(bare.casefold())

    @classmethod
    def build(cls, packs: Sequence[Pack]) -> TextRules:
        by_action: dict[str, list[Rule]] = {}
        exact: dict[str, Rule] = {}
        for rule in (r for pack in packs for r in pack.rules):
            by_action.setdefault(rule.action, []).append(rule)
            if rule.action == "drop":
                for text in rule.value:
                    exact.setdefault(text, rule)
        ends = frozenset(r.id for pack in packs for r in pack.rules if r.ends_article)
        boxes = frozenset(r.id for pack in packs for r in pack.rules if r.heads_box)
        return cls({k: tuple(v) for k, v in by_action.items()}, exact, ends, boxes)


@dataclass(frozen=True)
class HtmlRules:
    """The HTML rules of the packs chosen for one document.

    Each `remove` rule comes with whether it is guarded: rules of packs that apply
    to every page guess from class names, so pruning checks them (see prune.py).
    """

    remove: tuple[tuple[Rule, bool], ...]
    article: tuple[Rule, ...]

    @classmethod
    def build(cls, packs: Sequence[Pack]) -> HtmlRules:
        remove = tuple(
            (rule, pack.always) for pack in packs for rule in pack.rules if rule.action == "remove"
        )
        article = tuple(r for pack in packs for r in pack.rules if r.action == "article")
        return cls(remove, article)


@dataclass
class RuleSet:
    """Every loaded pack, compiled once; safe to share between threads."""

    packs: list[Pack] = field(default_factory=list)
    _text_rules: dict[tuple[str, ...], TextRules] = field(default_factory=dict, repr=False)
    _html_rules: dict[tuple[str, ...], HtmlRules] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, dirs: Iterable[str | Path] = (), bundled: bool = True) -> RuleSet:
        """Load the bundled packs, then each directory's.

        A pack may take the place of one loaded before it only by saying so
        (`replaces: [name]`); a pack of the same name that does not is an error, so a
        user's `generic` never silently drops the bundled one.
        """
        paths = [bundled_rules_dir()] if bundled else []
        paths += [Path(d) for d in dirs]
        by_name: dict[str, Pack] = {}
        loaded: set[Path] = set()  # a directory named twice (config and --rules) loads once
        for directory in paths:
            if not directory.is_dir():
                raise RuleError(str(directory), None, "not a directory of rule packs")
            if directory.resolve() in loaded:
                continue
            loaded.add(directory.resolve())
            for path in sorted(directory.glob("*.y*ml")):
                _add(by_name, load_pack(path))
        ruleset = cls(list(by_name.values()))
        ruleset._check_references()
        return ruleset

    def failing_examples(self, packs: Iterable[Pack] | None = None) -> list[ExampleFailure]:
        """Every example of these packs' rules (default: all) that its rule gets wrong."""
        chosen = self.packs if packs is None else packs
        return [
            failure for pack in chosen for rule in pack.rules for failure in rule.failing_examples()
        ]

    def get(self, name: str) -> Pack | None:
        return next((p for p in self.packs if p.name == name), None)

    def rule(self, rule_id: str) -> tuple[Pack, Rule] | None:
        """The pack and rule with this id."""
        for pack in self.packs:
            for rule in pack.rules:
                if rule.id == rule_id:
                    return pack, rule
        return None

    def select(
        self, text: str | None = None, url: str | None = None, source: str | None = None
    ) -> list[Pack]:
        """The packs that apply to one document, with the packs they extend; generic first."""
        host = _host(url)
        chosen = [p for p in self.packs if p.matches(text, host, source)]
        for pack in list(chosen):
            for name in pack.extends:
                parent = self.get(name)
                if parent and parent not in chosen:
                    chosen.append(parent)
        # Packs that always apply come first, then families, then sites.
        chosen.sort(key=lambda p: (not p.always, bool(p.extends), p.name))
        return chosen

    def text_rules(self, packs: Sequence[Pack]) -> TextRules:
        """The text rules of these packs, compiled once per combination."""
        return _once(self._text_rules, packs, TextRules.build)

    def html_rules(self, packs: Sequence[Pack]) -> HtmlRules:
        """The HTML rules of these packs, grouped once per combination."""
        return _once(self._html_rules, packs, HtmlRules.build)

    def prepare(self) -> None:
        """Work out now how every rule's regex finds its lines (`linescan`), rather than on
        the first long document: a batch does this before it forks its workers."""
        for pack in self.packs:
            for rule in pack.rules:
                if rule.action in _SCANNED:
                    line_scans(rule.value)

    def _check_references(self) -> None:
        names = {p.name for p in self.packs}
        seen: dict[str, str] = {}
        for pack in self.packs:
            for name in pack.extends:
                if name not in names:
                    raise RuleError(pack.path, None, f"extends unknown pack {name!r}")
            for rule in pack.rules:
                if rule.id in seen:
                    raise RuleError(
                        rule.origin, None, f"rule id {rule.id!r} is also defined at {seen[rule.id]}"
                    )
                seen[rule.id] = rule.origin


def _add(by_name: dict[str, Pack], pack: Pack) -> None:
    """Add a pack, in the place of the packs it says it replaces; a clash is an error."""
    for name in pack.replaces:
        if name not in by_name:
            raise RuleError(
                pack.path, pack.line, f"replaces {name!r}, which no earlier pack defines"
            )
        del by_name[name]
    if pack.name in by_name:
        raise RuleError(
            pack.path,
            pack.line,
            f"pack {pack.name!r} is already defined in {by_name[pack.name].path}; "
            f"rename it, or say `replaces: [{pack.name}]` to use it instead",
        )
    by_name[pack.name] = pack


_Built = TypeVar("_Built")


def _once(
    cache: dict[tuple[str, ...], _Built],
    packs: Sequence[Pack],
    build: Callable[[Sequence[Pack]], _Built],
) -> _Built:
    """`build(packs)`, kept in `cache` by the packs' names (two threads may both build it)."""
    key = tuple(p.name for p in packs)
    built = cache.get(key)
    if built is None:
        built = cache[key] = build(packs)
    return built


def bundled_rules_dir() -> Path:
    """The packs shipped with cleaner: inside the installed package, or the checkout's rules/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError(str(here / "rules"), None, "bundled rule packs are missing from the install")


_default: RuleSet | None = None
_default_lock = threading.Lock()


def default_ruleset() -> RuleSet:
    """The bundled packs, compiled once per process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = RuleSet.load()
        return _default


# --- loading and validation -------------------------------------------------


#: libyaml's parser where PyYAML was built with it (five times faster: the hook loads
#: every bundled pack on each run); the constructors below are Python either way.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Keeps the line of each mapping, of each of its values and of each list item, so
    errors and failing examples can name the line they are written on."""


class _Located(dict):
    """A mapping from a pack file, with where it and its values are written."""

    def __init__(self, items: dict, line: int) -> None:
        super().__init__(items)
        self.line = line
        self.value_lines: dict[object, int] = {}  # key -> line where its value begins
        self.item_lines: dict[object, list[int]] = {}  # key -> line of each item of a list

    def line_of(self, key: str, index: int | None = None) -> int:
        """The line of a key's value (or of one item of it, when a list); else the mapping's."""
        if index is not None:
            items = self.item_lines.get(key, [])
            if index < len(items):
                return items[index]
        return self.value_lines.get(key, self.line)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Located:
    mapping = _Located(loader.construct_mapping(node, deep=True), node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)):
            continue
        mapping.value_lines[key] = value_node.start_mark.line + 1
        if isinstance(value_node, yaml.SequenceNode):
            mapping.item_lines[key] = [item.start_mark.line + 1 for item in value_node.value]
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line_of(data: object, key: str, index: int | None = None) -> int | None:
    return data.line_of(key, index) if isinstance(data, _Located) else None


def load_pack(path: str | Path) -> Pack:
    """Load and compile one pack file; a `RuleError` names the file, line and reason."""
    path = Path(path)
    name = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RuleError(name, line, f"not valid YAML: {exc.problem}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(name, None, f"cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleError(name, 1, "a pack is a mapping with keys pack, description, applies, rules")
    line = getattr(data, "line", 1)
    _require(name, line, data, {"pack", "description", "rules"}, _PACK_KEYS, "pack")
    applies = data.get("applies", {})
    if applies == "always":
        applies = {"always": True}
    if not isinstance(applies, dict):
        raise RuleError(
            name, line, "applies is 'always' or a mapping of hosts, sources, signatures"
        )
    applies_line = getattr(applies, "line", line)
    _require(name, applies_line, applies, set(), _APPLIES_KEYS, "applies")
    rules_data = data["rules"]
    if not isinstance(rules_data, list):
        raise RuleError(name, line, "rules must be a list")
    rules = tuple(_compile_rule(name, item) for item in rules_data)
    source = data.get("source")
    if source is not None and not (isinstance(source, str) and source):
        raise RuleError(name, _line_of(data, "source"), "source must be a non-empty string")
    hosts = tuple(
        h.lower() for h in _strings(name, applies_line, applies.get("hosts", []), "hosts")
    )
    sources = tuple(
        s.lower() for s in _strings(name, applies_line, applies.get("sources", []), "sources")
    )
    signatures = tuple(
        _regex(name, _line_of(applies, "signatures", i) or applies_line, s, multiline=True)
        for i, s in enumerate(
            _strings(name, applies_line, applies.get("signatures", []), "signatures")
        )
    )
    pack_name = str(data["pack"])
    if source is not None:
        for i, signature in enumerate(signatures):
            _check_names_site(
                name,
                _line_of(applies, "signatures", i) or applies_line,
                signature.pattern,
                _site_names(pack_name, source, hosts, sources),
            )
    return Pack(
        name=pack_name,
        description=str(data["description"]),
        path=name,
        always=bool(applies.get("always", False)),
        hosts=hosts,
        sources=sources,
        signatures=signatures,
        source=source,
        extends=tuple(_strings(name, line, data.get("extends", []), "extends")),
        rules=rules,
        line=_line_of(data, "pack"),
        replaces=tuple(
            _strings(name, _line_of(data, "replaces"), data.get("replaces", []), "replaces")
        ),
    )


# --- a site pack's signature must name the site -----------------------------------


@functools.cache
def _regex_syntax() -> regex.Pattern:
    """Regex syntax that is not text a line prints: escapes (\\d, \\b, \\p{Lu}), character
    classes, group names and flags. What is left of a signature is its literal text."""
    return regex.compile(
        r"\\[pPN]\{[^}]*\}|\\[A-Za-z]|\[(?:\\.|[^\]\\])*\]|\(\?P?<[^>]*>|\(\?P=\w+\)|\(\?[a-zA-Z]+[:)]"
    )


def _squashed(text: str) -> str:
    """Letters and digits only, case-folded: "The Irish Times" -> "theirishtimes"."""
    return "".join(c for c in text.casefold() if c.isalnum())


def _site_names(pack: str, source: str, hosts: Sequence[str], sources: Sequence[str]) -> set[str]:
    """The names a line naming the site would print: the host's name without its domain
    suffix (irishtimes), the pack's and the source names it answers to."""
    names = {pack, *sources}
    for host in (source, *hosts):
        names.add(host.lower().removeprefix("www.").split(".")[0])
    return {n for n in map(_squashed, names) if len(n) >= 3}


def _check_names_site(path: str, line: int, pattern: str, names: set[str]) -> None:
    """A site pack writes its site into the header, so only a line naming the site
    (a copyright or imprint line, the masthead) may choose it, never a phrase that
    other sites print too. The signature's literal text must hold one of its names."""
    literal = _squashed(_regex_syntax().sub(" ", pattern))
    if not any(n in literal for n in names):
        raise RuleError(
            path,
            line,
            f"signature {pattern!r} does not name the site ({', '.join(sorted(names))}): "
            "a pack with a source is chosen only on a line that names the site; "
            "add the site's name to its sources if it prints another",
        )


def _compile_rule(path: str, item: object) -> Rule:
    if not isinstance(item, dict):
        raise RuleError(path, None, "each rule is a mapping with id, description and one action")
    line = getattr(item, "line", None)
    actions = [key for key in item if key in ACTIONS]
    _require(path, line, item, {"id", "description"}, _RULE_KEYS | set(ACTIONS), "rule")
    if len(actions) != 1:
        raise RuleError(
            path, line, f"rule {item.get('id')!r} needs exactly one action of {sorted(ACTIONS)}"
        )
    action = actions[0]
    raw = item[action]
    rule_id = str(item["id"])
    value_line = _line_of(item, action) or line
    value: Any
    if action == "drop":
        value = frozenset(exact_key(s) for s in _strings(path, value_line, raw, action))
    elif action == "drop_between":
        if not isinstance(raw, dict) or set(raw) != {"start", "end"}:
            raise RuleError(
                path, value_line, f"rule {rule_id!r}: drop_between needs start and end regexes"
            )
        value = (
            _regex(path, _line_of(raw, "start") or value_line, raw["start"]),
            _regex(path, _line_of(raw, "end") or value_line, raw["end"]),
        )
    elif action in ("remove", "article"):
        value = tuple(
            _selector(path, _line_of(item, action, i) or value_line, s)
            for i, s in enumerate(_strings(path, value_line, raw, action))
        )
    else:
        value = _regex(path, value_line, raw)
        groups = set(value.groupindex)
        if action == "byline" and not groups & {"author", "date"}:
            raise RuleError(
                path,
                value_line,
                f"rule {rule_id!r}: byline needs a group (?P<author>...) or (?P<date>...)",
            )
        if action == "title" and "title" not in groups:
            raise RuleError(
                path, value_line, f"rule {rule_id!r}: title needs a group (?P<title>...)"
            )
    tests = item.get("tests", {})
    if not isinstance(tests, dict) or not set(tests) <= {"hit", "miss"}:
        raise RuleError(path, line, f"rule {rule_id!r}: tests is a mapping with hit and miss lists")
    hits = tuple(_strings(path, line, tests.get("hit", []), "tests.hit"))
    misses = tuple(_strings(path, line, tests.get("miss", []), "tests.miss"))
    ends_article = _drop_flag(path, line, item, "ends_article", action)
    heads_box = _drop_flag(path, line, item, "heads_box", action)
    if ends_article and heads_box:
        raise RuleError(path, line, f"rule {rule_id!r}: ends_article or heads_box, not both")
    return Rule(
        rule_id,
        str(item["description"]),
        action,
        value,
        f"{path}:{line}",
        hits,
        misses,
        ends_article,
        heads_box,
        hit_lines=_example_lines(tests, "hit", len(hits), line),
        miss_lines=_example_lines(tests, "miss", len(misses), line),
    )


def _drop_flag(path: str, line: int | None, item: dict, key: str, action: str) -> bool:
    """A drop rule's true-or-false flag (`ends_article`, `heads_box`), checked."""
    flag = item.get(key, False)
    if not isinstance(flag, bool) or (flag and action not in _DROPS):
        raise RuleError(
            path, line, f"rule {item['id']!r}: {key} is true or false, on a drop rule only"
        )
    return flag


def _example_lines(tests: object, key: str, count: int, default: int | None) -> tuple[int, ...]:
    return tuple(_line_of(tests, key, i) or default or 0 for i in range(count))


_RULE_KEYS = {"id", "description", "tests", "ends_article", "heads_box"}
_SCANNED = {"drop_regex", "strip", "start_after", "stop_at"}
_DROPS = {"drop", "drop_regex"}
_LABEL_END = " :.…："  # what a label may end in: "You may also like...", "More on:", "相关文章："


def exact_key(line: str) -> str:
    """How a `drop` rule compares lines: a label is the same with or without a trailing
    colon or ellipsis, in any case."""
    return line.casefold().rstrip(_LABEL_END)


def _require(path: str, line: int | None, data: dict, needed: set, allowed: set, what: str) -> None:
    missing = needed - set(data)
    if missing:
        raise RuleError(path, line, f"{what} lacks {', '.join(sorted(missing))}")
    unknown = set(data) - allowed
    if unknown:
        raise RuleError(
            path,
            line,
            f"{what} has unknown key(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(allowed))}",
        )


def _strings(path: str, line: int | None, value: object, what: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(s, str) and s for s in items):
        raise RuleError(path, line, f"{what} must be a string or a list of strings")
    return items


def _regex(path: str, line: int | None, pattern: object, multiline: bool = False) -> regex.Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(path, line, "a regex must be a non-empty string")
    try:
        return regex.compile(pattern, regex.V0 | (regex.MULTILINE if multiline else 0))
    except regex.error as exc:
        raise RuleError(path, line, f"bad regex {pattern!r}: {exc}") from exc


def _selector(path: str, line: int | None, selector: str) -> str:
    from selectolax.lexbor import LexborHTMLParser, SelectolaxError

    try:
        LexborHTMLParser("<p></p>").css(selector)
    except (SelectolaxError, ValueError) as exc:
        raise RuleError(path, line, f"bad CSS selector {selector!r}: {exc}") from exc
    return selector


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname
    return host.lower().removeprefix("www.") if host else None


def describe_actions() -> Sequence[tuple[str, str]]:
    """Every action and what its value must be, for `cleaner rules` and the README."""
    return list(ACTIONS.items())
