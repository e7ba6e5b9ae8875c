"""Dates: datelines, dates inside short lines, the corpus prefix and the plausibility window."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import clean
from cleaner.dates import (
    _alternation,
    date_from_html,
    find_date,
    parse_dateline,
    scan,
    scan_dump,
    split_date_prefix,
)

REF = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("line", "day", "stamp"),
    [
        ("5 February 2026 11:37 (UTC+04:00)", "2026-02-05", "2026-02-05T11:37:00+04:00"),
        ("Published February 4, 2026", "2026-02-04", None),
        ("February 4, 2026", "2026-02-04", None),
        ("Updated: Wednesday, February 4, 2026 at 3:15 pm GMT", "2026-02-04",
         "2026-02-04T15:15:00+00:00"),
        ("4. Februar 2026", "2026-02-04", None),
        ("5 февраля 2026", "2026-02-05", None),
        ("11.02.2020, 17:29 Uhr", "2020-02-11", "2020-02-11T17:29:00"),
        ("2026-02-04T10:00:00+01:00", "2026-02-04", "2026-02-04T10:00:00+01:00"),
        ("le 4 février 2026", "2026-02-04", None),
    ],
)  # fmt: skip
def test_datelines(line, day, stamp):
    hit = parse_dateline(line, REF)
    assert hit is not None and (hit.date, hit.datetime) == (day, stamp)


@pytest.mark.parametrize(
    "line", ["February 5, 2036", "March 3, 1990", "Home", "In 2026 the plan", "31 February 2026"]
)
def test_not_datelines(line):
    assert parse_dateline(line, REF) is None


def test_updated_is_marked():
    assert parse_dateline("Last updated February 4, 2026", REF).updated
    assert not parse_dateline("Published February 4, 2026", REF).updated


def test_dates_inside_short_lines():
    assert find_date("Erhverv - 02. januar 2020 kl. 10:21", REF).datetime == "2020-01-02T10:21:00"
    assert find_date("By John Smith | Feb 4, 2026", REF).date == "2026-02-04"
    assert find_date("no date here", REF) is None


def test_prefix():
    assert split_date_prefix("date 2026-02-04 Xi said") == ("2026-02-04", "Xi said")
    assert split_date_prefix("dated text") == (None, "dated text")


def test_published_beats_updated_and_dates_leave_the_body():
    prose = (
        "The council approved the budget on Tuesday after a long debate in which members of every "
        "party spoke, and the mayor said the vote showed the city could still agree on hard things."
    )
    doc = clean(f"Budget passes\nUpdated March 5, 2024\nPublished March 4, 2024\n{prose}\n{prose}")
    assert doc.date == "2024-03-04"
    assert "2024" not in doc.text


# --- any language, any format ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "day", "stamp"),
    [
        ("الإثنين، 24 أغسطس 2020 09:56", "2020-08-24", "2020-08-24T09:56:00"),
        ("تم نشره الجمعة 24 نيسان / أبريل 2020", "2020-04-24", None),  # two calendars' names
        ("2020年7月1日 10時00分", "2020-07-01", "2020-07-01T10:00:00"),
        ("2020年07月03日 | 徒歩", "2020-07-03", None),
        ("입력 2020.08.27 20:27", "2020-08-27", "2020-08-27T20:27:00"),
        ("lassú kilábalás 2020. 08. 18. 21:35", "2020-08-18", "2020-08-18T21:35:00"),
        ("2020. augusztus 9-én", "2020-08-09", None),
        ("30 Ekim 2020 Cuma 18:28", "2020-10-30", None),
        ("13 gusht 2020, 09:08", "2020-08-13", "2020-08-13T09:08:00"),
        ("21. juni/lipanj, 2020.", "2020-06-21", None),
        ("Yahoo News Australia28 October 2020", "2020-10-28", None),
        ("August 06, 20194:14 pm", "2019-08-06", "2019-08-06T16:14:00"),
        ("22:30, 9 MAY 2020", "2020-05-09", "2020-05-09T22:30:00"),
        ("الاحد 12 / 04 / 2020 21:29", "2020-04-12", "2020-04-12T21:29:00"),
        ("الاحد ١٢ / ٠٤ / ٢٠٢٠", "2020-04-12", None),  # Arabic-Indic digits
        ("发布时间：２０２０年３月１２日 １０：３０", "2020-03-12", "2020-03-12T10:30:00"),
    ],
)  # fmt: skip
def test_dates_in_many_languages_and_formats(line, day, stamp):
    hit = find_date(line, REF)
    assert hit is not None and (hit.date, hit.datetime) == (day, stamp)


@pytest.mark.parametrize(
    ("line", "stamp"),
    [
        ("By Sage Anderson2020-02-20 13:52:51 UTC", "2020-02-20T13:52:51+00:00"),
        ("July 9, 2020 at 6:40 PM EDT", "2020-07-09T18:40:00-04:00"),
        ("5 February 2026 11:37 (UTC+04:00)", "2026-02-05T11:37:00+04:00"),
        ("2020-03-08T18:30:30.077Z", "2020-03-08T18:30:30+00:00"),
        ("July 9, 2020 at 6:40 PM est", "2020-07-09T18:40:00"),  # a word, not a time zone
    ],
)
def test_datetime_keeps_its_offset(line, stamp):
    assert find_date(line, REF).datetime == stamp


@pytest.mark.parametrize(
    "line", ["2 hours ago", "Hier à 19:20", "dnes 08:23", "11:09, сьогодні", "Updated yesterday"]
)
def test_no_relative_dates(line):
    assert find_date(line, REF) is None
    assert scan([line], REF) == []


def test_window_is_the_reference_date():
    assert find_date("March 3, 2024", dt.date(2024, 3, 1)) is None
    assert find_date("March 3, 2024", dt.date(2024, 3, 5)).date == "2024-03-03"
    assert find_date("March 3, 1994", REF) is None


@pytest.mark.parametrize(
    ("lines", "day"),
    [
        (["13/01/2020", "05/02/2020"], "2020-02-05"),  # the document writes the day first
        (["01/13/2020", "05/02/2020"], "2020-05-02"),  # ... or the month first
        (["March 5, 2020", "05/02/2020"], "2020-05-02"),  # English month first
        (["5 March 2020", "05/02/2020"], "2020-02-05"),  # English day first
        (["5 de marzo de 2020", "05/02/2020"], "2020-02-05"),  # Spanish: CLDR says d/M/y
        (["05/02/2020"], "2020-02-05"),  # nothing to go by: day first
    ],
)
def test_numeric_order_follows_the_document(lines, day):
    assert scan(lines, REF)[-1].hit.date == day


# --- picking the article's date in a dump ----------------------------------------

PROSE = (
    "The council approved the budget on Tuesday after a long debate in which members of every "
    "party spoke, and the mayor said the vote showed the city could still agree on hard things."
)


def _dump(*top: str, bottom: tuple[str, ...] = ()) -> str:
    return "\n".join(["Home", "News", "Budget passes", *top, PROSE, PROSE, PROSE, *bottom])


def test_published_beats_updated_on_one_line():
    doc = clean(_dump("April 21, 2020 at 5:52 pm Updated April 22, 2020 at 7:07 am"))
    assert (doc.date, doc.datetime) == ("2020-04-21", "2020-04-21T17:52:00")


def test_published_label_beats_an_unlabelled_date():
    top = ("Posted: 5 March 2024 · Ann Lee", "Share", "Tweet", "Email", "Print", "Save", "Comment")
    assert clean(_dump(*top, "Lifestyle 3 March 2024")).date == "2024-03-05"


def test_copyright_date_never_wins():
    assert clean(_dump("© January 5, 2020 Example News")).date is None
    assert clean(_dump("Copyright 1 May 2019 Example Inc.")).date is None


def test_related_list_date_never_wins():
    related = ("Related", "May 1, 2024", "Storm hits", "May 2, 2024", "Fire out", "May 3, 2024")
    assert clean(_dump(bottom=related)).date is None
    assert clean(_dump("By Ann Lee | April 30, 2024", bottom=related)).date == "2024-04-30"


def test_date_inside_a_short_line_above_the_article():
    assert clean(_dump("Yahoo News Australia28 October 2020")).date == "2020-10-28"


def test_date_told_in_prose_or_an_embedded_post_does_not_win():
    assert clean(_dump("— Daniel Dale (@ddale8) January 1, 2020")).date is None
    told = "The mayor first proposed the plan on May 20, 2020 in a speech to the whole council."
    assert clean(_dump(told)).date is None


# --- HTML -------------------------------------------------------------------------

PAGE = (
    "<html><head><title>Budget passes</title>{meta}</head><body><article><h1>Budget passes</h1>"
    f"<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
)


def test_html_date_from_the_original_page():
    meta = '<meta property="article:published_time" content="2020-03-23T10:00:00+00:00">'
    assert date_from_html(PAGE.format(meta=meta), reference=REF).date == "2020-03-23"


def test_html_date_falls_back_to_the_text_then_the_url():
    page = PAGE.format(meta="")
    assert date_from_html(page, reference=REF) is None
    assert date_from_html(page, reference=REF, text_lines=["March 22, 2020"]).date == "2020-03-22"
    url = "https://example.com/news/2020/03/23/budget-passes/"
    assert date_from_html(page, url, REF).date == "2020-03-23"
    assert clean(page, url=url, kind="html", reference=REF).date == "2020-03-23"


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Mark Hicks, The Detroit News Published 7:40 p.m. ET March 17, 2020", "published"),
        ("Updated: Wednesday, February 4, 2026 at 3:15 pm GMT", "updated"),
        ("Veröffentlicht am 4. Februar 2026", "published"),
        ("Sports 4 February 2026", None),
    ],
)
def test_labels_across_weekdays_and_times(line, label):
    assert scan([line], REF)[0].label == label


def test_the_chosen_date_leaves_the_body_unless_told_in_prose():
    byline = "Christian Weisflog 15.06.2020, 12.11 Uhr"
    doc = clean("\n".join(["Budget passes", PROSE, byline, PROSE, PROSE]))
    assert (doc.date, doc.datetime) == ("2020-06-15", "2020-06-15T12:11:00")
    assert "Weisflog" not in doc.text
    told = f"{PROSE[:-1]}, the mayor said on 15 June 2020 before the vote."
    doc = clean("\n".join(["Budget passes", told, PROSE, PROSE]))
    assert "15 June 2020" in doc.text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from("0123456789 ./-:,年月日Mayjuniمارس©@"), max_size=40))
)
def test_scan_never_fails_and_stays_in_the_window(lines):
    for candidate in scan(lines, REF):
        assert "1995-01-01" <= candidate.hit.date <= "2026-11-23"


def test_dump_date_from_the_url_only_when_the_text_has_none():
    url = "https://example.com/news/2020/03/23/budget-passes/"
    assert clean(_dump(), url=url, reference=REF).date == "2020-03-23"
    assert clean(_dump(), reference=REF).date is None
    assert clean(_dump("March 22, 2020"), url=url, reference=REF).date == "2020-03-22"
    assert clean(_dump(), url="https://example.com/2031/01/02/x", reference=REF).date is None


RELATIVE_PAGE = [
    "Home",
    "News",
    "Today",
    "Council approves the budget",
    "{dateline}",
    "The city council approved the new budget on Monday after a long debate about how much "
    "money should go to public transport and to the repair of old schools in the city.",
    "Council members said the plan would be reviewed again in the spring, when the first "
    "figures on the new bus lines are expected to be published by the city.",
]


@pytest.mark.parametrize(
    ("dateline", "day"),
    [
        ("3 hours ago", "2024-03-05"),
        ("Posted 2 days ago", "2024-03-03"),
        ("vor 3 Tagen", "2024-03-02"),
        ("il y a 2 jours", "2024-03-03"),
        ("Hier à 19:20", "2024-03-04"),
        ("сегодня в 20:12", "2024-03-05"),
        ("Yesterday", None),  # a relative word with no time may be a menu item: not read
    ],
)
def test_relative_datelines_count_back_from_a_given_reference(dateline, day):
    text = "\n".join(RELATIVE_PAGE).replace("{dateline}", dateline)
    doc = clean(text, kind="text", reference=dt.date(2024, 3, 5))
    assert doc.date == day
    if day:
        assert dateline not in doc.text
    assert clean(text, kind="text").date is None  # no reference, no guess


_DAYS = st.sampled_from(["5", "05", "12", "31", "1st", "3rd"])
_MONTHS = st.sampled_from(["March", "mars", "Feb.", "3", "03", "12", "月"])
_YEARS = st.sampled_from(["2020", "1999", "2021"])
_GLUE = st.sampled_from(["", " ", ", ", ".", "/", "-", " de ", " of ", "年", "T", " at "])
_NOISE = st.sampled_from(["Published", "x", "10:30", "pm", "GMT", "+02:00", "on", "2020", "7"])


@st.composite
def _date_lines(draw) -> str:
    """Text around day, month and year in any order, joined by what dates are joined by."""
    parts = [draw(_DAYS), draw(_MONTHS), draw(_YEARS)]
    order = draw(st.permutations(parts))
    glued = order[0] + draw(_GLUE) + order[1] + draw(_GLUE) + order[2]
    before = draw(st.lists(_NOISE, max_size=4))
    after = draw(st.lists(_NOISE, max_size=4))
    return " ".join([*before, glued, *after])


@settings(max_examples=500, deadline=None)
@given(_date_lines())
def test_dates_found_near_years_with_the_shapes_a_line_needs_are_all_the_dates(line):
    """Searching each shape only from just before a line's first year, and only in lines
    holding what the shape needs, finds what every shape searched everywhere finds."""
    from cleaner import dates

    everywhere = sorted(
        (m.start(), -m.end()) for shape in dates._shapes() for m in shape.pattern.finditer(line)
    )
    expected: list[tuple[int, int]] = []
    for start, neg_end in everywhere:  # overlaps resolved to the earliest, as _matches does
        if not expected or start >= expected[-1][1]:
            expected.append((start, -neg_end))
    assert [(m.start, m.end) for m in dates._matches(line)] == expected


@pytest.mark.parametrize(
    ("stated", "day", "stamp"),
    [
        ("2021-07-09T22:15:00-07:00", "2021-07-09", "2021-07-09T22:15:00-07:00"),
        ("2021-07-09T22:15:00.000Z", "2021-07-09", "2021-07-09T22:15:00+00:00"),
        ("2021-07-09T22:15:30+0530", "2021-07-09", "2021-07-09T22:15:30+05:30"),
        ("2021-07-09 22:15", "2021-07-09", "2021-07-09T22:15:00"),
        ("2021-07-09", "2021-07-09", None),
    ],
)
def test_stated_time_is_read_as_written_in_its_offset(stated, day, stamp):
    from cleaner.dates import stated_time

    hit = stated_time(stated)
    assert hit is not None
    assert (hit.date, hit.datetime) == (day, stamp)


@pytest.mark.parametrize("stated", ["", "soon", "2021-13-40T10:00:00Z", "1890-01-01T10:00:00Z"])
def test_stated_time_refuses_what_is_not_a_plausible_time(stated):
    from cleaner.dates import stated_time

    assert stated_time(stated) is None
    assert stated_time("2031-01-01T10:00:00Z", reference=dt.date(2030, 1, 1)) is None


def test_a_stated_time_wins_over_htmldate_and_keeps_its_offset():
    html = (
        '<html><head><meta property="article:published_time" content="2022-01-31T23:50:00-05:00">'
        "</head><body><p>Posted February 1, 2022</p></body></html>"
    )
    hit = date_from_html(html, stated=["2022-01-31T23:50:00-05:00"])
    assert hit is not None and (hit.date, hit.datetime) == (
        "2022-01-31",
        "2022-01-31T23:50:00-05:00",
    )


def test_a_utc_stamp_beside_the_same_instant_in_a_local_offset_gives_the_local_day():
    hit = date_from_html(
        "<html><body><p>x</p></body></html>",
        stated=["2021-05-31T22:30:00Z", "2021-06-01T00:30:00+02:00"],
    )
    assert hit is not None and (hit.date, hit.datetime) == (
        "2021-06-01",
        "2021-06-01T00:30:00+02:00",
    )


def test_a_copyright_year_is_not_a_publication_date():
    """htmldate's extensive search falls back on a copyright line's year as its 1 January:
    nothing on such a page states a day, so no date is invented."""
    page = (
        "<html><body><article><p>The ferry timetable changes with the seasons, and the "
        "office posts each new one at the pier a week before it starts.</p></article>"
        "<footer>Copyright 2024 Harbour Office</footer></body></html>"
    )
    assert date_from_html(page) is None
    stated = page.replace("<article>", "<article><p>Posted on January 1, 2024</p>")
    found = date_from_html(stated)
    assert found is not None and found.date == "2024-01-01"


def test_the_html_search_reads_written_dates_itself_and_leaves_htmldate_as_it_was(monkeypatch):
    """htmldate's extensive search hands a written date it cannot read to dateparser,
    which compiles every locale's patterns on first use; inside `date_from_html` the
    date finder here reads it, and any other caller of htmldate keeps dateparser."""
    import dateparser
    import htmldate

    calls = []

    def dateparser_called(self, *args, **kwargs):
        calls.append(args)
        return {"date_obj": None}

    monkeypatch.setattr(dateparser.DateDataParser, "get_date_data", dateparser_called)
    page = (
        "<html><body><article><p>La oficina del puerto cambia el horario del ferry con cada "
        "estación y lo publica una semana antes.</p><p>/ sábado 14 de marzo de 2020</p>"
        "</article></body></html>"
    )
    found = date_from_html(page, reference=REF)
    assert found is not None and found.date == "2020-03-14"
    assert calls == []
    htmldate.find_date(page.replace("2020", "2019"), extensive_search=True)
    assert calls


def _matches_searched_everywhere(text: str) -> list[tuple[int, int, dict]]:
    """`dates._matches` as it was: every shape searched from the start of the line."""
    from cleaner import dates

    found = [
        (m.start(), m.end(), m.groupdict())
        for shape in dates._shapes()
        for m in shape.pattern.finditer(text)
    ]
    found.sort(key=lambda m: (m[0], -m[1]))
    kept: list[tuple[int, int, dict]] = []
    for match in found:
        if not kept or match[0] >= kept[-1][1]:
            kept.append(match)
    return kept


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["2020", "1999", "19", "20", "05", "7", "-", ".", "/", " ", "年", "May", "mai", ":30"]
        ),
        max_size=14,
    )
)
def test_a_shape_that_starts_with_its_year_is_tried_at_the_years_alone(pieces):
    from cleaner import dates

    text = "".join(pieces)
    assert [(m.start, m.end, m.groups) for m in dates._matches(text)] == (
        _matches_searched_everywhere(text)
    )


def test_alternation_with_its_initials_matches_as_the_names_do():
    """The lookahead on the names' first characters leaves every match as it was, with
    IGNORECASE too: the name, its other case, and no other word."""
    names = ["mai", "märz", "ſept", "ıyun", "ß", "май"]
    pattern = re.compile(rf"(?:{_alternation(names)})$", re.IGNORECASE)
    plain = re.compile("(?:" + "|".join(map(re.escape, names)) + ")$", re.IGNORECASE)
    for word in [*names, "MAI", "MÄRZ", "SEPT", "Sept", "IYUN", "ẞ", "МАЙ", "may", "ma", "ai"]:
        assert bool(pattern.match(word)) == bool(plain.match(word)), word
    assert _alternation(["", "a"]) == "(?:a)?"  # may match nothing: no first character to test


def test_a_dumps_datelines_are_read_as_each_line_alone():
    lines = [
        "Published February 4, 2026",
        "",
        "The council met on 4 February 2026 to vote on the plan for the new bridge.",
        "Updated: 11.02.2020, 17:29 Uhr",
        "2026",
        "By Jane Doe, 5 February 2026",
        "No date here",
    ]
    found = scan_dump(lines, REF)
    assert found.candidates == scan(lines, REF)
    for i, line in enumerate(lines):
        assert found.dateline(i) == parse_dateline(line, REF), line
