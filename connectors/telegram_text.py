"""The few sentences the Telegram channel says itself, in the assistant's six languages.

Everything else the user reads comes from the domain's responses, already in her
language. These cover what never reaches Rasa: content the bot cannot read, an edited
message, someone else's contact, a button that has expired, a group chat, and the label
of the "share my phone number" button.
"""

from __future__ import annotations

LANGUAGES = ("en", "fr", "es", "pt", "sw", "ar")
DEFAULT_LANGUAGE = "en"

NOTICES: dict[str, dict[str, str]] = {
    # A sticker, photo, voice note, location, document, poll...
    "unsupported": {
        "en": "Sorry, I can only read text. Please type your message in words.",
        "fr": "Désolé, je ne sais lire que du texte. Écrivez votre message avec des mots, s'il vous plaît.",
        "es": "Lo siento, solo puedo leer texto. Escribe tu mensaje con palabras, por favor.",
        "pt": "Desculpe, só consigo ler texto. Por favor, escreva sua mensagem em palavras.",
        "sw": "Samahani, naweza kusoma maandishi tu. Tafadhali andika ujumbe wako kwa maneno.",
        "ar": "عذرًا، لا أستطيع أن أقرأ إلا النصوص. من فضلك اكتب رسالتك بالكلمات.",
    },
    "edited": {
        "en": "I only read new messages, not edited ones. Please send your correction as a new message.",
        "fr": "Je ne lis que les nouveaux messages, pas les messages modifiés. "
        "Envoyez votre correction dans un nouveau message.",
        "es": "Solo leo mensajes nuevos, no los editados. Envía tu corrección en un mensaje nuevo.",
        "pt": "Só leio mensagens novas, não as editadas. Envie sua correção em uma nova mensagem.",
        "sw": "Ninasoma ujumbe mpya tu, si ujumbe uliohaririwa. "
        "Tafadhali tuma marekebisho yako kama ujumbe mpya.",
        "ar": "أقرأ الرسائل الجديدة فقط، لا الرسائل المعدّلة. من فضلك أرسل تصحيحك في رسالة جديدة.",
    },
    "foreign_contact": {
        "en": "I can only use your own phone number. Please type it, or share your own contact.",
        "fr": "Je ne peux utiliser que votre propre numéro. Tapez-le, ou partagez votre propre contact.",
        "es": "Solo puedo usar tu propio número. Escríbelo o comparte tu propio contacto.",
        "pt": "Só posso usar o seu próprio número. Digite o número ou compartilhe o seu próprio contato.",
        "sw": "Ninaweza kutumia nambari yako mwenyewe tu. "
        "Tafadhali iandike, au tuma mawasiliano yako mwenyewe.",
        "ar": "لا يمكنني أن أستخدم إلا رقم هاتفك أنت. من فضلك اكتبه، أو شارك جهة اتصالك أنت.",
    },
    # A shared contact whose number cannot be a real phone number (U+200E keeps the "+"
    # on the left of the number inside Arabic text).
    "invalid_phone": {
        "en": "I could not read that phone number. Please type it, for example +254 712 345 678.",
        "fr": "Je n'ai pas pu lire ce numéro. Tapez-le, par exemple +254 712 345 678.",
        "es": "No pude leer ese número. Escríbelo, por ejemplo +254 712 345 678.",
        "pt": "Não consegui ler esse número. Digite-o, por exemplo +254 712 345 678.",
        "sw": "Sikuweza kusoma nambari hiyo. Tafadhali iandike, kwa mfano +254 712 345 678.",
        "ar": "لم أتمكن من قراءة هذا الرقم. من فضلك اكتبه، مثلًا \u200e+254 712 345 678.",
    },
    # Shown as the small notice of a button tap (at most 200 characters).
    "expired_button": {
        "en": "This button is no longer active. Please use the latest message or type your answer.",
        "fr": "Ce bouton n'est plus actif. Utilisez le dernier message ou tapez votre réponse.",
        "es": "Este botón ya no está activo. Usa el último mensaje o escribe tu respuesta.",
        "pt": "Este botão não está mais ativo. Use a última mensagem ou digite sua resposta.",
        "sw": "Kitufe hiki hakifanyi kazi tena. Tumia ujumbe wa mwisho au andika jibu lako.",
        "ar": "هذا الزر لم يعد يعمل. استخدم آخر رسالة أو اكتب إجابتك.",
    },
    "group": {
        "en": "I only talk with one person at a time. Please write to me in a private chat.",
        "fr": "Je ne discute qu'en tête-à-tête. Écrivez-moi dans une conversation privée.",
        "es": "Solo converso con una persona a la vez. Escríbeme en un chat privado.",
        "pt": "Só converso com uma pessoa de cada vez. Escreva para mim em uma conversa privada.",
        "sw": "Ninazungumza na mtu mmoja mmoja tu. Tafadhali niandikie kwenye gumzo la faragha.",
        "ar": "أتحدث مع شخص واحد فقط في كل مرة. من فضلك راسلني في محادثة خاصة.",
    },
    "error": {
        "en": "Sorry, something went wrong on my side. Please try again in a few minutes.",
        "fr": "Désolé, un problème est survenu de mon côté. Réessayez dans quelques minutes.",
        "es": "Lo siento, algo falló de mi lado. Inténtalo de nuevo en unos minutos.",
        "pt": "Desculpe, algo deu errado do meu lado. Tente de novo em alguns minutos.",
        "sw": "Samahani, kuna tatizo upande wangu. Tafadhali jaribu tena baada ya dakika chache.",
        "ar": "عذرًا، حدث خطأ من جهتي. من فضلك حاول مرة أخرى بعد بضع دقائق.",
    },
    "share_phone": {
        "en": "Share my phone number",
        "fr": "Partager mon numéro",
        "es": "Compartir mi número",
        "pt": "Compartilhar meu número",
        "sw": "Tuma nambari yangu ya simu",
        "ar": "مشاركة رقم هاتفي",
    },
}


def supported_language(code: str | None) -> str | None:
    """The ISO 639-1 code of one of our languages from a tag like "pt-BR", else None."""
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LANGUAGES else None


def notice(kind: str, language: str | None) -> str:
    """The sentence `kind` in `language`, or in English when that language is not ours."""
    texts = NOTICES[kind]
    return texts.get(supported_language(language) or DEFAULT_LANGUAGE, texts[DEFAULT_LANGUAGE])
