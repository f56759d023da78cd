"""SMS rendering, keywords and numbers: what a phone receives and what it costs."""

from __future__ import annotations

import pytest

from connectors.sms import keywords, numbers, render
from connectors.sms.keywords import Keyword, Text

# -- segment counting (GSM 03.38 and UCS-2 as networks bill them) -------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("a" * 160, "gsm7", 1),
        ("a" * 161, "gsm7", 2),
        ("a" * 306, "gsm7", 2),
        ("a" * 307, "gsm7", 3),
        ("€" * 80, "gsm7", 1),  # extension characters take two septets
        ("€" * 81, "gsm7", 2),
        ("é" * 160, "gsm7", 1),  # é is in the GSM alphabet
        ("ب" * 70, "ucs2", 1),
        ("ب" * 71, "ucs2", 2),
        ("ب" * 134, "ucs2", 2),
        ("ب" * 135, "ucs2", 3),
        ("ê" + "a" * 69, "ucs2", 1),  # one non-GSM letter makes the whole message UCS-2
        ("ê" + "a" * 70, "ucs2", 2),
    ],
)
def test_segments_are_counted_as_the_network_bills_them(text: str, encoding: str, segments: int) -> None:
    measured = render.measure(text)
    assert (measured.encoding, measured.segments) == (encoding, segments)


# -- GSM-7-safe text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("It’s “great” – really…", 'It\'s "great" - really...'),
        ("Très bien, à bientôt, garçon", "Très bien, à bientot, garcon"),  # è à stay, ô ç lose accents
        ("Formação em São Tomé", "Formacao em Sao Tomé"),
        ("Señor Müller, ¿qué tal? Éxito", "Señor Müller, ¿qué tal? Éxito"),  # all in GSM-7 already
        ("información útil", "informacion util"),
        ("Good news 👍🏽 for you 🎉", "Good news for you "),
        ("N° 5 «cœur»", 'No 5 "coeur"'),
        ("a\u00a0b", "a b"),
    ],
)
def test_latin_text_is_made_gsm7_safe_keeping_its_meaning(written: str, sent: str) -> None:
    safe = render.gsm_safe(written)
    assert safe == sent
    assert render.measure(safe).encoding == "gsm7"


def test_arabic_is_never_changed_except_for_emoji() -> None:
    arabic = "مرحبًا، هل تبحث عن عمل؟ «سائق» – نعم"
    assert render.gsm_safe(arabic) == arabic
    assert render.gsm_safe(arabic + " 👍") == arabic + " "
    assert render.measure(arabic).encoding == "ucs2"


def test_a_script_gsm7_lacks_keeps_the_text_as_written() -> None:
    # Cyrillic cannot be made GSM-7: the accents elsewhere are kept, since UCS-2 is paid anyway.
    assert render.gsm_safe("Привет, ça va") == "Привет, ça va"


# -- markup ---------------------------------------------------------------------------------


def test_link_markup_is_dropped_and_bare_urls_kept() -> None:
    text = (
        "**Driver** at [Acme Ltd](https://acme.example/jobs/42)\n\n"
        "Apply: https://jobs.example.org/v/42\n"
        "Site: [jobs.example.org](https://jobs.example.org)\n"
        "<a href='https://x.example'>Read more</a><br>Thanks"
    )
    assert render.plain_text(text) == (
        "Driver at Acme Ltd\nApply: https://jobs.example.org/v/42\n"
        "Site: https://jobs.example.org\nRead more\nThanks"
    )


def test_underscores_and_asterisks_that_are_not_markup_survive() -> None:
    assert render.plain_text("ref job_id_42 costs 2*3") == "ref job_id_42 costs 2*3"


# -- options ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "language", "hint"),
    [
        (1, "en", "Reply 1"),
        (2, "en", "Reply 1 or 2"),
        (3, "en", "Reply 1, 2 or 3"),
        (3, "fr", "Répondez 1, 2 ou 3"),
        (3, "es", "Responda 1, 2 o 3"),
        (3, "pt", "Responda 1, 2 ou 3"),
        (3, "sw", "Jibu 1, 2 au 3"),
        (3, "ar", "أرسل 1 أو 2 أو 3"),
        (6, "en", "Reply a number from 1 to 6"),
        (3, None, "Reply 1, 2 or 3"),
        (3, "de", "Reply 1, 2 or 3"),
    ],
)
def test_reply_hint_in_the_conversation_language(count: int, language: str | None, hint: str) -> None:
    assert keywords.reply_hint(count, language) == hint


