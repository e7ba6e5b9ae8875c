"""Configuration read from the corpus repository, so the CLI and the pre-commit hook agree.

`cleaner.toml` (keys at the top level) or `[tool.cleaner]` in `pyproject.toml`,
found by walking up from each input file; the nearest wins, as with ruff.

    rules = ["corpus-rules"]        # extra rule pack directories, relative to the file
    kind = "text"                   # auto | text | html
    exclude = ["README.txt", "drafts/**"]   # files left alone (globs, relative)
    [sources]                       # ([tool.cleaner.sources] in pyproject.toml)
    "news/azernews" = "azernews"    # a directory (relative) -> the source of its files

Paths are relative to the configuration file's directory. A file that does not
parse or holds an unknown key is a `ConfigError` naming the file.
"""

from __future__ import annotations

import fnmatch
import functools
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import CleanerError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KINDS = ("auto", "text", "html")
_KEYS = {"rules", "kind", "exclude", "sources"}


class ConfigError(CleanerError):
    """A configuration file does not parse or does not validate; names the file."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class Config:
    """One configuration file's settings, paths made absolute."""

    path: str
    rule_dirs: tuple[str, ...] = ()
    kind: str | None = None
    exclude: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()  # (directory, source), deepest first

    @property
    def root(self) -> Path:
        return Path(self.path).parent

    def source_for(self, file: str | Path) -> str | None:
        """The source named for the deepest configured directory holding `file`."""
        relative = self._relative(file)
        if relative is None:
            return None
        for directory, source in self.sources:
            if directory in ("", ".") or relative.is_relative_to(directory):
                return source
        return None

    def excludes(self, file: str | Path) -> bool:
        """Whether a glob of `exclude` matches: against the name alone when it has no
        slash (as in .gitignore), else against the path relative to the root."""
        relative = self._relative(file)
        if relative is None:
            return False
        return any(
            fnmatch.fnmatchcase(relative.as_posix() if "/" in g else relative.name, g)
            for g in self.exclude
        )

    def _relative(self, file: str | Path) -> PurePosixPath | None:
        try:
            relative = Path(file).resolve().relative_to(self.root)
        except ValueError:
            return None
        return PurePosixPath(relative.as_posix())


def find_config(start: str | Path) -> Config | None:
    """The configuration nearest to `start` (a file or directory), walking up; None if none."""
    start = Path(start).resolve()
    return _find_in(start if start.is_dir() else start.parent)


@functools.lru_cache(maxsize=4096)
def _find_in(directory: Path) -> Config | None:
    for name in ("cleaner.toml", "pyproject.toml"):
        candidate = directory / name
        if candidate.is_file():
            config = load_config(candidate)
            if config is not None:
                return config
    return None if directory.parent == directory else _find_in(directory.parent)


def load_config(path: str | Path) -> Config | None:
    """Read one file; None for a pyproject.toml with no [tool.cleaner] table."""
    path = Path(path).resolve()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cleaner")
        if data is None:
            return None
    return _validate(path, data)


def _validate(path: Path, data: object) -> Config:
    if not isinstance(data, dict):
        raise ConfigError(path, "the cleaner settings must be a table")
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(
            path, f"unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(_KEYS))})"
        )
    root = path.parent
    rules = _strings(path, data, "rules")
    kind = data.get("kind")
    if kind is not None and kind not in KINDS:
        raise ConfigError(path, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    sources = data.get("sources", {})
    if not isinstance(sources, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in sources.items()
    ):
        raise ConfigError(path, "sources must be a table of directory = source name")
    by_depth = sorted(
        ((PurePosixPath(k.strip("/")).as_posix(), v) for k, v in sources.items()),
        key=lambda item: -len(PurePosixPath(item[0]).parts),
    )
    return Config(
        path=str(path),
        rule_dirs=tuple(str((root / r).resolve()) for r in rules),
        kind=kind,
        exclude=_strings(path, data, "exclude"),
        sources=tuple(by_depth),
    )


def _strings(path: Path, data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, f"{key} must be a list of strings")
    return tuple(value)
