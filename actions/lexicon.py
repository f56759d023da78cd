"""Everyday words of the assistant's six languages, as people type them on phones.

One section per language. The parsers in `actions.validators` (and a few search
helpers) compile these words; nothing here is shown to users. Conventions:

- Write words as people type them: accents, case, hamza forms, taa marbuta and
  Arabic-Indic digits do not matter, `validators.fold` evens them out on both sides.
- "a | b c | d" lists three phrases; a phrase matches whole words only.
- A trailing "*" makes a stem: "chom*" matches "chomage", "chomeur"...
- In a phrase, "'" may also be a space or nothing ("j'habite", "j habite",
  "jhabite") and "-" may also be a space or nothing ("dix-huit", "dix huit").
- Arabic words of three letters or more also match with a leading و, ال, وال, بال,
  فال or لل ("الثانوي", "بالجامعة"); a trailing ending needs a stem: "ثانوي*" for
  "الثانوية".
- `strict` holds words that mean something else in another language ("si" is "if"
  in French, "college" is lower secondary in French but a diploma college in
  English). They count only in a conversation held in their own language.
- `ordinary` holds the reverse: words of a language that another language reads as
  a keyword (Portuguese "no" is "in the", not "no"); in that language's
  conversations they are ignored by the yes/no and experience parsers.

English words that the parsers understood before the other languages were added
stay in `actions.validators` as patterns, so English answers read exactly as before;
the English section below holds only what the table-driven parts need (months,
numbers, durations, relative periods).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

V = TypeVar("V")

LANGUAGES = ("en", "fr", "es", "pt", "sw", "ar")
STATUS_ORDER = ("inactive", "unemployed", "self_employed", "student", "employed")


def words(text: str) -> tuple[str, ...]:
    """ "a | b c | d" -> ("a", "b c", "d"): phrases separated by bars or line breaks."""
    return tuple(p.strip() for p in re.split(r"[|\n]", text) if p.strip())


def table(groups: Mapping[V, str]) -> dict[str, V]:
    """{value: "phrase | phrase"} -> {phrase: value}."""
    return {phrase: value for value, text in groups.items() for phrase in words(text)}


def ordered(groups: tuple[tuple[V, str], ...]) -> tuple[tuple[V, tuple[str, ...]], ...]:
    """((value, "phrase | phrase"), ...) -> ((value, phrases), ...), order kept."""
    return tuple((value, words(text)) for value, text in groups)


def grouped(groups: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """{key: "phrase | phrase"} -> {key: phrases}."""
    return {key: words(text) for key, text in groups.items()}


@dataclass(frozen=True)
class Lexicon:
    code: str
    # Dates ------------------------------------------------------------------------
    months: Mapping[str, int] = field(default_factory=dict)
    # Month abbreviations that are also everyday words ("ago", "out"): only read as
    # a month next to a day or a year, never alone.
    number_only_months: tuple[str, ...] = ()
    # Words before a month number: "mwezi wa 3", "شهر 3" (March).
    month_number_leads: tuple[str, ...] = ()
    # Words before a month name: "le mois de mars".
    month_fillers: tuple[str, ...] = ()
    # Words before a lone month: "since june", "depuis mars".
    month_leads: tuple[str, ...] = ()
    # Words after a lone month meaning its latest occurrence: "mars dernier".
    past_month: tuple[str, ...] = ()
    # Words between day, month and year: "5 de marzo de 2001", "5 ya Machi".
    date_connectors: tuple[str, ...] = ()
    # ("year" | "month" | "week", offset): "last year" -> ("year", -1).
    periods: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    # Durations --------------------------------------------------------------------
    numbers: Mapping[str, int] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)  # word -> day/week/month/year
    units_first: bool = False  # the number follows the unit ("miaka 3")
    # Words that carry their own count: Arabic duals and singulars ("سنتين" = 2 years).
    unit_counts: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    future: tuple[str, ...] = ()  # before a duration: "in 3 months", "dans 3 mois"
    relative: tuple[str, ...] = ()  # other words that make a phrase a relative date
    # Registration answers ---------------------------------------------------------
    name_leads: tuple[str, ...] = ()
    town_leads: tuple[str, ...] = ()
    town_tails: tuple[str, ...] = ()
    # (ISCED level, phrases), checked in this order.
    education: tuple[tuple[int, tuple[str, ...]], ...] = ()
    statuses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    no_experience: tuple[str, ...] = ()
    genders: Mapping[str, str] = field(default_factory=dict)
    skip: tuple[str, ...] = ()
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Search answers ---------------------------------------------------------------
    anywhere: tuple[str, ...] = ()
    online: tuple[str, ...] = ()
    in_person: tuple[str, ...] = ()
    either: tuple[str, ...] = ()
    last_item: tuple[str, ...] = ()
    strict: frozenset[str] = frozenset()
    ordinary: tuple[str, ...] = ()


# --- English ---------------------------------------------------------------------

EN = Lexicon(
    code="en",
    months=table(
        {
            1: "january | jan",
            2: "february | feb",
            3: "march | mar",
            4: "april | apr",
            5: "may",
            6: "june | jun",
            7: "july | jul",
            8: "august | aug",
            9: "september | sep | sept",
            10: "october | oct",
            11: "november | nov",
            12: "december | dec",
        }
    ),
    month_leads=words("since | from | in | around | about | last | since last"),
    date_connectors=words("of"),
    periods=table(
        {
            ("year", -1): "last year | past year",
            ("year", 0): "this year",
            ("year", 1): "next year",
            ("month", -1): "last month",
            ("month", 0): "this month",
            ("month", 1): "next month",
            ("week", -1): "last week",
            ("week", 0): "this week",
        }
    ),
    numbers=table(
        {
            0: "zero",
            1: "one | a",
            2: "two",
            3: "three",
            4: "four",
            5: "five",
            6: "six",
            7: "seven",
            8: "eight",
            9: "nine",
            10: "ten",
            11: "eleven",
            12: "twelve",
            13: "thirteen",
            14: "fourteen",
            15: "fifteen",
            16: "sixteen",
            17: "seventeen",
            18: "eighteen",
            19: "nineteen",
            20: "twenty",
        }
    ),
    units=table(
        {
            "day": "day | days",
            "week": "week | weeks | wk | wks",
            "month": "month | months | mth | mths | mnth | mnths",
            "year": "year | years | yr | yrs",
        }
    ),
    future=words("in | within"),
    relative=words("ago | yesterday"),
    strict=frozenset({"a"}),
)

# --- French ----------------------------------------------------------------------

FR = Lexicon(
    code="fr",
    months=table(
        {
            1: "janvier | janv",
            2: "février | fevr | fev",
            3: "mars",
            4: "avril | avr",
            5: "mai",
            6: "juin",
            7: "juillet | juil",
            8: "août",
            9: "septembre | sept",
            10: "octobre | oct",
            11: "novembre | nov",
            12: "décembre | dec",
        }
    ),
    month_fillers=words("le mois de | mois de | au mois de | début | fin"),
    month_leads=words("depuis | dès | en | vers | à partir de | a partir du"),
    past_month=words("dernier | passé"),
    date_connectors=words("de"),
    periods=table(
        {
            ("year", -1): """l'année dernière | l'an dernier | l'an passé | l'année passée | année dernière |
                an dernier | an passé | année passée""",
            ("year", 0): "cette année | cette année-ci",
            ("year", 1): "l'année prochaine | l'an prochain | année prochaine | an prochain",
            ("month", -1): "mois dernier | mois passé",
            ("month", 0): "ce mois | ce mois-ci",
            ("month", 1): "mois prochain",
            ("week", -1): "semaine dernière | semaine passée",
            ("week", 0): "cette semaine",
        }
    ),
    numbers=table(
        {
            0: "zéro",
            1: "un | une",
            2: "deux",
            3: "trois",
            4: "quatre",
            5: "cinq",
            6: "six",
            7: "sept",
            8: "huit",
            9: "neuf",
            10: "dix",
            11: "onze",
            12: "douze",
            13: "treize",
            14: "quatorze",
            15: "quinze",
            16: "seize",
            17: "dix-sept",
            18: "dix-huit",
            19: "dix-neuf",
            20: "vingt",
        }
    ),
    units=table(
        {
            "day": "jour | jours",
            "week": "semaine | semaines",
            "month": "mois",
            "year": "an | ans | année | années",
        }
    ),
    future=words("dans"),
    relative=words("hier | il y a"),
    name_leads=words(
        """je m'appelle | jm'appelle | moi c'est | mon nom est | mon nom c'est | mon nom |
        mon prénom est | mon prénom c'est | je suis | jsuis | c'est"""
    ),
    town_leads=words(
        """j'habite à | j'habite au | j'habite en | j'habite | je vis à | je vis au | je vis en |
        je vis | je suis à | je reste à | je suis de | je viens de | à | au | en | de |
        près de | vers | du côté de | à côté de | dans"""
    ),
    town_tails=words("ville | svp | stp | merci | s'il vous plaît | s'il te plaît"),
    education=ordered(
        (
            (
                2,
                "sans le bac | pas le bac | pas eu le bac | raté le bac | sans bac | collège | brevet | bepc",
            ),
            (2, "cem | 3e | 3ème | troisième"),
            (8, "doctorat | thèse"),
            (7, "master | mastère | bac+5 | bac+6"),
            (6, "licence | bac+3 | bac+4 | université | fac | faculté"),
            (5, "bts | dut | bac+2 | deug"),
            (4, "cap | bep | formation professionnelle | certificat | centre de formation"),
            (3, "bac | baccalauréat | bac pro | lycée | terminale | secondaire"),
            (1, "primaire | école primaire | cep | cepe"),
            (
                0,
                """jamais été à l'école | jamais allé à l'école | pas été à l'école |
                pas allé à l'école | pas scolarisé | non scolarisé | pas d'études |
                sans études | aucune étude | analphabète | aucun | aucune""",
            ),
        )
    ),
    statuses=grouped(
        {
            "inactive": """ne cherche pas | cherche pas | pas à la recherche | inactif | inactive |
                au foyer | à la retraite | retraité | retraitée""",
            "unemployed": """chômage | chômeur | chômeuse | chomdu | sans emploi | sans travail |
                sans boulot | sans job | pas de travail | pas de boulot | pas d'emploi | pas de job |
                pas de taf | ne travaille pas | travaille pas | ne travaille plus | cherche du travail |
                cherche un travail | cherche un emploi | cherche du boulot | cherche un boulot |
                recherche d'emploi | recherche d'un emploi | demandeur d'emploi | demandeuse d'emploi |
                perdu mon emploi | perdu mon travail | perdu mon boulot | licencié | licenciée""",
            "self_employed": """à mon compte | à mon propre compte | indépendant | indépendante |
                auto-entrepreneur | autoentrepreneur | freelance | mon propre business | mon business |
                ma propre entreprise | mon entreprise | mon commerce | commerçant | commerçante |
                je me débrouille | petit commerce""",
            "student": """étudiant | étudiante | élève | lycéen | lycéenne | à l'école | à la fac |
                à l'université | au lycée | en formation | j'étudie | je fais mes études""",
            "employed": """je travaille | j'ai un travail | j'ai un emploi | j'ai un boulot | j'ai un job |
                salarié | salariée | employé | employée | en cdi | en cdd | cdi | cdd | fonctionnaire |
                je bosse | en poste""",
        }
    ),
    no_experience=words("aucune | aucun | rien | jamais | pas d'expérience | sans expérience | zéro"),
    genders=table(
        {
            "female": "femme | fille | féminin | meuf | nana",
            "male": "homme | garçon | masculin | mec | gars",
            "other": "autre | non binaire | non-binaire",
        }
    ),
    skip=words(
        """passer | je passe | sauter | suivant | je préfère ne pas | préfère ne pas | préfère pas |
        je ne veux pas le dire | je veux pas le dire | je ne veux pas dire | pas de réponse |
        sans réponse"""
    ),
    yes=words(
        "oui | ouais | ouai | ouaip | wi | j'en ai | j'en ai un | j'ai un handicap | handicapé | handicapée"
    ),
    no=words("non | nan | nn | pas de handicap | aucun | aucune | je n'ai pas | j'ai pas | pas du tout"),
    fields=grouped(
        {
            "reg_birth_date": "naissance | anniversaire",
            "reg_status_since": "depuis",
            "reg_phone": "téléphone | tel | numéro | portable",
            "reg_town": "ville | habite | j'habite | adresse | déménagé | quartier",
            "reg_education": "études | diplôme | école | scolarité | formation",
            "reg_occupation": "métier | profession | poste",
            "reg_experience": "expérience",
            "reg_status": "statut | situation | chômage | chômeur | sans emploi",
            "reg_gender": "sexe | genre",
            "reg_disability": "handicap*",
            "reg_name": "nom | prénom",
        }
    ),
    anywhere=words(
        """partout | n'importe où | n'importe quelle ville | peu importe | toutes les villes |
        tout le pays | n'importe"""
    ),
    online=words(
        "en ligne | à distance | distanciel | par internet | sur internet | de chez moi | à la maison"
    ),
    in_person=words("en présentiel | présentiel | en personne | sur place | en salle | en classe"),
    either=words("les deux | peu importe | n'importe | ça m'est égal | m'est égal | égal | pas d'importance"),
    last_item=words("dernier | le dernier | la dernière | dernière"),
    strict=frozenset({"collège", "cap", "thèse", "licence", "situation"}),
)