def test_buttons_become_a_numbered_list_with_a_hint() -> None:
    message = {
        "text": "Do you want to register?",
        "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
    }
    assert render.render_message(message, "en") == ["Do you want to register?\n1. Yes\n2. No\nReply 1 or 2"]


def test_quick_replies_are_options_too() -> None:
    message = {"text": "Which?", "quick_replies": [{"title": "A", "payload": "a"}]}
    assert render.render_message(message, "sw") == ["Which?\n1. A\nJibu 1"]


def test_a_message_without_text_or_options_sends_nothing() -> None:
    assert render.render_message({"image": "https://x.example/a.png"}, "en") == []


# -- the segment budget -------------------------------------------------------------------


def _words(count: int, word: str = "vacancy") -> str:
    return " ".join(f"{word}{i}" for i in range(count))


def test_a_short_reply_is_one_sms() -> None:
    assert render.compose("Hello") == ["Hello"]


def test_a_long_reply_is_split_at_lines_into_sms_of_at_most_two_segments() -> None:
    lines = [
        f"{i}. Driver, Mombasa, KES 30,000 a month, apply by 12 March at the county office"
        for i in range(1, 9)
    ]
    sms = render.compose("\n".join(lines))
    assert len(sms) > 1
    assert all(render.segments(s) <= render.BUDGET_SEGMENTS for s in sms)
    # Every line arrives whole, in order.
    assert "\n".join(sms).split("\n") == lines


def test_a_long_line_is_split_between_words_never_inside_one() -> None:
    text = _words(120)
    sms = render.compose(text)
    assert len(sms) > 1
    assert all(render.segments(s) <= render.BUDGET_SEGMENTS for s in sms)
    assert " ".join(sms).split(" ") == text.split(" ")


def test_arabic_budget_uses_ucs2_segments() -> None:
    line = "وظيفة سائق في مومباسا براتب جيد"  # 31 characters
    sms = render.compose("\n".join([line] * 8))
    assert all(render.measure(s).encoding == "ucs2" and render.segments(s) <= 2 for s in sms)
    assert len(sms) == 2  # 4 lines (127 units) fit 2 segments of 67, 5 do not


def test_question_and_options_stay_together_up_to_three_segments() -> None:
    question = "Tell us which of these describes you best. " * 6  # about 260 characters
    options = render.options_block(["Working", "Looking for work", "Studying"], "en")
    sms = render.compose(question.strip(), options)
    assert len(sms) == 1
    assert render.segments(sms[0]) == 3
    assert sms[0].endswith("Reply 1, 2 or 3")


def test_options_go_with_the_last_part_of_a_very_long_question() -> None:
    question = "\n".join(f"Line {i}: " + _words(12, "word") for i in range(12))
    options = render.options_block(["Yes", "No"], "en")
    sms = render.compose(question, options)
    assert len(sms) > 2
    assert sms[-1].endswith("1. Yes\n2. No\nReply 1 or 2")
    assert all(render.segments(s) <= render.MAX_SEGMENTS for s in sms)
    assert all(render.segments(s) <= render.BUDGET_SEGMENTS for s in sms[:-1])


def test_the_messages_of_a_turn_are_joined_within_the_budget() -> None:
    short, question = "Thank you.", "What is your date of birth?"
    long = "x" * 300  # two segments on its own
    assert render.merge([short, question]) == [f"{short}\n{question}"]
    assert render.merge([short, long, question]) == [short, long, question]
    assert render.merge([]) == []
    assert all(render.segments(s) <= 2 for s in render.merge([short] * 40))


def test_composed_latin_text_is_gsm_safe() -> None:
    [sms] = render.compose("Formação “rápida”")
    assert sms == 'Formacao "rapida"'
    assert render.measure(sms).encoding == "gsm7"


