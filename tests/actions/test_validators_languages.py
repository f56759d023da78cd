"""Registration and search answers in the assistant's six languages.

Tables of realistic answers per language and parser, as young people type them on
phones (no accents, abbreviations, Sheng, dialects, Arabizi, Arabic-Indic digits),
and collision cases: words of one language that must not be read as another's.
"""

from __future__ import annotations

from datetime import date

import pytest
import test_registration_support  # noqa: F401  (puts the repo root on sys.path)

from actions.eligibility import parse_education as eligibility_education
from actions.lexicon import LEXICONS
from actions.search_common import is_anywhere, pick_item, said_anywhere
from actions.training import parse_mode
from actions.validators import (
    SKIPPED,
    InvalidAnswer,
    field_mentioned,
    fold,
    is_skip,
    match_town,
    parse_birth_date,
    parse_date,
    parse_disability,
    parse_education,
    parse_experience,
    parse_gender,
    parse_month_year,
    parse_name,
    parse_phone,
    parse_status,
)

TODAY = date(2026, 11, 25)


# --- fold -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),  # Arabic-Indic digits
        ("۱۲۳", "123"),  # Persian digits
        ("مُحَمَّد", "محمد"),  # tashkeel
        ("شـــغـل", "شغل"),  # tatweel
        ("أإآا", "اااا"),  # hamza and madda forms
        ("مدرسة", "مدرسه"),  # taa marbuta
        ("على", "علي"),  # alef maqsura
        ("Je m’appelle Aïcha", "je m'appelle aicha"),  # curly apostrophe, accents
        ("  ÉCOLE   Primaire ", "ecole primaire"),
    ],
)
def test_fold_evens_out_what_phones_type(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_every_language_has_words_for_every_parser() -> None:
    for code in ("fr", "es", "pt", "sw", "ar"):
        lex = LEXICONS[code]
        for name in ("months", "numbers", "units", "periods", "name_leads", "town_leads", "education"):
            assert getattr(lex, name), f"{code}: {name} is empty"
        for name in ("statuses", "genders", "skip", "yes", "no", "no_experience", "fields", "anywhere"):
            assert getattr(lex, name), f"{code}: {name} is empty"
        assert set(lex.statuses) == {"inactive", "unemployed", "self_employed", "student", "employed"}


# --- Dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # French
        ("12 mars 2001", date(2001, 3, 12)),
        ("le 1er mars 2001", date(2001, 3, 1)),
        ("5 fev 2002", date(2002, 2, 5)),
        ("12 août 2001", date(2001, 8, 12)),
        ("12 aout 2001", date(2001, 8, 12)),
        ("3 janv. 1999", date(1999, 1, 3)),
        ("25 décembre 2000", date(2000, 12, 25)),
        # Spanish
        ("5 de marzo de 2001", date(2001, 3, 5)),
        ("5 de marzo del 2001", date(2001, 3, 5)),
        ("3 dic 1999", date(1999, 12, 3)),
        ("14 de setiembre de 2004", date(2004, 9, 14)),
        ("12 ago 2001", date(2001, 8, 12)),
        # Portuguese
        ("1º de março de 2001", date(2001, 3, 1)),
        ("5 de marco de 2001", date(2001, 3, 5)),
        ("3 dez 1999", date(1999, 12, 3)),
        ("12 out 2001", date(2001, 10, 12)),
        # Swahili
        ("tarehe 5 Machi 2001", date(2001, 3, 5)),
        ("5 Julai, 2003", date(2003, 7, 5)),
        ("12 Desemba 2000", date(2000, 12, 12)),
        ("tarehe 5 mwezi wa tatu 2001", date(2001, 3, 5)),
        ("5 ya Agosti 2002", date(2002, 8, 5)),
        # Arabic: Egyptian/Gulf, Levantine and Maghrebi month names, Arabic-Indic digits
        ("5 مارس 2001", date(2001, 3, 5)),
        ("٥ مارس ٢٠٠١", date(2001, 3, 5)),
        ("5 مِن مارس 2001", date(2001, 3, 5)),
        ("5 آذار 2001", date(2001, 3, 5)),
        ("12 كانون الثاني 2000", date(2000, 1, 12)),
        ("5 تشرين الأول 2001", date(2001, 10, 5)),
        ("15 جوان 2000", date(2000, 6, 15)),
        ("15 يونيو 2000م", date(2000, 6, 15)),
        ("5 شهر 3 2001", date(2001, 3, 5)),
        ("٢٠٠١/٣/٥", date(2001, 3, 5)),
    ],
)
def test_dates_in_every_language(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["hier", "ayer", "jana", "امبارح", "5 mwezi wa 13 2001", "31 février 2001"])
def test_unreadable_dates_in_other_languages_are_refused(text: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_date(text)


def test_birth_date_limits_apply_in_every_language() -> None:
    assert parse_birth_date("٢٥ نوفمبر ٢٠١١", TODAY) == date(2011, 11, 25)
    with pytest.raises(InvalidAnswer) as young:
        parse_birth_date("26 novembre 2011", TODAY)
    assert young.value.reason == "too_young"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Month and year, month alone, month of last or this year
        ("depuis mars 2024", "fr", date(2024, 3, 1)),
        ("marzo de 2024", "es", date(2024, 3, 1)),
        ("Machi 2024", "sw", date(2024, 3, 1)),
        ("مارس ٢٠٢٤", "ar", date(2024, 3, 1)),
        ("depuis mars", "fr", date(2026, 3, 1)),
        ("depuis le mois de mars", "fr", date(2026, 3, 1)),
        ("mars dernier", "fr", date(2026, 3, 1)),
        ("desde enero", "es", date(2026, 1, 1)),
        ("desde diciembre", "es", date(2025, 12, 1)),
        ("desde agosto", "es", date(2026, 8, 1)),
        ("tangu Januari", "sw", date(2026, 1, 1)),
        ("mwezi wa tatu", "sw", date(2026, 3, 1)),
        ("منذ كانون الثاني", "ar", date(2026, 1, 1)),
        ("من شهر 3", "ar", date(2026, 3, 1)),
        ("depuis janvier l'année dernière", "fr", date(2025, 1, 1)),
        ("juin cette année", "fr", date(2026, 6, 1)),
        ("enero del año pasado", "es", date(2025, 1, 1)),
        ("junio de este año", "es", date(2026, 6, 1)),
        ("janeiro do ano passado", "pt", date(2025, 1, 1)),
        ("Januari mwaka jana", "sw", date(2025, 1, 1)),
        ("يناير السنة الماضية", "ar", date(2025, 1, 1)),
        # Last year, last month
        ("depuis l'an dernier", "fr", date(2025, 11, 1)),
        ("desde el año pasado", "es", date(2025, 11, 1)),
        ("desde o ano passado", "pt", date(2025, 11, 1)),
        ("tangu mwaka jana", "sw", date(2025, 11, 1)),
        ("من السنة اللي فاتت", "ar", date(2025, 11, 1)),
        ("el mes pasado", "es", date(2026, 10, 1)),
        ("الشهر الماضي", "ar", date(2026, 10, 1)),
        # Durations: digits, number words, Swahili unit-first, Arabic duals
        ("il y a 8 mois", "fr", date(2026, 3, 1)),
        ("depuis huit mois", "fr", date(2026, 3, 1)),
        ("ça fait un an", "fr", date(2025, 11, 1)),
        ("ya 2 ans", "fr", date(2024, 11, 1)),
        ("depuis 2 ans et 6 mois", "fr", date(2024, 5, 1)),
        ("hace ocho meses", "es", date(2026, 3, 1)),
        ("desde hace un año", "es", date(2025, 11, 1)),
        ("há 8 meses", "pt", date(2026, 3, 1)),
        ("faz dois anos", "pt", date(2024, 11, 1)),
        ("miezi minane iliyopita", "sw", date(2026, 3, 1)),
        ("miaka miwili iliyopita", "sw", date(2024, 11, 1)),
        ("tangu miezi 8", "sw", date(2026, 3, 1)),
        ("منذ 8 أشهر", "ar", date(2026, 3, 1)),
        ("منذ ٨ شهور", "ar", date(2026, 3, 1)),
        ("منذ سنتين", "ar", date(2024, 11, 1)),
        ("من شهرين", "ar", date(2026, 9, 1)),
        ("منذ سنة", "ar", date(2025, 11, 1)),
        ("men 3 sneen", "ar", date(2023, 11, 1)),
        # English through the same tables
        ("since last june", "en", date(2026, 6, 1)),
        ("eighteen months", "en", date(2025, 5, 1)),
    ],
)
def test_status_since_in_every_language(text: str, lang: str, expected: date) -> None:
    assert parse_month_year(text, TODAY, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("dans 3 mois", "fr"),
        ("l'année prochaine", "fr"),
        ("el año que viene", "es"),
        ("en 3 meses", "es"),
        ("daqui a 2 meses", "pt"),
        ("mwaka ujao", "sw"),
        ("baada ya miezi 2", "sw"),
        ("بعد شهرين", "ar"),
        ("السنة الجاية", "ar"),
    ],
)
def test_future_months_are_refused_in_every_language(text: str, lang: str) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_month_year(text, TODAY, lang)
    assert refused.value.reason == "date_future"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("8", "fr"),
        ("oui", "fr"),
        ("ndio", "sw"),
        ("an", "fr"),  # a bare unit word is not a date
        ("ago", "es"),  # "ago" is August only next to a day or a year
        ("out", "pt"),  # "out" is October only next to a day or a year
        ("set", "pt"),
        ("des", "sw"),
        ("آب", "ar"),  # also "أب" (father) once folded
    ],
)
def test_month_year_refuses_what_is_not_a_month(text: str, lang: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_month_year(text, TODAY, lang)


# --- Name -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("je m'appelle Aïcha Diallo", "fr", "Aïcha Diallo"),
        ("Je m’appelle aïcha", "fr", "Aïcha"),
        ("jm'appelle kevin", "fr", "Kevin"),
        ("moi c'est Jean-Pierre", "fr", "Jean-Pierre"),
        ("me llamo María José", "es", "María José"),
        ("mi nombre es juan perez", "es", "Juan Perez"),
        ("soy Lucía", "es", "Lucía"),
        ("meu nome é João Silva", "pt", "João Silva"),
        ("me chamo Ana", "pt", "Ana"),
        ("naitwa Wanjiru Kamau", "sw", "Wanjiru Kamau"),
        ("jina langu ni amina", "sw", "Amina"),
        ("mimi ni Otieno", "sw", "Otieno"),
        ("اسمي محمد علي", "ar", "محمد علي"),
        ("أنا اسمي فاطمة", "ar", "فاطمة"),
        ("مُحَمَّد", "ar", "محمد"),
        ("ana ismi Karim", "ar", "Karim"),
        ("ana Karim", "ar", "Karim"),
    ],
)
def test_names_with_lead_words_in_every_language(text: str, lang: str, name: str) -> None:
    assert parse_name(text, lang) == name