# --- Spanish ---------------------------------------------------------------------

ES = Lexicon(
    code="es",
    months=table(
        {
            1: "enero | ene",
            2: "febrero | feb",
            3: "marzo | mar",
            4: "abril | abr",
            5: "mayo | may",
            6: "junio | jun",
            7: "julio | jul",
            8: "agosto | ago",
            9: "septiembre | setiembre | sep | sept | set",
            10: "octubre | oct",
            11: "noviembre | nov",
            12: "diciembre | dic",
        }
    ),
    number_only_months=words("ago | set"),
    month_fillers=words("el mes de | mes de | principios de | finales de"),
    month_leads=words("desde | en | hacia | a partir de"),
    past_month=words("pasado"),
    date_connectors=words("de | del"),
    periods=table(
        {
            ("year", -1): "año pasado | año anterior",
            ("year", 0): "este año",
            ("year", 1): "año que viene | próximo año",
            ("month", -1): "mes pasado",
            ("month", 0): "este mes",
            ("month", 1): "mes que viene | próximo mes",
            ("week", -1): "semana pasada",
            ("week", 0): "esta semana",
        }
    ),
    numbers=table(
        {
            0: "cero",
            1: "uno | una | un",
            2: "dos",
            3: "tres",
            4: "cuatro",
            5: "cinco",
            6: "seis",
            7: "siete",
            8: "ocho",
            9: "nueve",
            10: "diez",
            11: "once",
            12: "doce",
            13: "trece",
            14: "catorce",
            15: "quince",
            16: "dieciséis",
            17: "diecisiete",
            18: "dieciocho",
            19: "diecinueve",
            20: "veinte",
        }
    ),
    units=table(
        {"day": "día | días", "week": "semana | semanas", "month": "mes | meses", "year": "año | años"}
    ),
    future=words("en | dentro de"),
    relative=words("ayer | hace"),
    name_leads=words("me llamo | yo me llamo | mi nombre es | mi nombre | yo soy | soy"),
    town_leads=words("vivo en | yo vivo en | estoy en | soy de | vengo de | resido en | en | de | cerca de"),
    town_tails=words("ciudad | por favor | porfa | gracias"),
    education=ordered(
        (
            (2, "secundaria incompleta | no terminé la secundaria | eso | secundaria básica | ciclo básico"),
            (8, "doctorado"),
            (7, "maestría | máster | master | postgrado | posgrado | magíster"),
            (
                6,
                """universidad | universitario | universitaria | licenciatura | licenciado | licenciada |
                carrera universitaria | ingeniería | grado universitario | título universitario""",
            ),
            (5, "técnico superior | tecnicatura | diplomado"),
            (4, "formación profesional | fp | técnico | curso técnico | certificado"),
            (3, "secundaria | bachillerato | bachiller | preparatoria | prepa | liceo"),
            (1, "primaria | escuela primaria"),
            (
                0,
                """sin estudios | ningún estudio | nunca fui a la escuela | no fui a la escuela |
                no estudié | ninguno | ninguna | nada""",
            ),
        )
    ),
    statuses=grouped(
        {
            "inactive": """no busco trabajo | no busco empleo | no estoy buscando | inactivo | inactiva |
                ama de casa | jubilado | jubilada | pensionado | pensionada""",
            "unemployed": """desempleado | desempleada | desocupado | desocupada | estoy parado |
                estoy parada | en paro | sin trabajo | sin empleo | sin chamba | no tengo trabajo |
                no tengo empleo | no tengo chamba | no trabajo | no estoy trabajando | busco trabajo |
                busco empleo | busco un trabajo | busco un empleo | buscando trabajo |
                buscando empleo | buscando un trabajo | necesito trabajo | necesito un trabajo |
                necesito empleo | cesante | perdí mi trabajo | perdí el trabajo | perdí mi empleo |
                sin laburo | no tengo laburo""",
            "self_employed": """por mi cuenta | por cuenta propia | cuenta propia | cuentapropista |
                autónomo | autónoma | independiente | emprendedor | emprendedora | mi propio negocio |
                mi negocio | negocio propio | tengo un negocio | freelance""",
            "student": """estudiante | estudio | estoy estudiando | en la universidad | en la escuela |
                en el colegio | en la facu | en el instituto""",
            "employed": """yo trabajo | sí trabajo | trabajo en | trabajo de | trabajo como |
                trabajo para | estoy trabajando | tengo trabajo | tengo un trabajo | tengo empleo |
                tengo chamba | empleado | empleada | asalariado | asalariada | chambeo""",
        }
    ),
    no_experience=words("ninguna | ninguno | nada | nunca | sin experiencia | cero | no tengo"),
    genders=table(
        {
            "female": "mujer | chica | femenino | femenina | niña",
            "male": "hombre | chico | masculino | varón | niño",
            "other": "otro | otra | no binario | no binaria",
        }
    ),
    skip=words(
        """saltar | salta | omitir | paso | siguiente | prefiero no decir | prefiero no decirlo |
        prefiero no responder | prefiero no contestar | no quiero decir | no quiero decirlo |
        no quiero responder | sin respuesta"""
    ),
    yes=words("sí | si | claro | sip | tengo una | tengo discapacidad"),
    no=words("no | nop | nel | ninguna | ninguno | para nada"),
    fields=grouped(
        {
            "reg_birth_date": "nacimiento | nací | edad | cumpleaños",
            "reg_status_since": "desde",
            "reg_phone": "teléfono | número | celular | móvil | cel | whatsapp",
            "reg_town": "ciudad | vivo | dirección | ubicación | me mudé | domicilio | pueblo",
            "reg_education": "estudios | educación | escuela | título | escolaridad",
            "reg_occupation": "ocupación | oficio | profesión | puesto",
            "reg_experience": "experiencia",
            "reg_status": "situación | situación laboral | estado laboral | desempleado | desempleada",
            "reg_gender": "sexo | género",
            "reg_disability": "discapacidad | minusvalía",
            "reg_name": "nombre | apellido",
        }
    ),
    anywhere=words(
        """cualquier lugar | cualquier sitio | cualquier parte | cualquier ciudad | donde sea |
        en cualquier lugar | en cualquier parte | todo el país | todas las ciudades | da igual |
        me da igual | cualquiera | todas"""
    ),
    online=words("en línea | virtual | a distancia | desde casa | por internet"),
    in_person=words("presencial | en persona | cara a cara | en el aula"),
    either=words(
        "cualquiera | ambos | ambas | los dos | las dos | da igual | me da igual | lo que sea | no importa"
    ),
    last_item=words("último | el último | la última | última"),
    strict=frozenset({"si", "once", "eso", "fp", "nombre", "niña", "niño"}),
)