# -- keywords -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "keyword", "languages"),
    [
        ("STOP", Keyword.STOP, ("en", "fr", "es", "pt", "sw")),
        (" stop! ", Keyword.STOP, ("en", "fr", "es", "pt", "sw")),
        ("Unsubscribe", Keyword.STOP, ("en",)),
        ("ARRÊT", Keyword.STOP, ("fr",)),
        ("arret", Keyword.STOP, ("fr",)),
        ("Parar", Keyword.STOP, ("es", "pt")),
        ("acha", Keyword.STOP, ("sw",)),
        ("توقف", Keyword.STOP, ("ar",)),
        ("توقّف", Keyword.STOP, ("ar",)),  # with a shadda
        ("إيقاف", Keyword.STOP, ("ar",)),
        ("START", Keyword.START, ("en", "fr", "es", "pt", "sw")),
        ("Anza", Keyword.START, ("sw",)),
        ("COMMENCER", Keyword.START, ("fr",)),
        ("Début", Keyword.START, ("fr",)),
        ("empezar", Keyword.START, ("es",)),
        ("Começar", Keyword.START, ("pt",)),
        ("ابدأ", Keyword.START, ("ar",)),
        ("HELP", Keyword.HELP, ("en", "fr", "es", "pt", "sw")),
        ("Aide", Keyword.HELP, ("fr",)),
        ("AYUDA", Keyword.HELP, ("es",)),
        ("ajuda", Keyword.HELP, ("pt",)),
        ("Msaada", Keyword.HELP, ("sw",)),
        ("مساعدة", Keyword.HELP, ("ar",)),
    ],
)
def test_keywords_in_every_language(written: str, keyword: Keyword, languages: tuple[str, ...]) -> None:
    found = keywords.match(written)
    assert found is not None
    assert (found.keyword, found.languages) == (keyword, languages)


@pytest.mark.parametrize(
    "written", ["stop sending me jobs", "please help me find work", "starter", "", "2", "stopp"]
)
def test_a_keyword_only_counts_as_the_whole_message(written: str) -> None:
    assert keywords.match(written) is None


def test_a_shared_keyword_answers_in_the_conversation_language() -> None:
    found = keywords.match("STOP")
    assert found is not None
    assert found.language("fr", None) == "fr"
    assert found.language("ar", None) == "en"  # STOP is not an Arabic word: its own language
    parar = keywords.match("PARAR")
    assert parar is not None
    assert parar.language(None, "pt") == "pt"
    assert parar.language(None, None) == "es"


@pytest.mark.parametrize("which", list(Text))
@pytest.mark.parametrize("language", keywords.LANGUAGES)
def test_channel_texts_fit_one_sms(which: Text, language: str) -> None:
    sms = render.compose(keywords.text(which, language))
    assert len(sms) == 1
    measured = render.measure(sms[0])
    assert measured.segments == 1
    assert measured.encoding == ("ucs2" if language == "ar" else "gsm7")


@pytest.mark.parametrize("language", keywords.LANGUAGES)
def test_opt_out_and_help_texts_say_how_to_undo(language: str) -> None:
    start_words = {
        "en": "START",
        "fr": "COMMENCER",
        "es": "EMPEZAR",
        "pt": "COMECAR",
        "sw": "ANZA",
        "ar": "ابدأ",
    }
    stop_words = {"en": "STOP", "fr": "ARRET", "es": "PARAR", "pt": "PARAR", "sw": "ACHA", "ar": "توقف"}
    assert start_words[language] in keywords.text(Text.STOPPED, language)
    assert stop_words[language] in keywords.text(Text.HELP, language)
    # The word the text tells her to send really is the keyword.
    found = keywords.match(start_words[language])
    assert found is not None and found.keyword is Keyword.START


# -- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+254711223344", "+254711223344"),
        ("254711223344", "+254711223344"),
        ("00254711223344", "+254711223344"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+2547112", None),
        ("not a number", None),
        ("whatsapp:+254711223344", None),
        ("", None),
    ],
)
def test_senders_are_normalised_to_e164(raw: str, e164: str | None) -> None:
    assert numbers.to_e164(raw) == e164


@pytest.mark.parametrize(
    ("e164", "language"),
    [
        ("+33612345678", "fr"),
        ("+34612345678", "es"),
        ("+351912345678", "pt"),
        ("+255712345678", "sw"),
        ("+966512345678", "ar"),
        ("+254711223344", None),  # Kenya: English and Kiswahili, no guess
        ("+212612345678", None),  # Morocco: Arabic and French
    ],
)
def test_language_hint_only_where_the_country_is_clearly_one_language(
    e164: str, language: str | None
) -> None:
    assert numbers.language_hint(e164) == language


def test_numbered_button_titles_are_not_numbered_twice() -> None:
    buttons = [{"title": "New search", "payload": "/a"}, {"title": "1. Cook", "payload": "/b"}]
    message = {"text": "1. Cook - Eatery, Kisumu", "buttons": buttons}
    assert render.option_titles(message) == ["New search", "Cook"]
