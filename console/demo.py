"""A page like a PES website's, with the web chat added by its one script tag.

It shows staff what visitors see and which line to copy into their own pages, and the
end-to-end test drives the widget through it. `?lang=` picks the page's language.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from string import Template
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from console.demo_texts import PAGE
from console.settings import Settings

Language = Literal["en", "fr", "es", "pt", "sw", "ar"]
TEMPLATE = Template((Path(__file__).parent / "templates" / "demo.html").read_text("utf-8"))
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "pt": "Português",
    "sw": "Kiswahili",
    "ar": "العربية",
}


def script_tag(*, console_url: str, rasa_url: str, lang: str) -> str:
    return (
        f'<script src="{escape(console_url)}/widget.js" data-server="{escape(rasa_url)}" '
        f'data-lang="{escape(lang)}" defer></script>'
    )


def _websocket_origin(url: str) -> str:
    return "ws" + url.removeprefix("http") if url.startswith("http") else url


def render(*, lang: str, console_url: str, rasa_url: str) -> str:
    texts = PAGE[lang]
    tag = script_tag(console_url=console_url, rasa_url=rasa_url, lang=lang)
    nav = "".join(f'<li><a href="#">{escape(item)}</a></li>' for item in texts.nav)
    cards = "".join(f"<li><h2>{escape(title)}</h2><p>{escape(text)}</p></li>" for title, text in texts.cards)
    current = ' aria-current="page"'
    languages = "".join(
        f'<a href="?lang={code}" lang="{code}"{current if code == lang else ""}>{escape(name)}</a>'
        for code, name in LANGUAGE_NAMES.items()
    )
    return TEMPLATE.substitute(
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
        nav=nav,
        cards=cards,
        languages=languages,
        snippet=escape(tag),
        script=tag,
        org=escape(texts.org),
        nav_label=escape(texts.nav_label),
        hero_title=escape(texts.hero_title),
        hero_text=escape(texts.hero_text),
        embed_title=escape(texts.embed_title),
        embed_text=escape(texts.embed_text),
        footer=escape(texts.footer),
    )


def demo_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["web chat"])

    @router.get("/", response_class=HTMLResponse, summary="Demo page of a PES website with the web chat")
    def demo_page(
        request: Request, lang: Language = Query("en", description="the page's language")
    ) -> HTMLResponse:
        console_url = settings.console_public_url or str(request.base_url).rstrip("/")
        rasa = settings.rasa_public_url
        # The page allows only what the widget needs, which also proves the widget works
        # on a site with a strict content security policy.
        csp = (
            f"default-src 'none'; script-src {console_url}; "
            f"connect-src {rasa} {_websocket_origin(rasa)}; "
            "style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'self'"
        )
        return HTMLResponse(
            render(lang=lang, console_url=console_url, rasa_url=rasa),
            headers={
                "Cache-Control": "no-cache",
                "Content-Security-Policy": csp,
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "strict-origin-when-cross-origin",
            },
        )

    return router
