"""The language of a dump: stop lists for most languages, letters for CJK and RTL scripts."""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.lang import STOPLIST_CODES, language, script_language

PROSE = {
    "en": "The council said that the new bridge would be open to traffic by the end of the month.",
    "de": "Der Rat sagte, dass die neue Brücke bis zum Ende des Monats für den Verkehr offen sei.",
    "fr": "Le conseil a dit que le nouveau pont serait ouvert à la circulation à la fin du mois.",
    "es": "El consejo dijo el lunes que el nuevo puente estará abierto al tráfico a finales "
    "del mes. Los vecinos llevaban años pidiendo el puente, porque el viaje al trabajo en barco "
    "les costaba más de una hora. En verano también se terminará un carril para bicicletas.",
}


@pytest.mark.parametrize("code", sorted(PROSE))
def test_stop_lists_name_latin_languages(code):
    assert language([PROSE[code]] * 3) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("新しい橋は月末までに開通する予定だと市議会は発表しました。", "ja"),
        ("市议会表示，新桥将在月底前通车，居民对此表示欢迎。", "zh"),
        ("시의회는 새 다리가 이달 말까지 개통될 것이라고 밝혔습니다.", "ko"),
        ("قال المجلس إن الجسر الجديد سيفتح أمام حركة المرور بحلول نهاية الشهر.", "ar"),
        ("شورا گفت که پل جدید تا پایان ماه برای ترافیک باز خواهد شد.", "fa"),
        ("کونسل نے کہا کہ نیا پل مہینے کے آخر تک ٹریفک کے لیے کھول دیا جائے گا۔", "ur"),
        ("המועצה אמרה שהגשר החדש ייפתח לתנועה עד סוף החודש.", "he"),
    ],
)
def test_scripts_name_cjk_and_right_to_left_languages(text, code):
    assert script_language(text) == code
    assert language([text] * 4) == code


def test_latin_text_has_no_script_language():
    assert script_language(PROSE["en"]) is None


def test_no_words_no_language():
    assert language([]) is None
    assert language(["12 34 56", "—"]) is None


def test_every_stop_list_has_a_code():
    import justext

    assert set(justext.get_stoplists()) <= set(STOPLIST_CODES)


def test_dump_gets_lang_canonical_input_keeps_its_header():
    dump = "\n\n".join(
        [
            "Der Rat sagte am Montag, dass die neue Brücke bis zum Ende des Monats für den Verkehr "
            "offen sei und die Fähre dann nicht mehr fahren werde.",
            "Die Anwohner hatten lange auf die Brücke gewartet, weil der Weg zur Arbeit mit der "
            "Fähre oft mehr als eine Stunde gedauert hat.",
            "Im Sommer soll auch ein Radweg fertig werden, der an der Brücke beginnt und bis in "
            "die Altstadt führt, wie die Stadt mitteilte.",
        ]
    )
    doc = clean(dump, kind="text")
    assert doc.lang == "de"
    canonical = doc.to_canonical()
    assert clean(canonical).to_canonical() == canonical
    without = "---\ntitle: Brücke\n---\n" + PROSE["de"] + "\n"
    assert clean(without).lang is None  # canonical input is read as written
