"""The dependency floors CI tests (.ci/floors.txt) are the ones pyproject.toml declares."""

from __future__ import annotations

import re
import sys

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_floor_is_the_version_ci_installs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r): re.search(r">=([\w.]+)", r).group(1) for r in project["dependencies"]}
    pinned = {}
    for line in (ROOT / ".ci" / "floors.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pinned[_name(line)] = re.search(r"==([\w.]+)", line).group(1)
    assert declared == pinned


def test_the_installed_trafilatura_takes_the_arguments_cleaner_passes():
    """html.py calls bare_extraction(fast=...); a trafilatura without it raised a TypeError
    that sent every page to the plain <p> fallback, silently."""
    import inspect

    import trafilatura

    assert "fast" in inspect.signature(trafilatura.bare_extraction).parameters