@pytest.mark.parametrize(("text", "lang"), [("Ana Maria", None), ("Ana Maria", "pt"), ("Ana Karim", "es")])
def test_ana_is_a_name_outside_arabic(text: str, lang: str | None) -> None:
    assert parse_name(text, lang) == text


def test_phone_numbers_in_arabic_indic_digits() -> None:
    assert parse_phone("٠٧١٢٣٤٥٦٧٨") == "+254712345678"
    assert parse_phone("٢٥٤٧١٢٣٤٥٦٧٨") == "+254712345678"


# --- Towns ------------------------------------------------------------------------

TOWNS = ["Nakuru", "Mombasa", "Kisumu", "Nairobi", "Maputo", "Tunis", "القاهرة"]


@pytest.mark.parametrize(
    ("text", "lang", "town"),
    [
        ("j'habite à Nakuru", "fr", "Nakuru"),
        ("j habite a nakuru svp", "fr", "Nakuru"),
        ("je suis à Kisumu", "fr", "Kisumu"),
        ("vivo en Mombasa", "es", "Mombasa"),
        ("soy de Kisumu por favor", "es", "Kisumu"),
        ("moro em Maputo", "pt", "Maputo"),
        ("moro no Maputo", "pt", "Maputo"),
        ("naishi Nakuru", "sw", "Nakuru"),
        ("naishi mjini Kisumu", "sw", "Kisumu"),
        ("niko nairobi tafadhali", "sw", "Nairobi"),
        ("أسكن في القاهرة", "ar", "القاهرة"),
        ("ساكن في القاهره", "ar", "القاهرة"),
        ("ana sakin fi tunis", "ar", "Tunis"),
    ],
)
def test_towns_with_lead_words_in_every_language(text: str, lang: str, town: str) -> None:
    found = match_town(text, TOWNS, lang)
    assert found is not None and found.name == town and found.exact


