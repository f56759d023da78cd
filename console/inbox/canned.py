"""The canned answers a new console starts with, in each of the bot's languages.

They are a starting point: supervisors edit, add and delete them in the inbox. They are
written only into an empty table (at `python -m console.cli migrate`), so a country's
own wording is never overwritten by an upgrade.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.inbox.models import CannedAnswer

LANGUAGES = ("en", "fr", "es", "pt", "sw", "ar")


class Default(NamedTuple):
    team: str | None
    title: str
    text: str


DEFAULTS: dict[str, tuple[Default, ...]] = {
    "en": (
        Default(
            None,
            "Greeting",
            "Hello, I am a counsellor at the employment office. I have read your conversation "
            "with the assistant and I will help you from here.",
        ),
        Default(None, "One moment", "Thank you. Please give me a moment while I check this for you."),
        Default(
            None,
            "More details",
            "Could you tell me a little more about your situation, so I can help you better?",
        ),
        Default(
            "registration",
            "Documents to register",
            "To complete your registration, bring your national ID card and any certificates you have "
            "to your nearest employment office.",
        ),
        Default(
            "benefits",
            "Benefit claim checked",
            "I will look at your benefit claim with a colleague and come back to you in this conversation.",
        ),
        Default(
            "programmes",
            "Programme places",
            "There are places in training programmes this month. Tell me which kind of work interests you "
            "and I will suggest one.",
        ),
        Default(
            None,
            "Closing",
            "Is there anything else I can help you with? If not, I will hand you back to the assistant.",
        ),
    ),
    "fr": (
        Default(
            None,
            "Salutation",
            "Bonjour, je suis conseiller ou conseillère au service de l'emploi. J'ai lu votre échange "
            "avec l'assistant et je prends le relais.",
        ),
        Default(None, "Un instant", "Merci. Accordez-moi un instant, je vérifie cela pour vous."),
        Default(
            None,
            "Plus de détails",
            "Pouvez-vous m'en dire un peu plus sur votre situation, pour que je vous aide au mieux ?",
        ),
        Default(
            "registration",
            "Documents pour l'inscription",
            "Pour terminer votre inscription, apportez votre carte d'identité et vos diplômes ou "
            "certificats à l'agence pour l'emploi la plus proche.",
        ),
        Default(
            "benefits",
            "Demande d'allocation",
            "Je vais examiner votre demande d'allocation avec un collègue et je vous réponds dans cette "
            "conversation.",
        ),
        Default(
            "programmes",
            "Places en formation",
            "Des places sont ouvertes dans des programmes de formation ce mois-ci. Dites-moi quel métier "
            "vous intéresse et je vous en proposerai un.",
        ),
        Default(
            None,
            "Clôture",
            "Puis-je vous aider pour autre chose ? Sinon, je vous laisse de nouveau avec l'assistant.",
        ),
    ),
    "es": (
        Default(
            None,
            "Saludo",
            "Hola, soy orientador/a de la oficina de empleo. He leído su conversación con el asistente "
            "y le atiendo a partir de ahora.",
        ),
        Default(None, "Un momento", "Gracias. Deme un momento mientras lo compruebo."),
        Default(
            None,
            "Más detalles",
            "¿Puede contarme un poco más sobre su situación, para poder ayudarle mejor?",
        ),
        Default(
            "registration",
            "Documentos para inscribirse",
            "Para completar su inscripción, lleve su documento de identidad y sus certificados a la "
            "oficina de empleo más cercana.",
        ),
        Default(
            "benefits",
            "Solicitud de prestación",
            "Revisaré su solicitud de prestación con un compañero y le responderé en esta conversación.",
        ),
        Default(
            "programmes",
            "Plazas en programas",
            "Este mes hay plazas en programas de formación. Dígame qué tipo de trabajo le interesa y le "
            "propondré uno.",
        ),
        Default(
            None,
            "Cierre",
            "¿Puedo ayudarle en algo más? Si no, le dejo de nuevo con el asistente.",
        ),
    ),
    "pt": (
        Default(
            None,
            "Saudação",
            "Olá, sou conselheiro/a do serviço de emprego. Li a sua conversa com o assistente e vou "
            "ajudá-lo/a a partir de agora.",
        ),
        Default(None, "Um momento", "Obrigado. Dê-me um momento enquanto verifico isto."),
        Default(
            None,
            "Mais detalhes",
            "Pode contar-me um pouco mais sobre a sua situação, para que eu possa ajudar melhor?",
        ),
        Default(
            "registration",
            "Documentos para a inscrição",
            "Para concluir a sua inscrição, leve o seu bilhete de identidade e os seus certificados ao "
            "centro de emprego mais próximo.",
        ),
        Default(
            "benefits",
            "Pedido de subsídio",
            "Vou analisar o seu pedido de subsídio com um colega e respondo-lhe nesta conversa.",
        ),
        Default(
            "programmes",
            "Vagas em programas",
            "Este mês há vagas em programas de formação. Diga-me que tipo de trabalho lhe interessa e "
            "eu sugiro um.",
        ),
        Default(
            None,
            "Encerramento",
            "Posso ajudar em mais alguma coisa? Se não, volto a deixá-lo/a com o assistente.",
        ),
    ),
    "sw": (
        Default(
            None,
            "Salamu",
            "Habari, mimi ni mshauri wa ofisi ya ajira. Nimesoma mazungumzo yako na msaidizi na "
            "nitakusaidia kuanzia sasa.",
        ),
        Default(None, "Subiri kidogo", "Asante. Tafadhali nipe muda kidogo niangalie hili."),
        Default(
            None,
            "Maelezo zaidi",
            "Unaweza kunieleza zaidi kidogo kuhusu hali yako, ili nikusaidie vizuri zaidi?",
        ),
        Default(
            "registration",
            "Nyaraka za usajili",
            "Ili kukamilisha usajili wako, leta kitambulisho chako cha taifa na vyeti ulivyo navyo "
            "kwenye ofisi ya ajira iliyo karibu nawe.",
        ),
        Default(
            "benefits",
            "Ombi la msaada wa fedha",
            "Nitaangalia ombi lako la msaada pamoja na mwenzangu na nitakujibu katika mazungumzo haya.",
        ),
        Default(
            "programmes",
            "Nafasi za mafunzo",
            "Mwezi huu kuna nafasi katika programu za mafunzo. Niambie ni kazi ya aina gani "
            "inayokuvutia nami nitakupendekezea moja.",
        ),
        Default(
            None,
            "Kumaliza",
            "Kuna jambo lingine naweza kukusaidia? Kama hakuna, nitakurudisha kwa msaidizi.",
        ),
    ),
    "ar": (
        Default(
            None,
            "تحية",
            "مرحبًا، أنا مستشار في مكتب التشغيل. قرأت محادثتك مع المساعد وسأساعدك من الآن.",
        ),
        Default(None, "لحظة من فضلك", "شكرًا لك. امنحني لحظة من فضلك حتى أتحقق من ذلك."),
        Default(
            None,
            "مزيد من التفاصيل",
            "هل يمكنك أن تخبرني بالمزيد عن وضعك حتى أتمكن من مساعدتك بشكل أفضل؟",
        ),
        Default(
            "registration",
            "وثائق التسجيل",
            "لإكمال تسجيلك، أحضر بطاقة الهوية الوطنية وأي شهادات لديك إلى أقرب مكتب تشغيل.",
        ),
        Default(
            "benefits",
            "طلب الإعانة",
            "سأراجع طلب الإعانة الخاص بك مع زميل وسأرد عليك في هذه المحادثة.",
        ),
        Default(
            "programmes",
            "أماكن في البرامج",
            "توجد أماكن شاغرة في برامج التدريب هذا الشهر. أخبرني بنوع العمل الذي يهمك وسأقترح عليك برنامجًا.",
        ),
        Default(
            None,
            "إنهاء المحادثة",
            "هل هناك شيء آخر يمكنني مساعدتك فيه؟ إن لم يكن، سأعيدك إلى المساعد.",
        ),
    ),
}


def insert_defaults(session: Session) -> int:
    """Writes the defaults into an empty table; the number written (0 when it had answers)."""
    if session.scalar(select(func.count()).select_from(CannedAnswer)):
        return 0
    rows = [
        CannedAnswer(language=language, team=d.team, title=d.title, text=d.text)
        for language in LANGUAGES
        for d in DEFAULTS[language]
    ]
    session.add_all(rows)
    session.flush()
    return len(rows)