# --- Portuguese ------------------------------------------------------------------

PT = Lexicon(
    code="pt",
    months=table(
        {
            1: "janeiro | jan",
            2: "fevereiro | fev",
            3: "março | mar",
            4: "abril | abr",
            5: "maio | mai",
            6: "junho | jun",
            7: "julho | jul",
            8: "agosto | ago",
            9: "setembro | set",
            10: "outubro | out",
            11: "novembro | nov",
            12: "dezembro | dez",
        }
    ),
    number_only_months=words("ago | set | out"),
    month_fillers=words("o mês de | mês de | no mês de | início de | fim de"),
    month_leads=words("desde | em | a partir de"),
    past_month=words("passado"),
    date_connectors=words("de | do | da"),
    periods=table(
        {
            ("year", -1): "ano passado | ano anterior",
            ("year", 0): "este ano | esse ano | neste ano | nesse ano | deste ano | desse ano",
            ("year", 1): "ano que vem | próximo ano",
            ("month", -1): "mês passado",
            ("month", 0): "este mês | esse mês",
            ("month", 1): "mês que vem | próximo mês",
            ("week", -1): "semana passada",
            ("week", 0): "esta semana | essa semana",
        }
    ),
    numbers=table(
        {
            0: "zero",
            1: "um | uma",
            2: "dois | duas",
            3: "três",
            4: "quatro",
            5: "cinco",
            6: "seis",
            7: "sete",
            8: "oito",
            9: "nove",
            10: "dez",
            11: "onze",
            12: "doze",
            13: "treze",
            14: "catorze | quatorze",
            15: "quinze",
            16: "dezesseis | dezasseis",
            17: "dezessete | dezassete",
            18: "dezoito",
            19: "dezenove | dezanove",
            20: "vinte",
        }
    ),
    units=table(
        {"day": "dia | dias", "week": "semana | semanas", "month": "mês | meses", "year": "ano | anos"}
    ),
    future=words("em | daqui a | dentro de"),
    relative=words("ontem | faz | atrás"),
    name_leads=words(
        "meu nome é | o meu nome é | meu nome | me chamo | eu me chamo | chamo-me | eu sou | sou"
    ),
    town_leads=words(
        """moro em | moro no | moro na | eu moro em | eu moro no | eu moro na | vivo em | vivo no |
        vivo na | estou em | sou de | venho de | resido em | em | no | na | de | perto de"""
    ),
    town_tails=words("cidade | por favor | pfv | obrigado | obrigada"),
    education=ordered(
        (
            (1, "fundamental incompleto | primário incompleto | 7a classe"),
            (
                2,
                """médio incompleto | ensino médio incompleto | secundário incompleto | fundamental |
                ensino fundamental | ensino básico | básico | nono ano | 9 ano | 10a classe""",
            ),
            (3, "superior incompleto | faculdade incompleta"),
            (8, "doutorado | doutoramento"),
            (7, "mestrado | pós-graduação | mba"),
            (
                6,
                """faculdade | ensino superior | superior completo | graduação | graduado | graduada |
                licenciatura | bacharelado | universidade | universitário | universitária""",
            ),
            (5, "tecnólogo"),
            (4, "curso técnico | técnico | curso profissional | profissionalizante | senai"),
            (
                3,
                """ensino médio | médio | médio completo | segundo grau | secundário | ensino secundário |
                12 ano | 12a classe""",
            ),
            (1, "primário | ensino primário | escola primária | primária"),
            (
                0,
                """nunca estudei | não estudei | sem estudo | sem estudos | sem escolaridade |
                analfabeto | analfabeta | nenhum | nenhuma""",
            ),
        )
    ),
    statuses=grouped(
        {
            "inactive": """não estou procurando | não procuro | não estou à procura | inativo | inativa |
                dona de casa | do lar | aposentado | aposentada | reformado | reformada""",
            "unemployed": """desempregado | desempregada | sem emprego | sem trabalho | sem trampo |
                não tenho emprego | não tenho trabalho | não trabalho | não estou trabalhando |
                não estou a trabalhar | procurando emprego | procurando trabalho | à procura de emprego |
                à procura de trabalho | procuro emprego | procuro trabalho | procuro um trabalho |
                procuro um emprego | procurando trampo | procuro trampo | preciso de trabalho |
                preciso de emprego | preciso de trampo | perdi o emprego | perdi meu emprego |
                perdi o trabalho | perdi o trampo""",
            "self_employed": """por conta própria | conta própria | autônomo | autônoma | autónomo |
                trabalho por conta | meu próprio negócio | meu negócio | negócio próprio |
                tenho um negócio | empreendedor | empreendedora | freelancer""",
            "student": """estudante | estudo | estou estudando | estou a estudar | na faculdade | na escola |
                universitário | universitária""",
            "employed": """eu trabalho | trabalho em | trabalho na | trabalho no | trabalho numa |
                trabalho num | trabalho como | trabalho de | trabalho pra | trabalho para |
                estou trabalhando | estou a trabalhar | tenho emprego | tenho trabalho |
                tenho um trampo | empregado | empregada | carteira assinada | tô trampando |
                funcionário | funcionária""",
        }
    ),
    no_experience=words("nenhuma | nenhum | nada | nunca | sem experiência | não tenho"),
    genders=table(
        {
            "female": "mulher | menina | moça | feminino | feminina",
            "male": "homem | rapaz | menino | moço | masculino",
            "other": "outro | outra | não binário | não binária",
        }
    ),
    skip=words(
        """pular | passar | ignorar | próximo | próxima | prefiro não dizer | prefiro não responder |
        prefiro não falar | não quero dizer | não quero responder | sem resposta"""
    ),
    yes=words("sim | claro | tenho | com certeza"),
    no=words("não | nao | nenhuma | nenhum | de jeito nenhum"),
    fields=grouped(
        {
            "reg_birth_date": "nascimento | nasci | idade | aniversário",
            "reg_status_since": "desde",
            "reg_phone": "telefone | número | celular | telemóvel | whatsapp | zap",
            "reg_town": "cidade | moro | endereço | localização | mudei | bairro",
            "reg_education": "estudos | escolaridade | educação | escola | formação",
            "reg_occupation": "ocupação | profissão | ofício | cargo",
            "reg_experience": "experiência",
            "reg_status": "situação | desempregado | desempregada",
            "reg_gender": "sexo | gênero | género",
            "reg_disability": "deficiência",
            "reg_name": "nome | sobrenome | apelido",
        }
    ),
    anywhere=words(
        """qualquer lugar | qualquer cidade | qualquer sítio | em qualquer lugar | todo o país |
        todas as cidades | tanto faz | qualquer uma | qualquer | todas"""
    ),
    online=words("a distância | ead | remoto | de casa | pela internet | virtual"),
    in_person=words("presencial | pessoalmente | em pessoa | na sala"),
    either=words("tanto faz | qualquer | ambos | ambas | os dois | as duas | qualquer um"),
    last_item=words("último | o último | a última | última"),
    strict=frozenset({"um", "no", "na"}),
    ordinary=words("no"),
)