# --- Education --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "level"),
    [
        # French school system
        ("primaire", "fr", 1),
        ("college", "fr", 2),
        ("brevet", "fr", 2),
        ("sans le bac", "fr", 2),
        ("j'ai le bac", "fr", 3),
        ("lycée", "fr", 3),
        ("CAP cuisine", "fr", 4),
        ("BTS", "fr", 5),
        ("bac+2", "fr", 5),
        ("bac + 3", "fr", 6),
        ("licence", "fr", 6),
        ("master 2", "fr", 7),
        ("doctorat", "fr", 8),
        ("jamais été à l'école", "fr", 0),
        # Spanish
        ("primaria", "es", 1),
        ("secundaria incompleta", "es", 2),
        ("terminé la eso", "es", 2),
        ("secundaria", "es", 3),
        ("bachillerato", "es", 3),
        ("formación profesional", "es", 4),
        ("técnico superior", "es", 5),
        ("universidad", "es", 6),
        ("maestria", "es", 7),
        ("doctorado", "es", 8),
        ("sin estudios", "es", 0),
        # Portuguese
        ("fundamental incompleto", "pt", 1),
        ("ensino fundamental", "pt", 2),
        ("ensino médio", "pt", 3),
        ("12a classe", "pt", 3),
        ("curso técnico", "pt", 4),
        ("faculdade", "pt", 6),
        ("ensino superior", "pt", 6),
        ("superior incompleto", "pt", 3),
        ("mestrado", "pt", 7),
        ("nunca estudei", "pt", 0),
        # Swahili
        ("shule ya msingi", "sw", 1),
        ("kidato cha pili", "sw", 2),
        ("kidato cha nne", "sw", 3),
        ("nimemaliza sekondari", "sw", 3),
        ("cheti", "sw", 4),
        ("chuo cha ufundi", "sw", 4),
        ("stashahada", "sw", 5),
        ("chuo", "sw", 5),
        ("chuo kikuu", "sw", 6),
        ("shahada", "sw", 6),
        ("sijasoma", "sw", 0),
        # Arabic, Egyptian and Levantine stages, North-African bac
        ("ابتدائي", "ar", 1),
        ("الإعدادية", "ar", 2),
        ("المرحلة المتوسطة", "ar", 2),
        ("ما كملت الثانوية", "ar", 2),
        ("ثانوية عامة", "ar", 3),
        ("التوجيهي", "ar", 3),
        ("البكالوريا", "ar", 3),
        ("bac", "ar", 3),
        ("تكوين مهني", "ar", 4),
        ("دبلوم", "ar", 5),
        ("معهد متوسط", "ar", 5),
        ("جامعة", "ar", 6),
        ("بكالوريوس", "ar", 6),
        ("ماجستير", "ar", 7),
        ("دكتوراه", "ar", 8),
        ("ما درست", "ar", 0),
    ],
)
def test_education_in_every_school_system(text: str, lang: str, level: int) -> None:
    assert parse_education(text, None, lang) == level


