"""The command line: clean, check, explain and rules (click)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from pathlib import Path

import click

from . import batch, heuristics
from .config import ConfigError, find_config
from .errors import CleanerError, RuleError
from .pipeline import KINDS, clean
from .rules import RuleSet, describe_actions, load_pack

EXIT_OK, EXIT_DIRTY, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
ERRORS_NAME = "cleaner-errors.jsonl"


class UsageError(click.ClickException):
    """Usage or configuration errors: exit code 2."""

    exit_code = EXIT_USAGE


def _ruleset(rule_dirs: tuple[str, ...]) -> RuleSet:
    try:
        return RuleSet.load(rule_dirs)
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
@_rules_option
@_source_option
@_kind_option
def clean_command(paths, out, fmt, in_place, jobs, force, scheduler, rule_dirs, source, kind):
    """Clean files, directories (mirrored under -o), JSONL files, or - for stdin."""
    _ruleset(rule_dirs)  # fail fast, with exit 2, on an invalid pack
    if in_place and (out or fmt != "canonical"):
        raise UsageError("--in-place writes canonical files over the inputs; drop -o/--format")
    if paths == ("-",):
        _clean_stdin(out, fmt, rule_dirs, source, kind)
        return
    if not out and not in_place and any(Path(p).is_dir() for p in paths):
        raise UsageError("a directory needs -o OUT (or --in-place)")
    options = batch.Options(tuple(rule_dirs), source, kind, fmt, in_place, force or in_place)
    processes = jobs or os.cpu_count() or 1
    tree_out = [out] if out and out != "-" and fmt == "canonical" else []
    written_under = paths if in_place else tree_out
    _remove_stale_temps(written_under)
    summary = batch.Summary()
    jsonl = _JsonlSink(out) if fmt == "jsonl" else None
    errors = _ErrorLog(out)
    jobs_iter = batch.find_jobs(
        list(paths), out, fmt, force or in_place, in_place, open_archives=not scheduler
    )
    try:
        with _progress() as bar, _terminate_as_interrupt(), _runner(scheduler) as run:
            for result in run(jobs_iter, options, processes):
                _tally(result, summary, jsonl, errors)
                bar.update(1)
    except (ConfigError, RuleError) as exc:
        raise UsageError(f"invalid configuration: {exc}") from exc
    except KeyboardInterrupt:
        _remove_stale_temps(written_under)  # what workers cut off mid-write left
        click.echo(f"interrupted: {summary.line()}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        if jsonl is not None:
            jsonl.close()
        errors.close()
    click.echo(summary.line(), err=True)
    sys.exit(EXIT_DIRTY if summary.failed else EXIT_OK)


def _remove_stale_temps(roots) -> None:
    for root in roots:
        if Path(root).is_dir():
            batch.remove_stale_temps(root)


@contextlib.contextmanager
def _runner(scheduler: str | None):
    """`batch.run`, or its Dask twin connected to the scheduler for the run's length."""
    if not scheduler:
        yield batch.run
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


def _tally(result: batch.Result, summary: batch.Summary, jsonl, errors: _ErrorLog) -> None:
    """Count one result, and write what the worker hands back (JSONL records, stdout)."""
    summary.seen += 1
    if result.error:
        summary.failed += 1
        errors.add(result.job.id, result.error)
        click.echo(f"error: {result.job.id}: {result.error}", err=True)
    elif result.job.skip:
        summary.skipped += 1
        if result.job.note:
            summary.skip_reasons[result.job.note] += 1
    elif result.record is not None:
        jsonl.write(json.dumps(result.record, ensure_ascii=False) + "\n")
        summary.written += 1
    elif result.written:
        summary.written += 1
    elif result.canonical is not None:
        sys.stdout.write(result.canonical)
        summary.written += 1
    else:
        summary.unchanged += 1


@contextlib.contextmanager
def _terminate_as_interrupt():
    """Treat SIGTERM like Ctrl-C, so temporary files are removed on the way out."""
    try:
        previous = signal.signal(signal.SIGTERM, batch.raise_interrupt)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _clean_stdin(out, fmt, rule_dirs, source, kind) -> None:
    raw = sys.stdin.buffer.read()
    try:
        doc = clean(raw, source=source, kind=kind or "auto", rules=_ruleset(rule_dirs))
    except CleanerError as exc:
        click.echo(f"error: -: {exc}", err=True)
        sys.exit(EXIT_DIRTY)
    if fmt == "jsonl":
        text = (
            json.dumps({"id": "-", "text": doc.text, "metadata": doc.header()}, ensure_ascii=False)
            + "\n"
        )
    else:
        text = doc.to_canonical()
    if out and out != "-":
        batch.write_atomic(out, text)
    else:
        sys.stdout.write(text)


class _JsonlSink:
    """JSONL output: a file renamed into place when the run completes, or stdout."""

    def __init__(self, out: str | None) -> None:
        self.file = batch.AtomicFile(out) if out and out != "-" else None

    def write(self, text: str) -> None:
        (self.file or sys.stdout).write(text)

    def close(self) -> None:
        """Rename into place if the run got to the end; an interrupted run leaves no file."""
        if self.file is None:
            return
        if sys.exc_info()[0] is None:
            self.file.commit()
        else:
            self.file.discard()


