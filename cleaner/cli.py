"""The command line: clean, check, explain and rules (click)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from . import batch, heuristics, readers, writers
from . import scheduler as scheduler_module
from .config import ConfigError, find_config
from .errors import CleanerError, RuleError
from .pipeline import KINDS, clean
from .render import RENDERINGS
from .rules import RuleSet, describe_actions

EXIT_OK, EXIT_DIRTY, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(click.ClickException):
    """Usage or configuration errors: exit code 2."""

    exit_code = EXIT_USAGE


def _ruleset(rule_dirs: tuple[str, ...]) -> RuleSet:
    try:
        return batch.ruleset_for(tuple(rule_dirs))  # compiled once: the batch reuses it
    except RuleError as exc:
        raise UsageError(f"invalid rule pack: {exc}") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cleaner")
def main() -> None:
    """Strip boilerplate from scraped articles; write canonical text with a metadata header."""


_rules_option = click.option(
    "--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
    help="Extra directory of rule packs (repeatable); later packs override bundled ones.",
)  # fmt: skip
_source_option = click.option("--source", help="Source name, to choose that source's rule pack.")
_kind_option = click.option(
    "--kind", type=click.Choice(KINDS), default=None,
    help="Input kind; auto (the default, unless a cleaner.toml says otherwise) sniffs HTML.",
)  # fmt: skip


def _size(text: str) -> int:
    """`32M`, `512k`, `1G` or a plain number of bytes."""
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    value = text.strip().lower().removesuffix("b")
    factor = units.get(value[-1:], 1)
    try:
        number = float(value[:-1] if value[-1:] in units else value)
    except ValueError as exc:
        raise click.BadParameter(f"not a size: {text!r} (try 32M)") from exc
    if number <= 0:
        raise click.BadParameter("must be more than 0")
    return int(number * factor)


_max_size_option = click.option(
    "--max-size", type=_size, default="32M", show_default=True,
    help="Largest document, in bytes after decompression (a file, a JSONL line, a WARC "
    "record): a larger one is reported as failed, never cut short.",
)  # fmt: skip


_render_option = click.option(
    "--render",
    "render_as",
    type=click.Choice(RENDERINGS),
    default="auto",
    show_default=True,
    help="How the text dump was rendered; auto recognises it from the text.",
)
_budget_option = click.option(
    "--regex-budget", type=click.FloatRange(min=0), default=batch.REGEX_BUDGET,
    show_default=True, metavar="SECONDS",
    help="Time all rule-pack regexes together may take on one document, per MB of it "
    "(at least one MB); past it the document fails with RegexBudgetSpent. 0: no budget.",
)  # fmt: skip


@main.command("clean")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o", "--out", help="Output directory (mirrors the input tree), file for jsonl, or -."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["canonical", "jsonl"]),
    default="canonical",
    show_default=True,
)
@click.option("--in-place", is_flag=True, help="Rewrite the input files (atomically).")
@click.option("-j", "--jobs", type=int, default=0, help="Worker processes [default: all cores].")
@click.option("--force", is_flag=True, help="Clean even where the output is newer than the input.")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run on a Dask cluster: its scheduler address or scheduler file (needs cleaner[dask]).",
)
@click.option("--url", help="The page's URL, for a single input (file or -): date, source, packs.")
@_rules_option
@_source_option
@_kind_option
@_max_size_option
@_budget_option
@_render_option
def clean_command(
    paths, out, fmt, in_place, jobs, force, scheduler, url, rule_dirs, source, kind, max_size,
    regex_budget, render_as,
):  # fmt: skip
    """Clean files, directories (mirrored under -o), JSONL files, or - for stdin."""
    _ruleset(rule_dirs)  # fail fast, with exit 2, on an invalid pack
    _check_usage(paths, out, fmt, in_place)
    if url and (len(paths) != 1 or in_place or (paths[0] != "-" and not Path(paths[0]).is_file())):
        raise UsageError("--url names one page: give a single file or - (and no --in-place)")
    if paths == ("-",) or url:
        _clean_stdin(out, fmt, rule_dirs, source, kind, url=url, path=paths[0], render_as=render_as)
        return
    tree = fmt == "canonical" and bool(out) and out != "-"
    if tree:
        Path(out).mkdir(parents=True, exist_ok=True)  # first, so the walk can leave it out
    options = batch.Options(
        tuple(rule_dirs), source, kind, fmt, in_place, force or in_place, max_size, regex_budget,
        render_as,
    )  # fmt: skip
    processes = jobs or os.cpu_count() or 1
    written_under = paths if in_place else [out] if tree else []
    _remove_stale_temps(written_under)
    summary = batch.Summary()
    jsonl = writers.JsonlWriter(out, sys.stdout) if fmt == "jsonl" else None
    report = writers.ErrorReport.for_output(out, fmt)
    items = batch.find_jobs(
        list(paths), out, fmt, force or in_place, in_place, not scheduler, max_size
    )
    interrupted = False
    try:
        with _progress() as bar, scheduler_module.stop_on_signals(), _runner(scheduler) as run:
            try:
                for result in run(items, options, processes):
                    _tally(result, summary, jsonl, report)
                    bar.update(1)
            except KeyboardInterrupt:
                interrupted = True
    except (ConfigError, RuleError) as exc:
        raise UsageError(f"invalid configuration: {exc}") from exc
    finally:
        if jsonl is not None:
            # A JSONL file is written by a complete run only: a consumer never takes an
            # unfinished one for the whole. Its records are then not counted as written.
            complete = sys.exc_info()[0] is None and not interrupted
            jsonl.close(complete)
            if not complete and jsonl.file is not None:
                summary.written -= jsonl.records
                summary.discarded = jsonl.records
        report.close()
    if interrupted:
        _remove_stale_temps(written_under)  # what workers cut off mid-write left
    _finish(summary, report, interrupted)


def _check_usage(paths, out, fmt, in_place) -> None:
    """Combinations that cannot work: exit 2 before anything is read or written."""
    if in_place and (out or fmt != "canonical"):
        raise UsageError("--in-place writes canonical files over the inputs; drop -o/--format")
    if paths != ("-",) and not out and not in_place and any(Path(p).is_dir() for p in paths):
        raise UsageError("a directory needs -o OUT (or --in-place)")
    if fmt == "jsonl" and out and out != "-" and Path(out).is_dir():  # stdin's output too
        raise UsageError(f"--format jsonl writes one file: -o {out} is a directory")
    if paths == ("-",):
        if out and out != "-" and Path(out).is_dir():
            raise UsageError(f"stdin's output is one file: -o {out} is a directory")
        return
    if fmt == "canonical" and out and out != "-" and Path(out).exists() and not Path(out).is_dir():
        raise UsageError(f"-o {out} is a file: canonical output mirrors the input into a folder")
    if out and out != "-" and any(os.path.realpath(out) == os.path.realpath(p) for p in paths):
        raise UsageError(f"-o {out} is an input: its outputs would replace it (use --in-place)")


def _finish(summary: batch.Summary, report: writers.ErrorReport, interrupted: bool) -> None:
    for line in summary.empty_lines():
        click.echo(line, err=True)
    if report.problem:
        click.echo(f"warning: {report.problem}", err=True)
    elif summary.failed and report.file is not None:
        click.echo(f"errors: {report.where}", err=True)
    click.echo(("interrupted: " if interrupted else "") + summary.line(), err=True)
    if interrupted:
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(EXIT_DIRTY if summary.failed else EXIT_OK)


def _remove_stale_temps(roots) -> None:
    for root in roots:
        if Path(root).is_dir():
            writers.remove_stale_temps(root)


@contextlib.contextmanager
def _runner(scheduler: str | None):
    """The local scheduler, or its Dask twin connected to the scheduler for the run's length."""
    if not scheduler:
        yield scheduler_module.run
        return
    from . import distributed

    try:
        client = distributed.connect(scheduler)
    except distributed.DaskMissing as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    with client:
        yield lambda jobs, options, _processes: distributed.run(jobs, options, client)


