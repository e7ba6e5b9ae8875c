"""cleaner.toml and [tool.cleaner]: found by walking up, used alike by every command."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.config import ConfigError, find_config, load_config

from .conftest import SEEDS

PROMO = "Read more from the Example Corpus every morning"
PACK = f"""\
pack: example-corpus
description: The example corpus's own promo line.
applies:
  sources: [example]
source: example.org
rules:
  - id: example.promo
    description: The corpus's morning promo.
    drop: ['{PROMO}']
    tests:
      hit: ['{PROMO}']
      miss: ['Read more about the morning.']
"""


def _corpus(tmp_path, config: str, name: str = "cleaner.toml"):
    root = tmp_path / "corpus"
    (root / "rules").mkdir(parents=True)
    (root / "rules" / "example.yaml").write_text(PACK)
    (root / name).write_text(config)
    (seed,) = SEEDS.glob("001_*.txt")
    text = seed.read_text(encoding="utf-8")
    lines = text.splitlines()
    dirty = "\n".join([*lines[:8], PROMO, *lines[8:]]) + "\n"
    for folder in ("news/example", "news/other"):
        (root / folder).mkdir(parents=True)
        (root / folder / "story.txt").write_text(dirty)
    (root / "README.txt").write_text("This corpus holds news stories.\n")
    return root


CONFIG = """\
rules = ["rules"]
exclude = ["README.txt"]
[sources]
"news/example" = "example"
"""


def test_nearest_file_wins_and_a_pyproject_without_the_table_is_passed_over(tmp_path):
    (tmp_path / "cleaner.toml").write_text('kind = "html"\n')
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(inner / "doc.txt").kind == "html"
    (tmp_path / "a" / "pyproject.toml").write_text("[tool.cleaner]\nkind = 'text'\n")
    assert load_config(tmp_path / "a" / "pyproject.toml").kind == "text"
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 90\n")
    assert load_config(tmp_path / "pyproject.toml") is None


def test_sources_by_deepest_directory_and_gitignore_like_excludes(tmp_path):
    (tmp_path / "cleaner.toml").write_text(
        'exclude = ["README.txt", "drafts/*"]\n'
        '[sources]\n"." = "all"\n"news" = "news"\n"news/az" = "azernews"\n'
    )
    config = load_config(tmp_path / "cleaner.toml")
    assert config.source_for(tmp_path / "news" / "az" / "x" / "a.txt") == "azernews"
    assert config.source_for(tmp_path / "news" / "b.txt") == "news"
    assert config.source_for(tmp_path / "other" / "c.txt") == "all"
    assert config.excludes(tmp_path / "deep" / "README.txt")
    assert config.excludes(tmp_path / "drafts" / "d.txt")
    assert not config.excludes(tmp_path / "news" / "drafts.txt")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules = [\n", "not valid TOML"),
        ("colour = 'blue'\n", "unknown key 'colour'"),
        ("kind = 'pdf'\n", "kind must be one of"),
        ("rules = [1]\n", "rules must be a list of strings"),
        ("sources = 'news'\n", "sources must be a table"),
    ],
)
def test_an_invalid_file_is_an_error_naming_it(tmp_path, text, message):
    path = tmp_path / "cleaner.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("name", ["cleaner.toml", "pyproject.toml"])
def test_clean_and_check_use_the_corpus_configuration(tmp_path, name):
    config = (
        CONFIG
        if name == "cleaner.toml"
        else "[tool.cleaner]\n" + CONFIG.replace("[sources]", "[tool.cleaner.sources]")
    )
    root = _corpus(tmp_path, config, name)
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["clean", str(root), "-o", str(out), "-j", "1"])

    assert result.exit_code == 0, result.output
    assert not (out / "README.txt").exists()  # excluded
    mapped = (out / "news" / "example" / "story.txt").read_text()
    other = (out / "news" / "other" / "story.txt").read_text()
    assert PROMO not in mapped and "\nsource: example\n" in mapped
    assert PROMO in other and "source:" not in other
    explained = CliRunner().invoke(main, ["explain", str(root / "news/example/story.txt")])
    assert "example.promo" in explained.output

    shutil.copy(out / "news" / "example" / "story.txt", root / "news" / "example" / "story.txt")
    checked = CliRunner().invoke(main, ["check", str(root / "news" / "example"), str(root)])
    assert "news/example/story.txt" not in checked.output.replace("\\", "/")
    assert "news/other/story.txt" in checked.output.replace("\\", "/")
    assert "README" not in checked.output


def test_a_broken_configuration_exits_2_naming_the_file(tmp_path):
    root = _corpus(tmp_path, "rules = ['rules']\nsource = 'x'\n")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 2
    assert "cleaner.toml" in result.output and "unknown key 'source'" in result.output
    (root / "cleaner.toml").write_text("rules = ['rules']\n")
    (root / "rules" / "example.yaml").write_text(PACK.replace("drop:", "dorp:"))
    result = CliRunner().invoke(main, ["clean", str(root), "-o", str(tmp_path / "o"), "-j", "1"])
    assert result.exit_code == 2 and "example.yaml:" in result.output
