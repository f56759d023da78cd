"""Job alerts: subscribe (alert_form, then confirmation), list, unsubscribe one or all.

Alerts are stored in the back-end for this conversation's recipient and channel. The
bot only records the subscription: sending alerts is a later piece of work, so nothing
here says that an alert was sent.
"""

from __future__ import annotations

import difflib
import logging
import unicodedata
from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESAction, PESFormValidation
from actions.pes_client import PESClient, PESError
from actions.pes_models import Alert, Occupation, Town
from actions.search_common import said_anywhere

logger = logging.getLogger(__name__)

ANY_TOWN = "any"
ALL_ALERTS = "all"
ALERT_SLOTS = ("alert_occupation", "alert_occupation_uri", "alert_isco_code", "alert_town")
# A search hit this good, and this far ahead of the next one, is taken without asking.
CLEAR_SCORE = 90.0
CLEAR_MARGIN = 5.0
CHOICES = 3
TOWN_CUTOFF = 0.8
# Typed answers that mean "any town" (the "Any town" button sends /skip instead);
# `said_anywhere` adds the everyday words of every language.
ANY_TOWN_WORDS = frozenset({"any", "anywhere", "any town", "any place", "everywhere", "all towns", "popote"})


# --- Pure helpers -------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case without accents or surrounding blanks, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip().lower()


def match_town(text: str, towns: Sequence[Town]) -> str | None:
    """The back-end's spelling of the town the user typed (accents, case, small typos)."""
    wanted = normalise(text)
    if not wanted:
        return None
    by_key = {normalise(t.name): t.name for t in towns}
    if wanted in by_key:
        return by_key[wanted]
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=TOWN_CUTOFF)
    return by_key[close[0]] if close else None


def clear_occupation(query: str, hits: Sequence[Occupation]) -> Occupation | None:
    """The hit to take without asking: an exact label, or a clear winner."""
    wanted = normalise(query)
    for hit in hits:
        if normalise(hit.label) == wanted:
            return hit
    if not hits:
        return None
    best = hits[0]
    runner_up = hits[1].score if len(hits) > 1 and hits[1].score is not None else None
    clear_lead = runner_up is None or (best.score or 0.0) - runner_up >= CLEAR_MARGIN
    if best.score is not None and best.score >= CLEAR_SCORE and clear_lead:
        return best
    return None


def occupation_buttons(hits: Sequence[Occupation]) -> list[dict[str, str]]:
    """Top hits as buttons; the payload sends the exact label back as the entity."""
    buttons = []
    for hit in hits[:CHOICES]:
        label = hit.label.replace('"', "'")
        buttons.append({"title": hit.label, "payload": f'/inform{{"occupation":"{label}"}}'})
    return buttons


def same_alert(alert: Alert, *, occupation_uri: str | None, isco_code: str | None, town: str | None) -> bool:
    """Whether an existing alert already covers this occupation and town."""
    if occupation_uri and alert.occupation_uri:
        same_job = alert.occupation_uri == occupation_uri
    else:
        same_job = bool(isco_code) and alert.isco_code == isco_code
    wanted_town = normalise(town) if town else ""
    return same_job and normalise(alert.town or "") == wanted_town


def alert_title(alert: Alert) -> str:
    """Button title for an alert: data only (occupation, town), so no language is baked in."""
    job = alert.occupation_label or alert.keyword or alert.isco_code or str(alert.id)
    return f"{job} – {alert.town}" if alert.town else job


def merge_alerts(*lists: Sequence[Alert]) -> list[Alert]:
    seen: dict[int, Alert] = {}
    for alerts in lists:
        for alert in alerts:
            if alert.active:
                seen.setdefault(alert.id, alert)
    return sorted(seen.values(), key=lambda a: a.id)


def pick_alerts(alerts: Sequence[Alert], item_id: Any, number: Any) -> list[Alert] | None:
    """The alerts the user chose: by button (item_id "all" or an id) or by position (number)."""
    if item_id is not None:
        if str(item_id).strip().lower() == ALL_ALERTS:
            return list(alerts)
        chosen = [a for a in alerts if str(a.id) == str(item_id).strip()]
        return chosen or None
    if number is not None:
        try:
            position = int(float(str(number)))
        except ValueError:
            return None
        if 1 <= position <= len(alerts):
            return [alerts[position - 1]]
    return None