def _tally(result: batch.Result, summary: batch.Summary, jsonl, report) -> None:
    """Count one result, and write what the worker hands back (JSONL records, stdout)."""
    if result.status == "record":
        jsonl.write(result.record)
    elif result.status == "shown":
        sys.stdout.write(result.canonical or "")
    summary.add(result)
    job = result.job
    if job.note:
        click.echo(f"warning: {job.note}", err=True)
    if result.status == "failed":
        report.add(str(job.path or ""), str(job.id), result.error_class, result.error)
        click.echo(f"error: {job.name}: {result.error}", err=True)


def _clean_stdin(out, fmt, rule_dirs, source, kind, url=None, path="-", render_as="auto") -> None:
    """One document, from stdin or the one file given with --url, written to -o or stdout."""
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        doc = clean(
            raw,
            url=url,
            source=source,
            kind=kind or "auto",
            rules=_ruleset(rule_dirs),
            render_as=render_as,
        )
    except CleanerError as exc:
        click.echo(f"error: {path}: {exc}", err=True)
        sys.exit(EXIT_DIRTY)
    if fmt == "jsonl":
        text = (
            json.dumps({"id": path, "text": doc.text, "metadata": doc.header()}, ensure_ascii=False)
            + "\n"
        )
    else:
        text = doc.to_canonical()
    if out and out != "-" and Path(out).is_dir() and path != "-":
        writers.write_atomic(str(Path(out) / f"{Path(path).stem}.txt"), text)
    elif out and out != "-":
        writers.write_atomic(out, text)
    else:
        sys.stdout.write(text)