@pytest.mark.parametrize(
    ("text", "lang", "level"),
    [
        ("college", None, 5),  # English college (diploma), not French collège
        ("college", "en", 5),
        ("college", "sw", 5),
        ("collège", "fr", 2),
        ("bachelors degree", "fr", 6),
    ],
)
def test_college_means_what_the_conversation_language_means(text: str, lang: str | None, level: int) -> None:
    assert parse_education(text, None, lang) == level


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("driving licence", None),  # "licence" is a degree only in French
        ("I did these", None),  # "thèse" is a doctorate only in French
        ("eso", None),  # "ESO" is lower secondary only in Spanish
        ("cap", "en"),
    ],
)
def test_education_words_of_one_language_do_not_leak(text: str, lang: str | None) -> None:
    with pytest.raises(InvalidAnswer):
        parse_education(text, None, lang)


def test_eligibility_understands_school_words_of_every_language() -> None:
    assert eligibility_education("bac") == 3
    assert eligibility_education("sekondari") == 3
    assert eligibility_education("الثانوية") == 3
    assert eligibility_education("form 2") == 2  # its own English table still comes first
    assert eligibility_education("banana") is None


# --- Experience -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "years"),
    [
        ("3 ans", "fr", 3),
        ("trois ans", "fr", 3),
        ("un an et demi", "fr", 1),
        ("dix-huit mois", "fr", 1),
        ("dix huit mois", "fr", 1),
        ("2 ans et 6 mois", "fr", 2),
        ("six mois", "fr", 0),
        ("aucune", "fr", 0),
        ("pas d'expérience", "fr", 0),
        ("tres años", "es", 3),
        ("dos", "es", 2),
        ("once", "es", 11),
        ("ninguna", "es", 0),
        ("no tengo experiencia", "es", 0),
        ("um ano", "pt", 1),
        ("cinco anos", "pt", 5),
        ("nenhuma", "pt", 0),
        ("miaka mitatu", "sw", 3),
        ("miaka 2", "sw", 2),
        ("miezi sita", "sw", 0),
        ("kumi na mbili", "sw", 12),
        ("sina uzoefu", "sw", 0),
        ("ثلاث سنوات", "ar", 3),
        ("٣ سنوات", "ar", 3),
        ("سنتين", "ar", 2),
        ("خمسة", "ar", 5),
        ("ما عندي خبرة", "ar", 0),
        ("ma3andi 5ebra", "ar", 0),  # Arabizi digits are letters, not numbers
        ("3andi 2 sneen", "ar", 2),
        ("three months", "en", 0),
        ("2 years and 6 months", "en", 2),
    ],
)
def test_experience_in_every_language(text: str, lang: str, years: int) -> None:
    assert parse_experience(text, None, lang) == years


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("once", None),  # eleven only in Spanish
        ("um", None),  # one only in Portuguese
        ("trabalhei no mercado", "pt"),  # Portuguese "no" (in the) is not "no experience"
        ("21st", None),
    ],
)
def test_experience_collisions(text: str, lang: str | None) -> None:
    with pytest.raises(InvalidAnswer):
        parse_experience(text, None, lang)


