"""The registry of the dump classifier's heuristics: each a named unit, as a rule is.

A heuristic is a small function that decides one thing about a dump's lines. It
is registered with an id (the reason `explain` prints beside a line it dropped),
what it does to a line (drop or keep), a one-line description, and the names of
the thresholds it reads, which sit beside it in its module. `cleaner rules list`
and `cleaner rules show ID` read this registry as they read the rule packs, so a
heuristic is looked up the same way a rule is.

The heuristics themselves live in `cleaner.classify` (and `cleaner.window`, which
cuts a huge dump to its article's region); importing them fills the registry.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])

DROP, KEEP = "drop", "keep"


@dataclass(frozen=True)
class Heuristic:
    """One registered heuristic: its id, what it does, why, and the thresholds it reads."""

    id: str
    action: str  # "drop" or "keep": what it does to the lines it decides
    description: str
    thresholds: tuple[str, ...]  # names of module constants beside the function
    function: Callable[..., object]

    def threshold_values(self) -> dict[str, object]:
        """The thresholds' current values, read from the function's module."""
        module = sys.modules[self.function.__module__]
        return {name: getattr(module, name) for name in self.thresholds}

    @property
    def origin(self) -> str:
        """Where the function is defined: module and line."""
        try:
            line = inspect.getsourcelines(self.function)[1]
        except (OSError, TypeError):
            line = 0
        return f"{self.function.__module__}:{line} ({self.function.__name__})"


_REGISTRY: dict[str, Heuristic] = {}


def heuristic(id: str, action: str, description: str, *thresholds: str) -> Callable[[F], F]:
    """Register the decorated function as heuristic `id`; the function is unchanged."""
    if action not in (DROP, KEEP):
        raise ValueError(f"heuristic {id!r}: action is drop or keep, not {action!r}")

    def register(function: F) -> F:
        if id in _REGISTRY:
            raise ValueError(f"heuristic {id!r} is registered twice")
        module = sys.modules[function.__module__]
        missing = [name for name in thresholds if not hasattr(module, name)]
        if missing:
            raise ValueError(f"heuristic {id!r}: no threshold named {', '.join(missing)}")
        _REGISTRY[id] = Heuristic(id, action, description, tuple(thresholds), function)
        return function

    return register


def registered() -> tuple[Heuristic, ...]:
    """Every heuristic, in the order the classifier defines them."""
    from . import classify, window  # noqa: F401  (defining the heuristics registers them)

    return tuple(_REGISTRY.values())


def get(heuristic_id: str) -> Heuristic | None:
    """The heuristic with this id, or None."""
    return {h.id: h for h in registered()}.get(heuristic_id)


def rows() -> Iterator[tuple[str, str, str]]:
    """(id, action, description) of every heuristic, for `cleaner rules list`."""
    for h in registered():
        yield h.id, h.action, h.description


def show(heuristic_id: str) -> Iterator[str]:
    """The lines `cleaner rules show ID` prints for a heuristic; none if no such id."""
    h = get(heuristic_id)
    if h is None:
        return
    yield f"id: {h.id}"
    yield "pack: (heuristic of the dump classifier)"
    yield f"action: {h.action}"
    yield f"description: {h.description}"
    for name, value in h.threshold_values().items():
        yield f"threshold: {name} = {value}"
    yield f"defined at: {h.origin}"
    doc = inspect.getdoc(h.function)
    if doc:
        yield "how: " + " ".join(doc.split())