class _ErrorLog:
    """Failed documents, also written as JSONL next to the output.

    Rows go to disk as they come (a run with a million failures holds none in
    memory) and the file is renamed into place at the end, interrupted or not;
    a run with no failure removes the report an earlier run left.
    """

    def __init__(self, out: str | None) -> None:
        self.where: Path | None = None
        self.file: batch.AtomicFile | None = None
        if out and out != "-":
            target = Path(out)
            self.where = (
                target / ERRORS_NAME
                if not target.suffix
                else target.with_name(target.name + ".errors.jsonl")
            )

    def add(self, path: str, reason: str) -> None:
        if self.where is None:
            return
        if self.file is None:
            self.file = batch.AtomicFile(self.where)
        self.file.write(json.dumps({"path": path, "error": reason}, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self.where is None:
            return
        if self.file is None:
            self.where.unlink(missing_ok=True)
        else:
            self.file.commit()


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
def check_command(paths, rule_dirs, source, kind) -> None:
    """Exit 1 and list each file that cleaning would change, and why."""
    _ruleset(rule_dirs)
    options = batch.Options(tuple(rule_dirs), source, kind, "canonical")
    dirty = 0
    jobs = batch.find_jobs(list(paths), None, "canonical")
    try:
        for result in batch.run(jobs, options, 1):
            if result.error:
                dirty += 1
                click.echo(f"{result.job.id}: error: {result.error}")
            elif result.changed:
                dirty += 1
                click.echo(f"{result.job.id}: would change ({', '.join(result.reasons)})")
    except (ConfigError, RuleError) as exc:
        raise UsageError(f"invalid configuration: {exc}") from exc
    sys.exit(EXIT_DIRTY if dirty else EXIT_OK)


_COLOURS = {"keep": "green", "drop": "red", "meta": "cyan", "cut": "yellow"}


@main.command("explain")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_rules_option
@_source_option
@_kind_option
@click.option("--url", help="The page's URL, to choose packs by host.")
def explain_command(file, rule_dirs, source, kind, url) -> None:
    """Every input line with its verdict and the rule or heuristic behind it."""
    try:
        config = find_config(file)
    except ConfigError as exc:
        raise UsageError(f"invalid configuration: {exc}") from exc
    if config is not None:
        rule_dirs = config.rule_dirs + tuple(rule_dirs)
        source = source or config.source_for(file)
        kind = kind or config.kind
    try:
        doc = clean(
            Path(file).read_bytes(),
            url=url,
            source=source,
            kind=kind or "auto",
            rules=_ruleset(rule_dirs),
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


@main.group("rules")
def rules_group() -> None:
    """List, show and validate rule packs."""


@rules_group.command("list")
@_rules_option
def rules_list(rule_dirs) -> None:
    """Every rule of every pack: id and description."""
    for pack in _ruleset(rule_dirs).packs:
        click.echo(f"{pack.name}: {pack.description}")
        for rule in pack.rules:
            click.echo(f"  {rule.id:<36} {rule.action:<12} {rule.description}")
    click.echo("heuristics: the dump classifier's, by the reason explain prints")
    for heuristic_id, action, description in heuristics.rows():
        click.echo(f"  {heuristic_id:<36} {action:<12} {description}")


@rules_group.command("show")
@click.argument("rule_id")
@_rules_option
def rules_show(rule_id, rule_dirs) -> None:
    """One rule: its pack, action, value and where it is defined."""
    found = _ruleset(rule_dirs).rule(rule_id)
    if not found and heuristics.get(rule_id):
        click.echo("\n".join(heuristics.show(rule_id)))
        return
    if not found:
        raise UsageError(f"no rule with id {rule_id!r}")
    pack, rule = found
    value = rule.value
    if isinstance(value, (frozenset, tuple)):
        shown = ", ".join(sorted(getattr(v, "pattern", v) for v in value))
    else:
        shown = getattr(value, "pattern", str(value))
    click.echo(f"id: {rule.id}\npack: {pack.name}\naction: {rule.action}\nvalue: {shown}")
    click.echo(f"description: {rule.description}\ndefined at: {rule.origin}")
    if rule.ends_article:
        click.echo("ends_article: true")


@rules_group.command("validate")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def rules_validate(directory) -> None:
    """Validate the packs in DIRECTORY (default: the bundled packs); exit 2 on the first error."""
    try:
        ruleset = RuleSet.load([directory] if directory else [], bundled=not directory)
        if directory:
            for path in sorted(Path(directory).glob("*.y*ml")):
                load_pack(path)
    except RuleError as exc:
        raise UsageError(str(exc)) from exc
    count = sum(len(p.rules) for p in ruleset.packs)
    click.echo(f"ok: {len(ruleset.packs)} packs, {count} rules")


@rules_group.command("actions")
def rules_actions() -> None:
    """The actions a rule may take."""
    for action, meaning in describe_actions():
        click.echo(f"{action:<14} {meaning}")