# --- Swahili (with Sheng) --------------------------------------------------------

SW = Lexicon(
    code="sw",
    months=table(
        {
            1: "januari | mwezi wa kwanza",
            2: "februari | mwezi wa pili",
            3: "machi | mwezi wa tatu",
            4: "aprili | mwezi wa nne",
            5: "mei | mwezi wa tano",
            6: "juni | mwezi wa sita",
            7: "julai | mwezi wa saba",
            8: "agosti | mwezi wa nane",
            9: "septemba | mwezi wa tisa",
            10: "oktoba | okt | mwezi wa kumi",
            11: "novemba | mwezi wa kumi na moja",
            12: "desemba | des | mwezi wa kumi na mbili",
        }
    ),
    number_only_months=words("des"),
    month_number_leads=words("mwezi wa"),
    month_fillers=words("mwezi wa"),
    month_leads=words("tangu | kuanzia | toka | tokea | mnamo"),
    past_month=words("iliyopita | uliopita"),
    date_connectors=words("ya | wa | mwaka"),
    periods=table(
        {
            ("year", -1): "mwaka jana | mwaka uliopita",
            ("year", 0): "mwaka huu",
            ("year", 1): "mwaka ujao | mwaka ujayo",
            ("month", -1): "mwezi uliopita",
            ("month", 0): "mwezi huu",
            ("month", 1): "mwezi ujao | mwezi ujayo",
            ("week", -1): "wiki iliyopita | wiki jana",
            ("week", 0): "wiki hii",
        }
    ),
    numbers=table(
        {
            0: "sifuri",
            1: "moja | mmoja",
            2: "mbili | miwili | wawili",
            3: "tatu | mitatu | watatu",
            4: "nne | minne | wanne",
            5: "tano | mitano | watano",
            6: "sita",
            7: "saba",
            8: "nane | minane",
            9: "tisa | kenda",
            10: "kumi",
            11: "kumi na moja",
            12: "kumi na mbili",
            13: "kumi na tatu",
            14: "kumi na nne",
            15: "kumi na tano",
            16: "kumi na sita",
            17: "kumi na saba",
            18: "kumi na nane",
            19: "kumi na tisa",
            20: "ishirini",
        }
    ),
    units=table({"day": "siku", "week": "wiki", "month": "mwezi | miezi", "year": "mwaka | miaka"}),
    units_first=True,
    future=words("baada ya"),
    relative=words("jana | iliyopita | zilizopita"),
    name_leads=words(
        """naitwa | ninaitwa | mimi naitwa | mimi ninaitwa | jina langu ni | jina langu |
        majina yangu ni | majina yangu | mimi ni"""
    ),
    town_leads=words(
        """naishi | ninaishi | mimi naishi | nakaa | ninakaa | niko | mimi niko | nipo | natoka |
        ninatoka | kutoka | mjini | karibu na"""
    ),
    town_tails=words("mjini | tafadhali"),
    education=ordered(
        (
            (2, "kidato cha kwanza | kidato cha pili | kidato cha tatu | sikumaliza sekondari"),
            (8, "uzamivu"),
            (7, "uzamili | shahada ya uzamili"),
            (6, "chuo kikuu | shahada | digrii"),
            (4, "chuo cha ufundi | cheti | ufundi"),
            (5, "stashahada | chuo"),
            (3, "kidato cha nne | sekondari | nimemaliza sekondari"),
            (1, "msingi | shule ya msingi | darasa la nane | darasa la saba"),
            (0, "sijasoma | sikusoma | sikwenda shule | sijaenda shule | sina elimu | hakuna"),
        )
    ),
    statuses=grouped(
        {
            "inactive": "sitafuti kazi | sitafuti | nimestaafu | mstaafu | mama wa nyumbani",
            "unemployed": """sina kazi | sina ajira | sina job | sina kibarua | bila kazi | sijaajiriwa |
                sijapata kazi | sifanyi kazi | natafuta kazi | ninatafuta kazi | natafuta ajira |
                natafuta job | nimepoteza kazi | nimefutwa kazi | niko tarmac | tuko tarmac""",
            "self_employed": """najiajiri | ninajiajiri | nimejiajiri | kujiajiri | nina biashara |
                biashara yangu | nafanya biashara | mjasiriamali | mfanyabiashara""",
            "student": """mwanafunzi | niko shule | niko chuo | niko chuoni | niko campus | nasoma |
                ninasoma | bado nasoma""",
            "employed": """nimeajiriwa | nina ajira | nina job | nina kibarua | nafanya kazi |
                ninafanya kazi | niko kazini | naajiriwa""",
        }
    ),
    no_experience=words("hakuna | sina | sijawahi | bado | sina uzoefu | sifuri"),
    genders=table(
        {
            "female": "mwanamke | msichana | kike | demu | manzi",
            "male": "mwanaume | mvulana | kiume | chali",
            "other": "nyingine | jinsia nyingine",
        }
    ),
    skip=words(
        """ruka | ruka hii | ruka swali | sitaki kusema | sitaki kujibu | sipendi kusema |
        nisingependa kusema | sitaki"""
    ),
    yes=words("ndio | ndiyo | naam | eeh | ee | nina | ninayo"),
    no=words("hapana | apana | la | sina | hakuna | hamna"),
    fields=grouped(
        {
            "reg_birth_date": "kuzaliwa | nilizaliwa | umri",
            "reg_status_since": "tangu",
            "reg_phone": "nambari | namba",
            "reg_town": "mji | mtaa | naishi | ninaishi | makazi | nimehamia | eneo",
            "reg_education": "elimu | shule | masomo",
            "reg_occupation": "kazi ninayotaka | kazi ninayotafuta | taaluma | fani",
            "reg_experience": "uzoefu",
            "reg_status": "hali ya kazi | hali yangu",
            "reg_gender": "jinsia",
            "reg_disability": "ulemavu | mlemavu",
            "reg_name": "jina | majina",
        }
    ),
    anywhere=words(
        "popote | kokote | mahali popote | kila mahali | mji wowote | wowote | popote pale | kote"
    ),
    online=words("mtandaoni | kwa mtandao"),
    in_person=words("ana kwa ana | darasani"),
    either=words("sawa tu | yoyote | zote | vyovyote | vyote | chochote"),
    last_item=words("mwisho | wa mwisho | ya mwisho | la mwisho"),
    strict=frozenset({"la"}),
)