def _progress():
    """A progress bar on a terminal, nothing when piped."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(unit="doc", file=sys.stderr, smoothing=0.1)
    return _NoBar()


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n: int) -> None:
        return None


@main.command("check")
@click.argument("paths", nargs=-1, required=True)
@_rules_option
@_source_option
@_kind_option
@_max_size_option
@_budget_option
def check_command(paths, rule_dirs, source, kind, max_size, regex_budget) -> None:
    """Exit 1 and list each file (FILE:ID for a record) that cleaning would change, and why."""
    _ruleset(rule_dirs)
    options = batch.Options(
        tuple(rule_dirs), source, kind, "canonical", max_size=max_size, regex_budget=regex_budget
    )
    dirty = 0
    jobs = batch.find_jobs(list(paths), None, "canonical", max_size=max_size)
    try:
        for result in scheduler_module.run(jobs, options, 1):
            if result.status == "failed":
                dirty += 1
                click.echo(f"{result.job.name}: error: {result.error}")
            elif result.changed:
                dirty += 1
                click.echo(f"{result.job.name}: would change ({', '.join(result.reasons)})")
    except (ConfigError, RuleError) as exc:
        raise UsageError(f"invalid configuration: {exc}") from exc
    sys.exit(EXIT_DIRTY if dirty else EXIT_OK)


_COLOURS = {"keep": "green", "drop": "red", "meta": "cyan", "cut": "yellow"}


@main.command("explain")
@click.argument("file")
@_rules_option
@_source_option
@_kind_option
@click.option("--url", help="The page's URL, to choose packs by host.")
@_max_size_option
@_render_option
def explain_command(file, rule_dirs, source, kind, url, max_size, render_as) -> None:
    """Every input line with its verdict and the rule or heuristic behind it.

    FILE may be gzip; a record of a JSONL or WARC file is FILE:ID (its id, or its
    line number in a JSONL file).
    """
    try:
        path, record = _explained(file, max_size)
        config = find_config(path)
    except ConfigError as exc:
        raise UsageError(f"invalid configuration: {exc}") from exc
    except CleanerError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    except OSError as exc:
        raise click.ClickException(f"{file}: {exc.strerror or exc}") from exc
    if config is not None:
        rule_dirs = config.rule_dirs + tuple(rule_dirs)
        source = source or config.source_for(path)
        kind = kind or config.kind
    try:
        doc = clean(
            record.raw if record.raw is not None else readers.read_file(path, max_size),
            url=url or record.url,
            source=source or record.source,
            kind=kind or "auto",
            rules=_ruleset(rule_dirs),
            reference=record.reference,
            render_as=render_as,
        )
    except CleanerError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    for verdict in doc.verdicts:
        label = f"{verdict.line:5d} {verdict.action:<4} {verdict.reason or '-':<32}"
        click.echo(click.style(label, fg=_COLOURS.get(verdict.action)) + " " + verdict.text)
    header = ", ".join(f"{k}={v}" for k, v in doc.header().items())
    click.echo(f"header: {header or '(none)'}")
    for heuristic_id, _action, description in heuristics.rows():
        if any(v.reason == heuristic_id for v in doc.verdicts):
            click.echo(f"heuristic {heuristic_id}: {description}")


def _explained(file: str, max_size: int) -> tuple[Path, readers.Record]:
    """The file and the record FILE or FILE:ID names; `CleanerError` if there is none."""
    path = Path(file)
    if path.is_file():
        return path, readers.Record(path.name, file)
    name, colon, wanted = file.rpartition(":")
    container = Path(name)
    reader = readers.reader_for(container.name) if colon else None
    if reader is None or isinstance(reader, readers.FileReader) or not container.is_file():
        raise CleanerError("no such file (a record of a JSONL or WARC file is FILE:ID)")
    found = readers.Found(container, container.name)
    for item in reader.records(found, max_size):
        if isinstance(item, readers.Problem) and item.id == f"{container.name}:{wanted}":
            raise CleanerError(item.message)
        if isinstance(item, readers.Record) and wanted in (
            str(item.id),
            str(item.id).removeprefix(f"{container.name}:"),  # a line number
        ):
            return container, item
    raise CleanerError(f"no record {wanted!r} in {name}")


@main.group("rules")
def rules_group() -> None:
    """List, show, validate and test rule packs."""


def rule_rows(ruleset: RuleSet) -> Iterator[tuple[str, str]]:
    """(id, description) of every rule of every pack, in pack order, for `rules list`."""
    for pack in ruleset.packs:
        for rule in pack.rules:
            yield rule.id, rule.description


def rule_details(ruleset: RuleSet, rule_id: str) -> list[tuple[str, str]] | None:
    """(field, value) rows describing one rule, for `rules show`; None if there is none."""
    found = ruleset.rule(rule_id)
    if not found:
        return None
    pack, rule = found
    value = rule.value
    if isinstance(value, (frozenset, tuple)):
        shown = ", ".join(sorted(str(getattr(v, "pattern", v)) for v in value))
    else:
        shown = str(getattr(value, "pattern", value))
    rows = [
        ("id", rule.id),
        ("pack", pack.name),
        ("action", rule.action),
        ("value", shown),
        ("description", rule.description),
        ("defined at", rule.origin),
    ]
    if rule.ends_article:
        rows.append(("ends_article", "true"))
    if rule.heads_box:
        rows.append(("heads_box", "true"))
    return rows


@rules_group.command("list")
@_rules_option
def rules_list(rule_dirs) -> None:
    """Every rule of every pack: id and description."""
    for rule_id, description in rule_rows(_ruleset(rule_dirs)):
        click.echo(f"{rule_id:<36} {description}")
    click.echo("heuristics: the dump classifier's, by the reason explain prints")
    for heuristic_id, _action, description in heuristics.rows():
        click.echo(f"{heuristic_id:<36} {description}")


@rules_group.command("show")
@click.argument("rule_id")
@_rules_option
def rules_show(rule_id, rule_dirs) -> None:
    """One rule: its pack, action, value and where it is defined."""
    rows = rule_details(_ruleset(rule_dirs), rule_id)
    if rows is None and heuristics.get(rule_id):
        click.echo("\n".join(heuristics.show(rule_id)))
        return
    if rows is None:
        raise UsageError(f"no rule with id {rule_id!r}")
    for name, value in rows:
        click.echo(f"{name}: {value}")


def _packs_in(ruleset: RuleSet, directories: tuple[str, ...]) -> list:
    """The packs of `ruleset` loaded from these directories (all of them when none)."""
    if not directories:
        return list(ruleset.packs)
    roots = [Path(d).resolve() for d in directories]
    return [p for p in ruleset.packs if Path(p.path).resolve().parent in roots]


@rules_group.command("validate")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def rules_validate(directory) -> None:
    """Validate the packs in DIRECTORY (default: the bundled packs) beside the bundled ones,
    their examples included; exit 2 on an error, naming its file and line."""
    directories = (directory,) if directory else ()
    ruleset = _ruleset(directories)
    packs = _packs_in(ruleset, directories)
    failures = ruleset.failing_examples(packs)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures:
        sys.exit(EXIT_USAGE)
    count = sum(len(p.rules) for p in packs)
    click.echo(f"ok: {len(packs)} packs, {count} rules")


@rules_group.command("test")
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False))
def rules_test(directories) -> None:
    """Run every example (tests: hit and miss) of the bundled packs and of DIRECTORIES'.

    Each failing example is printed with its file and line; exit 1 if any fails.
    """
    ruleset = _ruleset(tuple(directories))
    failures = ruleset.failing_examples()
    for failure in failures:
        click.echo(f"FAIL {failure}")
    examples = sum(len(r.hits) + len(r.misses) for p in ruleset.packs for r in p.rules)
    rules = sum(len(p.rules) for p in ruleset.packs)
    verdict = f"{len(failures)} failed" if failures else "all passed"
    click.echo(f"{examples} examples of {rules} rules in {len(ruleset.packs)} packs: {verdict}")
    sys.exit(EXIT_DIRTY if failures else EXIT_OK)


@rules_group.command("actions")
def rules_actions() -> None:
    """The actions a rule may take."""
    for action, meaning in describe_actions():
        click.echo(f"{action:<14} {meaning}")
