"""`cleaner rules test` and `rules validate`: what a user runs on their own packs."""

from __future__ import annotations

from click.testing import CliRunner

from cleaner.cli import main

PACK = """\
pack: shop
description: a shop's pages
applies: {sources: [shop]}
rules:
  - id: shop.sale
    description: the sale banner
    drop_regex: '^Sale \\d+%$'
    tests:
      hit: ['Sale 20%']
      miss: ['Sale prices rose.']
"""


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_rules_test_passes_on_the_bundled_packs():
    result = _run("rules", "test")
    assert result.exit_code == 0, result.output
    assert "all passed" in result.output


def test_rules_test_fails_naming_the_file_and_line_of_each_failing_example(tmp_path):
    (tmp_path / "shop.yaml").write_text(
        PACK.replace("'Sale 20%'", "'Sale 20%', 'Sale!'"), encoding="utf-8"
    )
    (tmp_path / "news.yaml").write_text(
        PACK.replace("shop", "news").replace("'Sale prices rose.'", "'Sale 30%'"),
        encoding="utf-8",
    )
    result = _run("rules", "test", str(tmp_path))
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'shop.yaml'}:9: shop.sale should act on 'Sale!'" in result.output
    assert f"{tmp_path / 'news.yaml'}:10: news.sale should leave 'Sale 30%'" in result.output
    assert "2 failed" in result.output


def test_rules_test_passes_a_good_user_pack(tmp_path):
    (tmp_path / "shop.yaml").write_text(PACK, encoding="utf-8")
    assert _run("rules", "test", str(tmp_path)).exit_code == 0


def test_validate_rejects_a_pack_whose_examples_fail(tmp_path):
    (tmp_path / "shop.yaml").write_text(
        PACK.replace("'Sale 20%'", "'Sale!'").replace("'Sale prices rose.'", "'Sale 50%'"),
        encoding="utf-8",
    )
    result = _run("rules", "validate", str(tmp_path))
    assert result.exit_code == 2
    assert "shop.yaml:9" in result.output and "shop.yaml:10" in result.output


def test_validate_resolves_extends_against_the_bundled_packs(tmp_path):
    (tmp_path / "shop.yaml").write_text(
        PACK.replace("rules:\n", "extends: [wordpress-jnews]\nrules:\n", 1), encoding="utf-8"
    )
    result = _run("rules", "validate", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "ok: 1 packs, 1 rules" in result.output


def test_validate_rejects_a_pack_that_shadows_a_bundled_one(tmp_path):
    (tmp_path / "generic.yaml").write_text(
        PACK.replace("pack: shop", "pack: generic"), encoding="utf-8"
    )
    result = _run("rules", "validate", str(tmp_path))
    assert result.exit_code == 2
    assert "replaces: [generic]" in result.output
    (tmp_path / "generic.yaml").write_text(
        PACK.replace("pack: shop", "pack: generic\nreplaces: [generic]"), encoding="utf-8"
    )
    assert _run("rules", "validate", str(tmp_path)).exit_code == 0
