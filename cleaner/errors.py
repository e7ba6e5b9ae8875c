"""The errors cleaner raises: one family, so callers catch one type."""

from __future__ import annotations


class CleanerError(Exception):
    """Base of every error cleaner raises on purpose."""


class DecodeError(CleanerError):
    """The input is binary, or no encoding decodes it."""


class FrontMatterError(CleanerError):
    """A front matter with the header's keys holds a value that is not valid for its key."""


class SettleError(CleanerError):
    """Cleaning its own output kept changing it: a bug, reported rather than looped on."""


class RuleError(CleanerError):
    """A rule pack does not validate; names the file and line."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class RuleTimeout(CleanerError):
    """A rule's regex ran past its time limit on one document."""

    def __init__(self, rule_id: str, origin: str, seconds: float) -> None:
        self.rule_id = rule_id
        super().__init__(f"rule {rule_id} ({origin}) ran longer than {seconds:g}s and was stopped")
