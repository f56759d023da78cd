"""What the demo page says, in each of the assistant's languages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageText:
    org: str
    nav_label: str
    nav: list[str]
    hero_title: str
    hero_text: str
    cards: list[tuple[str, str]]
    embed_title: str
    embed_text: str
    footer: str


_TEXTS: dict[str, dict[str, Any]] = {
    "en": {
        "org": "National Employment Service",
        "nav_label": "Main menu",
        "nav": ["Jobs", "Training", "Programmes", "Offices", "Contact"],
        "hero_title": "Find work, training and support",
        "hero_text": (
            "Our assistant answers day and night: register with the employment service, search vacancies "
            "near you, and check which programmes you can join. Open the chat at the bottom of the page."
        ),
        "cards": [
            ("Register as a jobseeker", "Registration is free and takes a few minutes in the chat."),
            ("Search vacancies", "Jobs from employers across the country, updated every day."),
            ("Programmes", "Training vouchers, wage subsidies, start-up grants and the youth guarantee."),
        ],
        "embed_title": "Add the assistant to your own page",
        "embed_text": "Copy this line into any page of the website:",
        "footer": "Demo page of the PES Assistant console.",
    },
    "fr": {
        "org": "Service national de l'emploi",
        "nav_label": "Menu principal",
        "nav": ["Offres d'emploi", "Formations", "Programmes", "Agences", "Contact"],
        "hero_title": "Trouver un emploi, une formation et de l'aide",
        "hero_text": (
            "Notre assistant répond jour et nuit : inscrivez-vous au service de l'emploi, cherchez des "
            "offres "
            "près de chez vous et voyez à quels programmes vous avez droit. Ouvrez la discussion en bas de "
            "la page."
        ),
        "cards": [
            (
                "S'inscrire comme demandeur d'emploi",
                "L'inscription est gratuite et prend quelques minutes dans la discussion.",
            ),
            ("Chercher des offres", "Des offres d'employeurs de tout le pays, mises à jour chaque jour."),
            (
                "Programmes",
                "Chèques formation, aides à l'embauche, aides à la création d'entreprise et garantie jeunes.",
            ),
        ],
        "embed_title": "Ajouter l'assistant à votre page",
        "embed_text": "Copiez cette ligne dans n'importe quelle page du site :",
        "footer": "Page de démonstration de la console de l'assistant PES.",
    },
    "es": {
        "org": "Servicio Nacional de Empleo",
        "nav_label": "Menú principal",
        "nav": ["Empleos", "Formación", "Programas", "Oficinas", "Contacto"],
        "hero_title": "Encuentra trabajo, formación y apoyo",
        "hero_text": (
            "Nuestro asistente responde de día y de noche: inscríbete en el servicio de empleo, busca "
            "ofertas "
            "cerca de ti y consulta a qué programas puedes acceder. Abre el chat en la parte inferior de la "
            "página."
        ),
        "cards": [
            (
                "Inscríbete como demandante de empleo",
                "La inscripción es gratuita y se hace en pocos minutos en el chat.",
            ),
            ("Busca ofertas", "Empleos de empresas de todo el país, actualizados cada día."),
            (
                "Programas",
                "Bonos de formación, subsidios salariales, ayudas para emprender y garantía juvenil.",
            ),
        ],
        "embed_title": "Añade el asistente a tu página",
        "embed_text": "Copia esta línea en cualquier página del sitio:",
        "footer": "Página de demostración de la consola del asistente PES.",
    },
    "pt": {
        "org": "Serviço Nacional de Emprego",
        "nav_label": "Menu principal",
        "nav": ["Empregos", "Formação", "Programas", "Balcões", "Contactos"],
        "hero_title": "Encontre trabalho, formação e apoio",
        "hero_text": (
            "O nosso assistente responde dia e noite: inscreva-se no serviço de emprego, procure "
            "ofertas perto "
            "de si e veja a que programas tem direito. Abra o chat no fundo da página."
        ),
        "cards": [
            (
                "Inscreva-se como candidato a emprego",
                "A inscrição é gratuita e faz-se em poucos minutos no chat.",
            ),
            ("Procure ofertas", "Empregos de empregadores de todo o país, atualizados todos os dias."),
            (
                "Programas",
                "Cheques-formação, apoios à contratação, apoios ao próprio negócio e garantia jovem.",
            ),
        ],
        "embed_title": "Adicione o assistente à sua página",
        "embed_text": "Copie esta linha para qualquer página do sítio:",
        "footer": "Página de demonstração da consola do assistente PES.",
    },
    "sw": {
        "org": "Huduma ya Kitaifa ya Ajira",
        "nav_label": "Menyu kuu",
        "nav": ["Kazi", "Mafunzo", "Programu", "Ofisi", "Mawasiliano"],
        "hero_title": "Pata kazi, mafunzo na msaada",
        "hero_text": (
            "Msaidizi wetu anajibu mchana na usiku: jisajili na huduma ya ajira, tafuta nafasi za kazi "
            "karibu "
            "nawe na ujue programu unazostahili. Fungua mazungumzo chini ya ukurasa."
        ),
        "cards": [
            ("Jisajili kama mtafuta kazi", "Usajili ni bure na unachukua dakika chache kwenye mazungumzo."),
            ("Tafuta nafasi za kazi", "Kazi kutoka kwa waajiri kote nchini, zinasasishwa kila siku."),
            (
                "Programu",
                "Vocha za mafunzo, ruzuku za mishahara, ruzuku za kuanzisha biashara na dhamana ya vijana.",
            ),
        ],
        "embed_title": "Weka msaidizi kwenye ukurasa wako",
        "embed_text": "Nakili mstari huu kwenye ukurasa wowote wa tovuti:",
        "footer": "Ukurasa wa maonyesho wa konsoli ya Msaidizi wa PES.",
    },
    "ar": {
        "org": "الخدمة الوطنية للتوظيف",
        "nav_label": "القائمة الرئيسية",
        "nav": ["الوظائف", "التدريب", "البرامج", "المكاتب", "اتصل بنا"],
        "hero_title": "ابحث عن عمل وتدريب ودعم",
        "hero_text": (
            "مساعدنا يجيب ليلًا ونهارًا: سجّل في خدمة التوظيف، وابحث عن وظائف قريبة منك، واعرف البرامج "
            "التي يمكنك الانضمام إليها. افتح المحادثة أسفل الصفحة."
        ),
        "cards": [
            ("سجّل كباحث عن عمل", "التسجيل مجاني ويستغرق بضع دقائق في المحادثة."),
            ("ابحث عن الوظائف", "وظائف من أصحاب العمل في جميع أنحاء البلاد، تُحدَّث كل يوم."),
            ("البرامج", "قسائم التدريب، ودعم الأجور، ومنح بدء المشاريع، وضمان الشباب."),
        ],
        "embed_title": "أضف المساعد إلى صفحتك",
        "embed_text": "انسخ هذا السطر إلى أي صفحة في الموقع:",
        "footer": "صفحة تجريبية لوحدة تحكم مساعد خدمة التوظيف.",
    },
}

PAGE = {code: PageText(**values) for code, values in _TEXTS.items()}