# --- Work status ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "status"),
    [
        ("je suis au chômage", "fr", "unemployed"),
        ("jsuis sans emploi", "fr", "unemployed"),
        ("je ne travaille pas", "fr", "unemployed"),
        ("je travaille pas", "fr", "unemployed"),
        ("je cherche un emploi", "fr", "unemployed"),
        ("je travaille", "fr", "employed"),
        ("en CDI", "fr", "employed"),
        ("à mon compte", "fr", "self_employed"),
        ("auto-entrepreneur", "fr", "self_employed"),
        ("je suis étudiante", "fr", "student"),
        ("je ne cherche pas de travail", "fr", "inactive"),
        ("estoy desempleado", "es", "unemployed"),
        ("no tengo trabajo", "es", "unemployed"),
        ("necesito trabajo", "es", "unemployed"),
        ("trabajo en una tienda", "es", "employed"),
        ("trabajo por mi cuenta", "es", "self_employed"),
        ("soy estudiante", "es", "student"),
        ("ama de casa", "es", "inactive"),
        ("estou desempregado", "pt", "unemployed"),
        ("nao tenho emprego", "pt", "unemployed"),
        ("trabalho numa loja", "pt", "employed"),
        ("trabalho por conta própria", "pt", "self_employed"),
        ("sou estudante", "pt", "student"),
        ("aposentado", "pt", "inactive"),
        ("sina kazi", "sw", "unemployed"),
        ("natafuta kazi", "sw", "unemployed"),
        ("niko tarmac", "sw", "unemployed"),
        ("nimeajiriwa", "sw", "employed"),
        ("nafanya kazi", "sw", "employed"),
        ("najiajiri", "sw", "self_employed"),
        ("mimi ni mwanafunzi", "sw", "student"),
        ("عاطل عن العمل", "ar", "unemployed"),
        ("ما عندي شغل", "ar", "unemployed"),
        ("مش شغال", "ar", "unemployed"),
        ("بدي اشتغل", "ar", "unemployed"),
        ("3atel", "ar", "unemployed"),
        ("موظف", "ar", "employed"),
        ("أعمل في مطعم", "ar", "employed"),
        ("أعمل لحسابي", "ar", "self_employed"),
        ("طالب", "ar", "student"),
        ("طالبة جامعية", "ar", "student"),
        ("ana taleb", "ar", "student"),
        ("متقاعد", "ar", "inactive"),
    ],
)
def test_work_status_in_every_language(text: str, lang: str, status: str) -> None:
    assert parse_status(text, None, lang) == status


