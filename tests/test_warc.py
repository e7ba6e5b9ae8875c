"""WARC archives: HTML responses cleaned, everything else skipped and counted."""

from __future__ import annotations

import gzip
import json
from io import BytesIO

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner import clean
from cleaner.cli import main
from cleaner.warc import Page, Skipped, Unreadable, WarcError, read_warc

PARAGRAPHS = [
    "The city council approved the new budget on Monday after a long debate about "
    "how much money should go to public transport and to the repair of old schools.",
    "Council members said the plan would be reviewed again in the spring, when the "
    "first figures on the new bus lines are expected to be published by the city.",
]


def _article(title: str, published: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{published}"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>© 2024 The City Paper</footer></body></html>"
    ).encode()


def _write_warc(path) -> dict[str, str]:
    """An archive with two HTML pages, an image, a 404 page, a request and a warcinfo."""
    ids = {}
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "test"}))

        def response(url, status, content_type, body, date):
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)
            ids[url] = record.rec_headers.get_header("WARC-Record-ID")

        response(
            "https://city.example/budget",
            "200 OK",
            "text/html; charset=utf-8",
            _article("Budget approved", "2024-03-04T09:00:00Z"),
            "2024-03-05T10:00:00Z",
        )
        response(
            "https://city.example/logo.png",
            "200 OK",
            "image/png",
            b"\x89PNG\r\n\x1a\n" + bytes(100),
            "2024-03-05T10:00:01Z",
        )
        response(
            "https://city.example/missing",
            "404 Not Found",
            "text/html",
            b"<html><body><p>Not found</p></body></html>",
            "2024-03-05T10:00:02Z",
        )
        response(
            "https://city.example/schools",
            "200 OK",
            "application/xhtml+xml",
            _article("Schools to be repaired", "2024-03-01"),
            "2024-03-05T10:00:03Z",
        )
        request = writer.create_warc_record(
            "https://city.example/budget",
            "request",
            payload=BytesIO(b"GET /budget HTTP/1.1\r\n\r\n"),
        )
        writer.write_record(request)
    return ids  # fmt: skip


def test_only_html_200_responses_are_pages(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    ids = _write_warc(archive)

    items = list(read_warc(archive))

    pages = [i for i in items if isinstance(i, Page)]
    assert [p.url for p in pages] == ["https://city.example/budget", "https://city.example/schools"]
    assert all(str(p.date) == "2024-03-05" for p in pages)
    assert pages[0].record_id in ids["https://city.example/budget"]
    reasons = sorted(i.reason for i in items if isinstance(i, Skipped))
    assert reasons == [
        "HTTP 404", "not HTML: image/png", "not a response: request", "not a response: warcinfo"
    ]  # fmt: skip


def test_a_warc_cleans_to_exactly_its_html_pages_with_url_and_date(tmp_path):
    archive, out = tmp_path / "in" / "crawl.warc.gz", tmp_path / "out.jsonl"
    archive.parent.mkdir()
    ids = _write_warc(archive)

    result = CliRunner().invoke(
        main, ["clean", str(archive.parent), "-o", str(out), "--format", "jsonl", "-j", "1"]
    )

    assert result.exit_code == 0, result.output
    assert "2 written, 4 skipped (1 HTTP 404, 1 not HTML: image/png" in result.output
    records = [json.loads(row) for row in out.read_text().splitlines()]
    assert [r["metadata"]["url"] for r in records] == [
        "https://city.example/budget", "https://city.example/schools"
    ]  # fmt: skip
    assert [r["metadata"]["date"] for r in records] == ["2024-03-04", "2024-03-01"]
    assert [r["metadata"]["title"] for r in records] == [
        "Budget approved",
        "Schools to be repaired",
    ]
    assert all(r["text"] == "\n\n".join(PARAGRAPHS) for r in records)
    assert records[0]["id"] in ids["https://city.example/budget"]


def test_canonical_output_is_a_tree_of_files_named_by_record_id(tmp_path):
    archive, out = tmp_path / "in" / "crawl.warc.gz", tmp_path / "out"
    archive.parent.mkdir()
    _write_warc(archive)
    pages = [i for i in read_warc(archive) if isinstance(i, Page)]

    result = CliRunner().invoke(main, ["clean", str(archive.parent), "-o", str(out), "-j", "1"])

    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (out / "crawl").iterdir())
    assert written == sorted(f"{p.record_id}.txt" for p in pages)
    budget = (out / "crawl" / f"{pages[0].record_id}.txt").read_text()
    assert budget == clean(pages[0].content, url=pages[0].url).to_canonical()
    assert "url: https://city.example/budget" in budget


def test_the_crawl_date_bounds_plausible_dates(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    with open(archive, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://city.example/x", "response", http_headers=headers,
            payload=BytesIO(_article("Later", "2030-01-01T00:00:00Z")),
            warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"},
        ))  # fmt: skip
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main, ["clean", str(archive), "-o", str(out), "--format", "jsonl", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(row) for row in out.read_text().splitlines()]
    assert record["metadata"].get("date") != "2030-01-01"  # after the crawl: not plausible


def test_a_truncated_archive_is_reported_and_the_batch_goes_on(tmp_path):
    good, bad = tmp_path / "in" / "a.warc.gz", tmp_path / "in" / "b.warc.gz"
    good.parent.mkdir()
    _write_warc(good)
    bad.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n"))
    result = CliRunner().invoke(main, ["clean", str(good.parent), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "b.warc.gz" in result.output
    assert len(list((tmp_path / "o" / "a").iterdir())) == 2
    with pytest.raises(WarcError, match=r"b\.warc\.gz"):
        list(read_warc(bad))


def test_a_record_that_cannot_be_decoded_is_its_own_error_and_the_archive_goes_on(tmp_path):
    archive, out = tmp_path / "in" / "crawl.warc.gz", tmp_path / "out"
    archive.parent.mkdir()
    with open(archive, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n, (encoding, body) in enumerate(
            [(None, _article("First", "2024-03-01")), ("br", b"\x8b\x00not brotli at all"),
             (None, _article("Third", "2024-03-02"))]
        ):  # fmt: skip
            fields = [("Content-Type", "text/html")] + (
                [("Content-Encoding", encoding)] * bool(encoding)
            )
            headers = StatusAndHeaders("200 OK", fields, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://city.example/{n}", "response", payload=BytesIO(body),
                http_headers=headers, warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"},
            ))  # fmt: skip

    result = CliRunner().invoke(main, ["clean", str(archive), "-o", str(out), "-j", "1"])

    assert result.exit_code == 1
    assert "3 files, 2 written, 0 skipped, 1 failed" in result.output
    (report,) = out.glob("cleaner-errors-*.jsonl")
    (error,) = [json.loads(row) for row in report.read_text().splitlines()]
    assert "Content-Encoding br" in error["message"] and error["path"] == str(archive)
    assert len(list((out / "crawl").iterdir())) == 2


def test_a_record_over_the_cap_is_reported(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    _write_warc(archive)
    items = list(read_warc(archive, max_size=100))
    assert not [i for i in items if isinstance(i, Page)]
    assert {i.error for i in items if isinstance(i, Unreadable)} == {"TooLarge"}