def _jobseeker_id(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def recipient_of(tracker: Tracker) -> str:
    """Where alerts go: the known phone number, else this channel's id of the user."""
    return str(tracker.get_slot("user_phone") or tracker.sender_id)


async def current_alerts(tracker: Tracker, client: PESClient) -> list[Alert]:
    """Alerts of this conversation and, when registered, of the person's profile."""
    by_conversation = await client.list_alerts(conversation_id=tracker.sender_id)
    jobseeker_id = _jobseeker_id(tracker.get_slot("jobseeker_id"))
    by_profile = await client.list_alerts(jobseeker_id=jobseeker_id) if jobseeker_id is not None else []
    return merge_alerts(by_conversation, by_profile)


def reset_events() -> list[EventType]:
    return [SlotSet(slot, None) for slot in ALERT_SLOTS]


# --- Form validation ----------------------------------------------------------------


class ValidateAlertForm(PESFormValidation):
    def name(self) -> str:
        return "validate_alert_form"

    async def validate_alert_occupation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        query = str(value or "").strip()
        if not query:
            return {"alert_occupation": None}
        hits = await self.get_client().search_occupations(query, limit=5)
        if not hits:
            dispatcher.utter_message(response="utter_alert_occupation_unknown", query=query)
            return {"alert_occupation": None}
        chosen = clear_occupation(query, hits)
        if chosen is None:
            dispatcher.utter_message(
                response="utter_alert_occupation_choose", query=query, buttons=occupation_buttons(hits)
            )
            return {"alert_occupation": None}
        return {
            "alert_occupation": chosen.label,
            "alert_occupation_uri": chosen.uri,
            "alert_isco_code": chosen.isco_code,
        }

    async def validate_alert_town(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        lang = tracker.get_slot("language")
        if normalise(text).rstrip(".!") in ANY_TOWN_WORDS or said_anywhere(text, lang):
            return {"alert_town": ANY_TOWN}
        town = match_town(text, await self.get_client().list_towns()) if text else None
        if town is None:
            dispatcher.utter_message(response="utter_alert_town_unknown", town=text)
            return {"alert_town": None}
        return {"alert_town": town}


# --- Actions ------------------------------------------------------------------------


class ActionAlertOverview(PESAction):
    """Lists the alerts the user already has before the form asks for a new one."""

    def name(self) -> str:
        return "action_alert_overview"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        try:
            alerts = await current_alerts(tracker, client)
        except PESError as exc:
            # Only a courtesy listing: the form goes on, and storing the alert reports
            # the failure honestly if the back-end is still down then.
            logger.warning("alerts not listed: %s", exc)
            return []
        if alerts:
            dispatcher.utter_message(
                response="utter_alert_overview", alerts="\n".join(alert_title(a) for a in alerts)
            )
        return []


class ActionAlertAskConfirm(Action):
    """Reads the subscription back before storing it."""

    def name(self) -> str:
        return "action_alert_ask_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        occupation = tracker.get_slot("alert_occupation")
        town = tracker.get_slot("alert_town")
        if not town or town == ANY_TOWN:
            dispatcher.utter_message(response="utter_alert_confirm_any_town", occupation=occupation)
        else:
            dispatcher.utter_message(response="utter_alert_confirm", occupation=occupation, town=town)
        return []


class ActionAlertSubscribe(PESAction):
    """Stores the alert unless an identical one exists."""

    def name(self) -> str:
        return "action_alert_subscribe"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        occupation = tracker.get_slot("alert_occupation")
        if not occupation:
            # Reached without a finished form (e.g. a stray "yes"): nothing to store.
            dispatcher.utter_message(response="utter_alert_nothing_to_confirm")
            return []
        uri = tracker.get_slot("alert_occupation_uri")
        isco = tracker.get_slot("alert_isco_code")
        town_slot = tracker.get_slot("alert_town")
        town = None if not town_slot or town_slot == ANY_TOWN else str(town_slot)

        existing = await current_alerts(tracker, client)
        if any(same_alert(a, occupation_uri=uri, isco_code=isco, town=town) for a in existing):
            dispatcher.utter_message(response="utter_alert_duplicate", occupation=occupation)
            return reset_events()

        await client.subscribe_alert(
            {
                "conversation_id": tracker.sender_id,
                "channel": tracker.get_latest_input_channel() or "unknown",
                "recipient": recipient_of(tracker),
                "jobseeker_id": _jobseeker_id(tracker.get_slot("jobseeker_id")),
                "isco_code": isco,
                "occupation_uri": uri,
                "occupation_label": occupation,
                "town": town,
                "keyword": None,
                "language": tracker.get_slot("language") or "en",
            }
        )
        if town:
            dispatcher.utter_message(response="utter_alert_subscribed", occupation=occupation, town=town)
        else:
            dispatcher.utter_message(response="utter_alert_subscribed_any_town", occupation=occupation)
        return reset_events()

    def on_failure_events(self, tracker: Tracker) -> list[EventType]:
        # Keep the answers: "yes" again later, or a new "job alerts", does not re-ask them.
        return []


class ActionAlertList(PESAction):
    """Shows the user's alerts as buttons; tapping one stops it."""

    def name(self) -> str:
        return "action_alert_list"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        alerts = await current_alerts(tracker, client)
        if not alerts:
            dispatcher.utter_message(response="utter_alert_none")
            return []
        # Dynamic buttons are appended after the response's own ones: the "stop all"
        # button lives in the *_many responses, so its title gets translated with them.
        buttons = [{"title": alert_title(a), "payload": f'/select{{"item_id":"{a.id}"}}'} for a in alerts]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        response = "utter_alert_unsubscribe_menu" if intent == "unsubscribe_alerts" else "utter_alert_list"
        if len(alerts) > 1:
            response += "_many"
        dispatcher.utter_message(response=response, count=len(alerts), buttons=buttons)
        return []


class ActionAlertUnsubscribe(PESAction):
    """Stops the alert(s) the user picked from the list."""

    def name(self) -> str:
        return "action_alert_unsubscribe"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        alerts = await current_alerts(tracker, client)
        if not alerts:
            dispatcher.utter_message(response="utter_alert_none")
            return []
        chosen = pick_alerts(
            alerts,
            next(tracker.get_latest_entity_values("item_id"), None),
            next(tracker.get_latest_entity_values("number"), None),
        )
        if not chosen:
            dispatcher.utter_message(response="utter_alert_pick_unknown")
            return []
        for alert in chosen:
            await client.unsubscribe_alert(alert.id)
        if len(chosen) == len(alerts) and len(chosen) > 1:
            dispatcher.utter_message(response="utter_alert_unsubscribed_all")
        else:
            for alert in chosen:
                dispatcher.utter_message(response="utter_alert_unsubscribed", alert=alert_title(alert))
        return []


class ActionAlertReset(Action):
    """Forgets an unfinished subscription (the user stopped or said no)."""

    def name(self) -> str:
        return "action_alert_reset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return reset_events()
