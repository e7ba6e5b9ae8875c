"""HTML metadata: authors as person names, the page's own URL, the stated time."""

from __future__ import annotations

import yaml
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser

from cleaner import clean
from cleaner.cli import main
from cleaner.htmlmeta import MetaTags, person_names, read_metadata

BODY = (
    "<p>" + "The harbour reopened after the storm, and the ferries ran again at dawn. " * 6 + "</p>"
)


def page(head: str, body: str = BODY) -> str:
    return f"<html lang='en'><head>{head}</head><body><article>{body}</article></body></html>"


def test_person_names_drop_labels_roles_agencies_and_dates():
    assert person_names("By MARIA OLSEN, Associated Press Writer") == "Maria Olsen"
    assert person_names("von Jonas Brandt und Lea Vogel") == "Jonas Brandt, Lea Vogel"
    assert person_names("By Tom Reyes October 3, 2021") == "Tom Reyes"
    assert person_names("Ana Ruiz (Reuters)") == "Ana Ruiz"
    assert person_names("Kim van der Berg") == "Kim van der Berg"  # not re-cased
    assert person_names("Juan (Carlos) Mora") == "Juan (Carlos) Mora"  # a bracketed name stays


def test_person_names_reject_accounts_handles_and_urls():
    for value in ("admin", "editor", "jdoe", "https://example.com/people/jdoe", "@jdoe", "AP"):
        assert person_names(value) is None, value


def test_meta_tags_named_as_a_case_blind_css_query_finds_them():
    head = (
        '<meta NAME="Author" content=" Rosa Diaz "><meta name="author" content="">'
        '<meta property="author" name="AUTHOR" content="Amy Santiago">'
        '<meta name="\u212a-name" content="not ASCII"><meta itemprop="author" content="Jo Lee">'
    )
    tags = MetaTags(LexborHTMLParser(page(head)))
    # a tag holding the name in two attributes counts twice, as `meta[..], meta[..]` finds it
    assert list(tags.contents(("author",))) == [
        "Rosa Diaz",
        "Amy Santiago",
        "Amy Santiago",
        "Jo Lee",
    ]
    assert list(tags.contents(("k-name",))) == []  # the Kelvin sign is no "k" to CSS


def test_json_ld_authors_joined_and_cdata_read():
    ld = (
        '<script type="application/ld+json"><![CDATA[{"@type": "NewsArticle", "author": '
        '[{"@type": "Person", "name": "Rosa Diaz"}, {"@type": "Person", "name": "Amy Santiago"},'
        ' {"@type": "Organization", "name": "Daily Ledger"}]}]]></script>'
    )
    meta = read_metadata(LexborHTMLParser(page(ld)))
    assert meta.author == "Rosa Diaz, Amy Santiago"


def test_meta_author_that_is_a_handle_falls_through_to_the_byline_markup():
    html = page(
        '<meta name="author" content="rdiaz">',
        '<p class="byline">By ROSA DIAZ</p>' + BODY,
    )
    assert read_metadata(LexborHTMLParser(html)).author == "Rosa Diaz"


def test_url_and_source_from_the_canonical_link_when_the_caller_gives_none():
    html = page(
        '<link rel="canonical" href="https://www.harbour-news.example/2021/storm">'
        '<meta property="og:url" content="https://other.example/x">'
    )
    doc = clean(html, kind="html")
    assert doc.url == "https://www.harbour-news.example/2021/storm"
    assert doc.source == "harbour-news.example"
    given = clean(html, url="https://mirror.example/a", kind="html")
    assert given.url == "https://mirror.example/a" and given.source == "mirror.example"


def test_og_url_when_no_canonical_and_relative_links_ignored():
    html = page(
        '<link rel="canonical" href="/storm"><meta property="og:url" content="http://a.example/s">'
    )
    assert clean(html, kind="html").url == "http://a.example/s"


def test_stated_time_gives_datetime_and_the_day_in_its_offset():
    html = page('<meta property="article:published_time" content="2021-03-04T23:30:00-05:00">')
    doc = clean(html, kind="html", reference=None)
    assert doc.datetime == "2021-03-04T23:30:00-05:00"
    assert doc.date == "2021-03-04"  # not the UTC day (the 5th)
    canonical = doc.to_canonical()
    assert clean(canonical).to_canonical() == canonical
    assert isinstance(yaml.safe_load(canonical.split("---\n")[1]), dict)


def test_json_ld_and_time_element_state_times_too():
    ld = (
        '<script type="application/ld+json">'
        '{"@type": "Article", "datePublished": "2020-06-01T08:15:00Z"}</script>'
    )
    assert clean(page(ld), kind="html").datetime == "2020-06-01T08:15:00+00:00"
    timed = page("", '<time datetime="2019-11-20T10:00:00+01:00">20 Nov</time>' + BODY)
    doc = clean(timed, kind="html")
    assert (doc.date, doc.datetime) == ("2019-11-20", "2019-11-20T10:00:00+01:00")


def test_a_stated_day_alone_gives_no_datetime():
    html = page('<meta property="article:published_time" content="2018-02-03">')
    doc = clean(html, kind="html")
    assert doc.date == "2018-02-03" and doc.datetime is None


def test_cli_url_for_a_single_input(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page(""), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["clean", str(path), "--url", "https://www.quay.example/2020/05/06/ferries", "-o", "-"],
    )
    assert result.exit_code == 0, result.output
    header = yaml.safe_load(result.output.split("---\n")[1])
    assert header["url"] == "https://www.quay.example/2020/05/06/ferries"
    assert header["source"] == "quay.example"


def test_cli_url_refuses_several_inputs(tmp_path):
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(page(""), encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "clean",
            str(tmp_path / "a.html"),
            str(tmp_path / "b.html"),
            "--url",
            "https://x.example/",
        ],
    )
    assert result.exit_code == 2


def test_html_without_a_lang_attribute_gets_the_language_of_its_text():
    html = "<html><head></head><body><article>" + BODY + "</article></body></html>"
    assert clean(html, kind="html").lang == "en"
    assert clean(page(""), kind="html").lang == "en"  # the markup's, where it names one


def test_title_keeps_its_own_spacing_and_pieces_broken_by_tags_are_spaced():
    french = "<html><head><title>Le pont : une histoire de fer</title></head><body></body></html>"
    assert read_metadata(LexborHTMLParser(french)).title == "Le pont : une histoire de fer"
    broken = "<html><body><h1>The bridge<br>a story of iron</h1><p>Text.</p></body></html>"
    assert read_metadata(LexborHTMLParser(broken)).heading == "The bridge a story of iron"
    linked = "<html><body><h1><span>Bridges</span>: a story</h1></body></html>"
    assert read_metadata(LexborHTMLParser(linked)).heading == "Bridges: a story"
