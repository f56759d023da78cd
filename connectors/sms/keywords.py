"""STOP, START and HELP over SMS, in the assistant's six languages, and the channel's own texts.

Operators and regulators expect an SMS service to honour these words whatever the
conversation is doing, so the channel reads them before Rasa does. A keyword counts
only when it is the whole message (trimmed, any case, with or without accents or
Arabic diacritics): "stop" is a keyword, "stop sending me jobs in Nakuru" is a message
for the bot.

Keywords shared by several languages (STOP, START, HELP are understood everywhere;
PARAR is Spanish and Portuguese) list every language they belong to; the answer is
written in the conversation's language when it is one of them, else in the first.

The texts are the channel's, not the bot's: each fits one SMS (160 GSM-7 characters
once made GSM-safe; Arabic within 70 UCS-2 characters), says what the service is or
what just happened, and how to undo it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

LANGUAGES = ("en", "fr", "es", "pt", "sw", "ar")
DEFAULT_LANGUAGE = "en"
_EVERYWHERE = ("en", "fr", "es", "pt", "sw")


class Keyword(str, Enum):
    STOP = "stop"
    START = "start"
    HELP = "help"


@dataclass(frozen=True)
class KeywordMatch:
    keyword: Keyword
    # The languages the word belongs to, the most likely first.
    languages: tuple[str, ...]
    # What she wrote, as she wrote it (stored with the opt-out).
    word: str

    def language(self, *preferred: str | None) -> str:
        """The first preferred language the word belongs to, else the word's own."""
        for language in preferred:
            if language in self.languages:
                return language
        return self.languages[0]


_WORDS: dict[Keyword, dict[str, tuple[str, ...]]] = {
    Keyword.STOP: {
        "stop": _EVERYWHERE,
        "stopall": ("en",),
        "unsubscribe": ("en",),
        "arret": ("fr",),
        "desabonner": ("fr",),
        "desinscrire": ("fr",),
        "parar": ("es", "pt"),
        "baja": ("es",),
        "descadastrar": ("pt",),
        "acha": ("sw",),
        "sitisha": ("sw",),
        "توقف": ("ar",),
        "ايقاف": ("ar",),
        "الغاء الاشتراك": ("ar",),
    },
    Keyword.START: {
        "start": _EVERYWHERE,
        "unstop": ("en",),
        "commencer": ("fr",),
        "debut": ("fr",),
        "empezar": ("es",),
        "comenzar": ("es",),
        "iniciar": ("es", "pt"),
        "comecar": ("pt",),
        "anza": ("sw",),
        "ابدا": ("ar",),
    },
    Keyword.HELP: {
        "help": _EVERYWHERE,
        "info": _EVERYWHERE,
        "aide": ("fr",),
        "ayuda": ("es",),
        "ajuda": ("pt",),
        "msaada": ("sw",),
        "مساعده": ("ar",),
    },
}

_INDEX: dict[str, tuple[Keyword, tuple[str, ...]]] = {
    word: (keyword, languages) for keyword, words in _WORDS.items() for word, languages in words.items()
}

# Punctuation people add around a one-word message ("Stop!", "STOP.", "«arrêt»").
_TRIM = " \t\r\n.,;:!?¡¿'\"«»“”‘’()-_*،؟؛"
# Arabic letters written several ways: alef maqsura for ya, ta marbuta for ha, tatweel.
_ARABIC_FOLD = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None})


