"""The real pre-commit framework running this checkout's hooks in a corpus repository.

pre-commit installs the hooks from a git repository at a revision, so the test
first commits a copy of this checkout (working-tree changes included) to a
temporary repository; pre-commit then builds its own environment from it,
which needs only the package registries.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import clean

from .conftest import SEEDS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "cleaner", "rules")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=_env())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This checkout's package, committed to a throwaway repository: (path, revision)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in PACKAGE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, repo / name)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-q", "-m", "snapshot").returncode == 0
    return repo, _git(repo, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture
def corpus(tmp_path, hook_repo, tmp_path_factory) -> Path:
    repo, rev = hook_repo
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _git(corpus, "init", "-q", "-b", "main")
    (corpus / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo}\n  rev: {rev}\n"
        "  hooks:\n  - id: cleaner-check\n  - id: cleaner-fix\n"
    )
    (corpus / "cleaner.toml").write_text('exclude = ["NOTES.txt"]\n')
    (corpus / "NOTES.txt").write_text("Notes   about   this corpus,  not an article\n")
    _git(corpus, "add", "-A")
    home = tmp_path_factory.getbasetemp() / "pre-commit-home"  # one hook install per session
    os.environ["PRE_COMMIT_HOME"] = str(home)
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=corpus, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    return corpus


def _commit(corpus: Path, message: str) -> subprocess.CompletedProcess:
    _git(corpus, "add", "-A")
    return _git(corpus, "commit", "-m", message)


def test_dirty_file_fails_the_commit_fix_rewrites_it_then_it_passes(corpus):
    (seed,) = SEEDS.glob("000_*.txt")
    shutil.copy(seed, corpus / "story.txt")

    first = _commit(corpus, "add a scraped story")

    assert first.returncode != 0, first.stdout
    report = first.stdout + first.stderr
    assert "story.txt: would change (" in report  # cleaner-check: the file and why
    assert "files were modified by this hook" in report  # cleaner-fix
    assert "NOTES.txt" not in report  # excluded by the corpus's cleaner.toml
    assert (corpus / "story.txt").read_text() == clean(seed.read_bytes()).to_canonical()

    second = _commit(corpus, "add the cleaned story")
    assert second.returncode == 0, second.stdout + second.stderr
    assert _git(corpus, "status", "--porcelain").stdout == ""


def test_canonical_file_passes_untouched_and_fix_twice_changes_nothing(corpus):
    (seed,) = SEEDS.glob("002_*.txt")
    canonical = clean(seed.read_bytes()).to_canonical()
    (corpus / "story.txt").write_text(canonical)
    before = (corpus / "story.txt").stat().st_mtime_ns

    result = _commit(corpus, "add a canonical story")

    assert result.returncode == 0, result.stdout + result.stderr
    assert (corpus / "story.txt").stat().st_mtime_ns == before
    for _ in range(2):
        again = subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "cleaner-fix", "--all-files"],
            cwd=corpus,
            capture_output=True,
            text=True,
        )
        assert again.returncode == 0, again.stdout
    assert (corpus / "story.txt").read_text() == canonical
    assert (corpus / "NOTES.txt").read_text().startswith("Notes   about")  # excluded