def test_work_status_without_a_conversation_language() -> None:
    """Eligibility reads stored answers without knowing the language."""
    assert parse_status("estou desempregado") == "unemployed"
    assert parse_status("عاطل عن العمل") == "unemployed"


# --- Gender, skipping, yes/no -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "gender"),
    [
        ("femme", "fr", "female"),
        ("je suis un homme", "fr", "male"),
        ("autre", "fr", "other"),
        ("mujer", "es", "female"),
        ("hombre", "es", "male"),
        ("no binario", "es", "other"),
        ("mulher", "pt", "female"),
        ("homem", "pt", "male"),
        ("mwanamke", "sw", "female"),
        ("mwanaume", "sw", "male"),
        ("demu", "sw", "female"),
        ("أنثى", "ar", "female"),
        ("ذكر", "ar", "male"),
        ("انا بنت", "ar", "female"),
        ("bent", "ar", "female"),
        ("I'm a woman", None, "female"),  # the "m" of "I'm" is not "m" for male
    ],
)
def test_gender_in_every_language(text: str, lang: str | None, gender: str) -> None:
    assert parse_gender(text, None, lang) == gender


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("passer", "fr"),
        ("je préfère ne pas dire", "fr"),
        ("saltar", "es"),
        ("prefiero no decir", "es"),
        ("pular", "pt"),
        ("prefiro não dizer", "pt"),
        ("ruka", "sw"),
        ("sitaki kusema", "sw"),
        ("تخطي", "ar"),
        ("لا أريد أن أقول", "ar"),
    ],
)
def test_skipping_in_every_language(text: str, lang: str) -> None:
    assert is_skip(text, lang)
    assert parse_gender(text, None, lang) == SKIPPED
    assert parse_disability(text, None, None, lang) == SKIPPED


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("oui", "fr", True),
        ("ouais", "fr", True),
        ("oui j'en ai un", "fr", True),
        ("non", "fr", False),
        ("non je n'ai pas de handicap", "fr", False),
        ("sí", "es", True),
        ("si", "es", True),
        ("no", "es", False),
        ("sim", "pt", True),
        ("não", "pt", False),
        ("nao", "pt", False),
        ("sim, no braço", "pt", True),  # Portuguese "no" is "in the"
        ("ndio", "sw", True),
        ("ndiyo", "sw", True),
        ("eeh", "sw", True),
        ("hapana", "sw", False),
        ("la", "sw", False),
        ("نعم", "ar", True),
        ("ايوه", "ar", True),
        ("aywa", "ar", True),
        ("لا", "ar", False),
        ("لأ", "ar", False),
        ("la2", "ar", False),
    ],
)
def test_yes_and_no_in_every_language(text: str, lang: str, expected: bool) -> None:
    assert parse_disability(text, None, None, lang) is expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("si", "fr"),  # "if" in French
        ("la", "fr"),  # an article in French, "no" only in Swahili and Arabizi
        ("la", "es"),
    ],
)
def test_yes_no_words_of_one_language_do_not_leak(text: str, lang: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_disability(text, None, None, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ببلاش", "ar"),  # "for free", not "بلاش" (skip it)
        ("bent", None),  # "girl" only in Arabizi
        ("dakar", "fr"),  # a city, "male" only in Arabizi
        ("nina ulemavu", "sw"),  # Swahili "I have", not Spanish "niña"
    ],
)
def test_gender_and_skip_collisions(text: str, lang: str | None) -> None:
    assert not is_skip(text, lang)
    with pytest.raises(InvalidAnswer):
        parse_gender(text, None, lang)