def normalise(text: str) -> str:
    """Fold case, accents, Arabic diacritics and surrounding punctuation for comparison."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = bare.translate(_ARABIC_FOLD).casefold().strip(_TRIM)
    return " ".join(folded.split())


def match(text: str | None) -> KeywordMatch | None:
    """The keyword this whole message is, or None."""
    if not text or len(text) > 40:
        return None
    found = _INDEX.get(normalise(text))
    if found is None:
        return None
    keyword, languages = found
    return KeywordMatch(keyword=keyword, languages=languages, word=text.strip())


class Text(str, Enum):
    STOPPED = "stopped"
    STARTED = "started"
    HELP = "help"
    UNAVAILABLE = "unavailable"


_TEXTS: dict[Text, dict[str, str]] = {
    Text.STOPPED: {
        "en": "You are unsubscribed and will get no more SMS from the employment service. "
        "To subscribe again, reply START.",
        "fr": "Vous êtes désinscrit et ne recevrez plus de SMS du service de l'emploi. "
        "Pour vous réinscrire, répondez COMMENCER.",
        "es": "Se ha dado de baja y no recibirá más SMS del servicio de empleo. "
        "Para volver a suscribirse, responda EMPEZAR.",
        "pt": "Cancelou a inscrição e não receberá mais SMS do serviço de emprego. "
        "Para voltar a receber, responda COMECAR.",
        "sw": "Umejiondoa na hutapokea tena SMS kutoka huduma ya ajira. Ili kujiunga tena, jibu ANZA.",
        "ar": "تم إلغاء اشتراكك ولن تصلك رسائل أخرى. للعودة أرسل: ابدأ",
    },
    Text.STARTED: {
        "en": "Welcome back: you will get messages from the employment service again. "
        "Reply HELP for help or STOP to unsubscribe.",
        "fr": "Bon retour : vous recevrez de nouveau les messages du service de l'emploi. "
        "AIDE pour de l'aide, ARRET pour arrêter.",
        "es": "Bienvenido de nuevo: volverá a recibir mensajes del servicio de empleo. "
        "AYUDA para ayuda, PARAR para darse de baja.",
        "pt": "Bem-vindo de volta: voltará a receber mensagens do serviço de emprego. "
        "AJUDA para ajuda, PARAR para cancelar.",
        "sw": "Karibu tena: utapokea tena ujumbe wa huduma ya ajira. Jibu MSAADA kupata msaada, "
        "ACHA kujiondoa.",
        "ar": "مرحبا بعودتك، ستصلك رسائلنا من جديد. للإيقاف أرسل: توقف",
    },
    Text.HELP: {
        "en": "Employment service assistant: ask about jobs, training, support programmes "
        "or registering, in your own words. Reply STOP to unsubscribe.",
        "fr": "Assistant du service de l'emploi : offres, formations, aides, inscription. "
        "Écrivez votre question. ARRET pour vous désinscrire.",
        "es": "Asistente del servicio de empleo: ofertas, cursos, ayudas, inscripción. "
        "Escriba su pregunta. PARAR para darse de baja.",
        "pt": "Assistente do serviço de emprego: vagas, formações, apoios, inscrição. "
        "Escreva a sua pergunta. PARAR para cancelar.",
        "sw": "Msaidizi wa huduma ya ajira: kazi, mafunzo, programu za msaada, usajili. "
        "Andika swali lako. Jibu ACHA kujiondoa.",
        "ar": "مساعد خدمة التشغيل: وظائف وتدريب وتسجيل. اكتب سؤالك. للإيقاف: توقف",
    },
    Text.UNAVAILABLE: {
        "en": "Sorry, we could not handle your message just now. Please try again in a few minutes.",
        "fr": "Désolé, nous n'avons pas pu traiter votre message. Réessayez dans quelques minutes.",
        "es": "Lo sentimos, no pudimos atender su mensaje. Inténtelo de nuevo en unos minutos.",
        "pt": "Desculpe, não conseguimos tratar a sua mensagem. Tente de novo dentro de alguns minutos.",
        "sw": "Samahani, hatukuweza kushughulikia ujumbe wako sasa. Tafadhali jaribu tena baadaye.",
        "ar": "عذرا، تعذرت معالجة رسالتك الآن. حاول مرة أخرى بعد دقائق.",
    },
}


def text(which: Text, language: str | None) -> str:
    texts = _TEXTS[which]
    return texts.get(language or DEFAULT_LANGUAGE, texts[DEFAULT_LANGUAGE])


# "Reply 1, 2 or 3": the verb, the word for "or", and the form used for long lists.
_HINTS: dict[str, tuple[str, str, str]] = {
    "en": ("Reply", "or", "Reply a number from 1 to {n}"),
    "fr": ("Répondez", "ou", "Répondez par un numéro de 1 à {n}"),
    "es": ("Responda", "o", "Responda con un número del 1 al {n}"),
    "pt": ("Responda", "ou", "Responda com um número de 1 a {n}"),
    "sw": ("Jibu", "au", "Jibu kwa namba 1 hadi {n}"),
    "ar": ("أرسل", "أو", "أرسل رقما من 1 إلى {n}"),
}


def reply_hint(count: int, language: str | None) -> str:
    """How to answer a numbered list of `count` options, in the conversation's language."""
    verb, or_word, long_form = _HINTS.get(language or DEFAULT_LANGUAGE, _HINTS[DEFAULT_LANGUAGE])
    if count > 4:
        return long_form.format(n=count)
    numbers = [str(i) for i in range(1, count + 1)]
    if len(numbers) == 1:
        return f"{verb} 1"
    if language == "ar":
        # Arabic repeats the conjunction between every pair of options.
        return f"{verb} " + f" {or_word} ".join(numbers)
    return f"{verb} {', '.join(numbers[:-1])} {or_word} {numbers[-1]}"