# --- Arabic (standard, Egyptian, Levantine, Gulf, Maghrebi, Arabizi) --------------

AR = Lexicon(
    code="ar",
    months=table(
        {
            1: "يناير | كانون الثاني | كانون ثاني | جانفي",
            2: "فبراير | شباط | فيفري",
            3: "مارس | آذار",
            4: "أبريل | إبريل | نيسان | أفريل",
            5: "مايو | أيار | ماي",
            6: "يونيو | يونيه | حزيران | جوان",
            7: "يوليو | يوليه | تموز | جويلية | يوليوز",
            8: "أغسطس | آب | أوت | غشت",
            9: "سبتمبر | أيلول | شتنبر",
            10: "أكتوبر | تشرين الأول | تشرين أول",
            11: "نوفمبر | تشرين الثاني | تشرين ثاني | نونبر",
            12: "ديسمبر | كانون الأول | كانون أول | دجنبر",
        }
    ),
    number_only_months=words("آب"),  # also "أب", father
    month_number_leads=words("شهر"),
    month_fillers=words("شهر | بداية | أول | آخر | نهاية"),
    month_leads=words("منذ | من | في | مِن | min | men | mn | fi"),
    past_month=words("الماضي | اللي فات | الي فات | الفايت"),
    date_connectors=words("من | سنة | عام"),
    periods=table(
        {
            ("year", -1): """السنة الماضية | العام الماضي | السنة اللي فاتت | السنة الي فاتت |
                العام اللي فات | السنة الفايتة | el sana elly fatet | el sana el madya""",
            ("year", 0): """هذه السنة | هذا العام | هالسنة | السنة دي | السنة هاي | السنة هذي |
                هذي السنة | العام ده | السنة الحالية | العام الحالي""",
            ("year", 1): "السنة القادمة | العام القادم | السنة الجاية | العام الجاي",
            ("month", -1): "الشهر الماضي | الشهر اللي فات | الشهر الفايت | الشهر الي فات",
            ("month", 0): "هذا الشهر | هالشهر | الشهر ده | الشهر هاد | الشهر الحالي",
            ("month", 1): "الشهر القادم | الشهر الجاي",
            ("week", -1): "الأسبوع الماضي | الأسبوع اللي فات | الجمعة اللي فاتت",
            ("week", 0): "هذا الأسبوع | هالأسبوع",
        }
    ),
    numbers=table(
        {
            0: "صفر",
            1: "واحد | واحدة | wa7ed",
            2: "اثنين | اثنان | اتنين | تنين | itnein | etnein | tnen",
            3: "ثلاث | ثلاثة | تلات | تلاتة | talata | tlata",
            4: "أربع | أربعة | arba3a",
            5: "خمس | خمسة | khamsa | 5amsa",
            6: "ست | ستة | sitta",
            7: "سبع | سبعة | sab3a",
            8: "ثمان | ثماني | ثمانية | تمن | تمانية | tamanya",
            9: "تسع | تسعة | tis3a | tes3a",
            10: "عشر | عشرة | 3ashara | 3ashra",
            11: "أحد عشر | احدعش | حداشر | إحداشر",
            12: "اثنا عشر | اثني عشر | اطناشر | اتناشر",
            13: "ثلاث عشرة | ثلاثة عشر | تلتاشر",
            14: "أربع عشرة | أربعة عشر | اربعتاشر",
            15: "خمس عشرة | خمسة عشر | خمستاشر | خمسطاشر",
            16: "ست عشرة | ستة عشر | ستاشر | سطاشر",
            17: "سبع عشرة | سبعة عشر | سبعتاشر | سبعطاشر",
            18: "ثماني عشرة | ثمانية عشر | تمنتاشر | تمنطاشر",
            19: "تسع عشرة | تسعة عشر | تسعتاشر | تسعطاشر",
            20: "عشرين | عشرون",
        }
    ),
    units=table(
        {
            "day": "يوم | أيام | ayam",
            "week": "أسبوع | أسابيع",
            "month": "شهر | شهور | أشهر | shahr | shohor | ashhor",
            "year": "سنة | سنين | سنوات | عام | أعوام | sana | snin | sneen | sanawat",
        }
    ),
    unit_counts=table(
        {
            ("day", 2): "يومين",
            ("week", 2): "أسبوعين",
            ("month", 2): "شهرين | shahrein | shahren",
            ("year", 2): "سنتين | عامين | santen | sanatein | sentein",
            ("month", 1): "شهر | shahr",
            ("year", 1): "سنة | عام | sana",
        }
    ),
    future=words("بعد"),
    relative=words("أمس | امبارح | مبارح | قبل"),
    name_leads=words("اسمي | أنا اسمي | اسمي هو | أنا | ismi | esmi | ana ismi | ana esmi | ana"),
    town_leads=words(
        """أسكن في | ساكن في | ساكنة في | أعيش في | أقيم في | أنا من | أنا ساكن في | مدينة |
        في مدينة | أسكن | ساكن | ساكنة | أعيش | من | في | ana sakin fi | ana sakna fi | sakin fi |
        sakna fi | ana men | ana min | fi"""
    ),
    town_tails=words("لو سمحت | من فضلك"),
    education=ordered(
        (
            (3, "ما كملت الجامعة | لم أكمل الجامعة | ما خلصت الجامعة"),
            (8, "دكتوراه | دكتوراة"),
            (7, "ماجستير | ماجيستير | ماستر"),
            (6, "بكالوريوس | بكالوريس | ليسانس | جامعة | جامعي* | jam3a | gam3a"),
            (5, "معهد متوسط | معهد | دبلوم"),
            (
                2,
                """ما كملت الثانوية | ما خلصت الثانوية | لم أكمل الثانوية | إعدادي* | متوسطة |
                المرحلة المتوسطة""",
            ),
            (4, "تدريب مهني | تكوين مهني | شهادة مهنية | مهني*"),
            (3, "ثانوي* | توجيهي | بكالوريا | باكالوريا | باك | thanawi | tawjihi"),
            (1, "ابتدائي* | ibtida2i"),
            (0, "أمي | أمية | ما درست | لم أدرس | ما رحت المدرسة | ما دخلت المدرسة | بدون تعليم"),
        )
    ),
    statuses=grouped(
        {
            "inactive": """لا أبحث عن عمل | لا ابحث | ما بدور على شغل | مش بدور على شغل | مش بدور |
                ربة منزل | ربة بيت | ست بيت | متقاعد*""",
            "unemployed": """عاطل* | بطال | بطالة | بدون عمل | بدون شغل | بلا عمل | بلا شغل |
                بدون وظيفة | ما عندي شغل | ماعندي شغل | معنديش شغل | ما عنديش شغل | ما عندي عمل |
                ما عندي وظيفة | ليس لدي عمل | ليس لدي وظيفة | لا أعمل | لا اشتغل | ما بشتغل |
                ما اشتغل | مش بشتغل | مش شغال | مو شغال | أبحث عن عمل | بدور على شغل |
                قاعد في البيت | قاعد بالبيت | بدي اشتغل | بدي شغل | ابغى اشتغل | ابغى شغل |
                ابي شغل | عايز اشتغل | عايز شغل | عاوز شغل | محتاج شغل | أريد عملا |
                3atel | 3atla | ma3andi shoghl | ma 3andi shoghl |
                m3ndish shoghl | ma3andish shoghl | bdoun shoghl | mesh shaghal | ma bashtghel |
                battal | bettal""",
            "self_employed": """أعمل لحسابي | اشتغل لحسابي | بشتغل لحسابي | لحسابي | لحسابي الخاص |
                عمل حر | أعمال حرة | شغل حر | مشروعي | مشروع خاص | عندي مشروع | تاجر | فريلانسر |
                فري لانس | 3ala 7sabi | mashrou3i""",
            "student": """طالب* | تلميذ* | أدرس | بدرس | في الجامعة | بالجامعة | في المدرسة | taleb |
                talib | talba | badros | badrus""",
            "employed": """أعمل | اشتغل | بشتغل | شغال* | موظف* | عندي شغل | عندي عمل | عندي وظيفة |
                لدي عمل | لدي وظيفة | bashtghel | shaghal | shaghala | mwazzaf | 3andi shoghl""",
        }
    ),
    no_experience=words(
        """لا | لا يوجد | ما عندي | ماعندي | معنديش | ما عنديش | ما في | مافي | ولا شي | بدون |
        صفر | ma3andi | m3ndish | mafi | wala | la2 | la"""
    ),
    genders=table(
        {
            "female": "أنثى | امرأة | مرأة | بنت | فتاة | سيدة | شابة | ontha | bent | bint",
            "male": "ذكر | رجل | راجل | ولد | شاب | rajel | ragel | ragl | walad | dakar | thakar",
            "other": "أخرى | غير ذلك",
        }
    ),
    skip=words(
        """تخطي | تخطى | تجاوز | لا أريد أن أقول | لا اريد | ما بدي احكي | ما بدي قول | ما بدي |
        مش عايز اقول | مش عايزة اقول | مش حابب | مش حابة | أفضل عدم الإجابة | أفضل ألا أقول |
        بلاش | التالي"""
    ),
    yes=words("نعم | ايوه | أيوا | اه | آه | أكيد | عندي | اي نعم | إي | أجل | بلى | aywa | aiwa | na3am"),
    no=words(
        "لا | لأ | كلا | لا يوجد | ما عندي | ماعندي | معنديش | ما عنديش | مافي | ما في | la | la2 | mafi"
    ),
    fields=grouped(
        {
            "reg_birth_date": "ميلاد | تاريخ الميلاد | ميلادي | مواليد | عمري | العمر | milad",
            "reg_status_since": "منذ | من متى",
            "reg_phone": "هاتف | تلفون | تليفون | جوال | موبايل | رقم | رقمي",
            "reg_town": "مدينة | مدينتي | عنوان | عنواني | أسكن | ساكن | سكني | منطقة | انتقلت",
            "reg_education": "تعليم | دراسة | مدرسة | شهادة | مؤهل",
            "reg_occupation": "مهنة | مهنتي | وظيفة | وظيفتي",
            "reg_experience": "خبرة | خبرتي",
            "reg_status": "وضعي | حالتي | عاطل*",
            "reg_gender": "جنس | النوع",
            "reg_disability": "إعاقة | معاق* | احتياجات خاصة",
            "reg_name": "اسم | اسمي",
        }
    ),
    anywhere=words(
        """أي مكان | في أي مكان | أي مدينة | كل المدن | كل مكان | مش مهم | ما بتفرق | مش فارقة |
        ay makan"""
    ),
    online=words("أونلاين | اونلاين | عن بعد | من البيت | عبر الإنترنت | على النت | افتراضي"),
    in_person=words("حضوري | حضوريا | وجها لوجه | وجاهي | في القاعة | في الصف"),
    either=words("الاثنين | الاتنين | كلاهما | أي واحد | مش مهم | ما بتفرق | مش فارقة | أي شي"),
    last_item=words("الأخير | الأخيرة | آخر واحد | آخر وحدة"),
    strict=frozenset({"ana", "la", "sana", "bent", "bint", "dakar"}),
)

LEXICONS: dict[str, Lexicon] = {lex.code: lex for lex in (EN, FR, ES, PT, SW, AR)}