# --- Which field a correction is about --------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "field"),
    [
        ("je veux changer ma ville", "fr", "reg_town"),
        ("ma date de naissance est fausse", "fr", "reg_birth_date"),
        ("changer mon numéro de téléphone", "fr", "reg_phone"),
        ("changer mon nom", "fr", "reg_name"),
        ("mon sexe", "fr", "reg_gender"),
        ("cambiar mi nombre", "es", "reg_name"),
        ("mi discapacidad", "es", "reg_disability"),
        ("mudar a cidade", "pt", "reg_town"),
        ("corrigir a escolaridade", "pt", "reg_education"),
        ("badilisha mji wangu", "sw", "reg_town"),
        ("badilisha namba yangu", "sw", "reg_phone"),
        ("nataka kubadilisha jina", "sw", "reg_name"),
        ("غير مدينتي", "ar", "reg_town"),
        ("تاريخ الميلاد غلط", "ar", "reg_birth_date"),
        ("غير اسمي الى عمر", "ar", "reg_name"),  # Omar is a name, not an age
        ("خبرتي غلط", "ar", "reg_experience"),
    ],
)
def test_corrections_name_their_field_in_every_language(text: str, lang: str, field: str) -> None:
    assert field_mentioned(text, lang) == field


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("c'est bon", "fr"),
        ("nombre d'années", "fr"),  # "nombre" is "name" only in Spanish
        ("my situation is complicated", None),  # "situation" is a field word only in French
    ],
)
def test_corrections_that_name_no_field(text: str, lang: str | None) -> None:
    assert field_mentioned(text, lang) is None


# --- Search answers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "partout",
        "n'importe où",
        "peu importe la ville",
        "donde sea",
        "cualquier lugar",
        "qualquer lugar",
        "tanto faz",
        "kokote",
        "mji wowote",
        "أي مكان",
        "اي مدينة",
    ],
)
def test_anywhere_in_every_language(text: str) -> None:
    assert said_anywhere(text) and is_anywhere(text)


@pytest.mark.parametrize("text", ["Mombasa", "Maputo", "القاهرة", ""])
def test_towns_are_not_anywhere(text: str) -> None:
    assert not said_anywhere(text) and not is_anywhere(text)


@pytest.mark.parametrize("text", ["le dernier", "el último", "o ultimo", "wa mwisho", "الأخير"])
def test_last_item_in_every_language(text: str) -> None:
    assert pick_item(["11", "12", "14"], number=text) == "14"


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("en ligne", "online"),
        ("à distance", "online"),
        ("en línea", "online"),
        ("a distância", "online"),
        ("mtandaoni", "online"),
        ("عن بعد", "online"),
        ("en présentiel", "in_person"),
        ("presencial", "in_person"),
        ("ana kwa ana", "in_person"),
        ("حضوري", "in_person"),
        ("les deux", "any"),
        ("me da igual", "any"),
        ("tanto faz", "any"),
        ("vyovyote", "any"),
        ("الاثنين", "any"),
    ],
)
def test_study_mode_in_every_language(text: str, mode: str) -> None:
    assert parse_mode(text) == mode
