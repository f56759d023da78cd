"""Jobseekers' journeys over the REST channel, checked against the back-end's records.

These drive the started system (Rasa server, action server, back-end) exactly as an
outside client would: text where a person would type, button payloads where she would
tap. Assertions are on what she sees and on what the back-end stored.
"""

from __future__ import annotations

import re

import httpx

from tests.e2e.conftest import Chat

PHONE = "+254712345678"


def register(chat: Chat, *, name: str, phone_typed: str, town: str, occupation: str) -> str:
    """Walks the whole registration; returns the registration number the bot told."""
    reply = chat.say("hi, i want to register")
    assert "consent" in reply.lower() or "agree" in reply.lower() or chat.buttons, reply
    reply = chat.tap("yes")
    assert "name" in reply.lower(), reply
    reply = chat.say(name)
    assert "born" in reply.lower() or "birth" in reply.lower(), reply
    reply = chat.say("14/03/2001")
    assert "phone" in reply.lower(), reply
    reply = chat.say(phone_typed)
    assert "town" in reply.lower() or "live" in reply.lower(), reply
    chat.say(town)
    chat.tap("finished secondary")
    reply = chat.say(occupation)
    assert chat.buttons, f"occupation choices expected, got: {reply}"
    chat.say(chat.buttons[0]["payload"])
    chat.say("3 years")
    chat.tap("unemployed")
    chat.say("march 2025")
    chat.tap("prefer not to say")  # gender, optional
    reply = chat.tap("no")  # disability
    assert name.split()[0] in reply, f"summary expected, got: {reply}"
    reply = chat.tap("submit")
    match = re.search(r"PES-\d{4}-\d{6}", reply)
    assert match, f"registration number expected, got: {reply}"
    return match.group(0)


def test_registration_is_stored_in_the_back_end(chat: Chat, backend: httpx.Client) -> None:
    number = register(
        chat, name="Grace Achieng", phone_typed="0712 345 678", town="Kisumu", occupation="cook"
    )

    person = backend.get("/jobseekers/lookup", params={"phone": PHONE})
    assert person.status_code == 200, person.text
    record = person.json()
    assert record["registration_number"] == number
    assert record["name"] == "Grace Achieng"
    assert record["date_of_birth"] == "2001-03-14"
    assert record["town"] == "Kisumu"
    assert record["status"] == "unemployed"
    assert record["status_since"].startswith("2025-03")
    assert record["experience_years"] == 3
    assert record["gender"] is None
    assert record["consent"]["notice_version"]
    assert record["occupations"] and record["occupations"][0]["isco_code"].startswith("51")
    assert chat.slot("jobseeker_id") == record["id"]

    # A registered user asking to register again is recognised, not registered twice.
    reply = chat.say("i want to register")
    assert number in reply or "already" in reply.lower(), reply


def test_refusing_consent_stores_nothing_and_says_what_still_works(chat: Chat, backend: httpx.Client) -> None:
    chat.say("register me please")
    reply = chat.tap("no")
    assert "job" in reply.lower() or chat.buttons, reply
    assert chat.slot("jobseeker_id") is None
    assert (
        backend.get("/jobseekers/lookup", params={"channel": "rest", "identity": chat.sender}).status_code
        == 404
    )


def test_vacancy_search_shows_results_and_more(chat: Chat) -> None:
    reply = chat.say("any driver jobs in mombasa?")
    assert "mombasa" in reply.lower() or "malindi" in reply.lower() or "kilifi" in reply.lower(), reply
    first_page = reply
    reply = chat.say("more")
    assert reply and reply != first_page, reply


def test_unknown_job_is_answered_honestly(chat: Chat) -> None:
    reply = chat.say("any astronaut jobs in garissa?")
    if "what kind of job" in reply.lower():
        reply = chat.say("astronaut")
    assert reply, "the bot must answer"
    assert "astronaut" in reply.lower() or "no " in reply.lower() or "could not" in reply.lower(), reply


def test_eligibility_answers_per_programme_with_reasons(chat: Chat) -> None:
    reply = chat.say("which programmes can i join?")
    # Unregistered: the bot asks only what the rules need; answer a few facts.
    for answer in ["24", "unemployed", "8 months", "no", "no", "no", "no", "no"]:
        if "eligible" in reply.lower() or "you can join" in reply.lower():
            break
        tap = bool(chat.buttons) and answer == "unemployed"
        reply = chat.tap("unemployed") if tap else chat.say(answer)
    assert "eligible" in reply.lower() or "can join" in reply.lower(), reply


def test_handoff_opens_an_escalation_with_the_transcript(chat: Chat, backend: httpx.Client) -> None:
    chat.say("hello")
    reply = chat.say("i want to talk to a real person")
    if chat.buttons and "counsellor" in reply.lower() and "?" in reply:
        reply = chat.tap("yes")
    assert "counsellor" in reply.lower() or "person" in reply.lower(), reply
    open_items = backend.get("/escalations", params={"status": "open"}).json()
    items = open_items["items"] if isinstance(open_items, dict) else open_items
    mine = [e for e in items if e["conversation_id"] == chat.sender]
    assert mine, f"no escalation for {chat.sender}"
    texts = " ".join(turn["text"] for turn in mine[0]["transcript"])
    assert "real person" in texts


def test_job_alert_subscription_is_stored(chat: Chat, backend: httpx.Client) -> None:
    reply = chat.say("send me job alerts for driver jobs in nakuru")
    for _ in range(3):
        if chat.buttons and any("yes" in str(b.get("title", "")).lower() for b in chat.buttons):
            reply = chat.tap("yes")
        elif chat.buttons:
            reply = chat.say(chat.buttons[0]["payload"])
        else:
            break
    alerts = backend.get("/alerts", params={"conversation_id": chat.sender}).json()
    items = alerts["items"] if isinstance(alerts, dict) else alerts
    assert items, f"no alert stored; last reply: {reply}"
    assert items[0]["town"] == "Nakuru"


def test_delete_my_data_erases_the_record(system, backend: httpx.Client) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(system)
    register(chat, name="Otieno Baraka", phone_typed="+254 733 000 111", town="Nakuru", occupation="welder")
    person = backend.get("/jobseekers/lookup", params={"phone": "+254733000111"})
    assert person.status_code == 200

    reply = chat.say("show me my data")
    assert "Otieno Baraka" in reply and "Nakuru" in reply, reply

    chat.say("delete my data")
    reply = chat.tap("yes")
    assert "deleted" in reply.lower() or "erased" in reply.lower(), reply
    assert backend.get(f"/jobseekers/{person.json()['id']}").status_code == 404
    assert chat.slot("jobseeker_id") is None


def test_handoff_in_the_middle_of_registration(chat: Chat, backend: httpx.Client) -> None:
    chat.say("i want to register")
    chat.tap("yes")
    chat.say("Wanjiku Kamau")
    reply = chat.say("i want to talk to a person")
    if chat.buttons and "?" in reply and "counsellor" in reply.lower():
        reply = chat.tap("yes")
    assert "counsellor" in reply.lower() or "person" in reply.lower(), reply
    items = backend.get("/escalations", params={"status": "open"}).json()
    items = items["items"] if isinstance(items, dict) else items
    assert any(e["conversation_id"] == chat.sender for e in items)


def test_registered_user_is_recognised_in_a_new_session(system, backend: httpx.Client) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(system)
    register(chat, name="Halima Said", phone_typed="0722 111 222", town="Mombasa", occupation="tailor")
    person = backend.get("/jobseekers/lookup", params={"channel": "rest", "identity": chat.sender})
    assert person.status_code == 200, "registration links the chat identity to the profile"

    # A restart wipes the conversation; the session that follows finds her again in
    # the back-end by her channel identity, not from slots the restart wiped.
    chat.say("/restart")
    after = chat.tracker()["events"]  # the tracker shows the events after the restart
    assert not any(e["event"] == "user" and e.get("text") == "hi, i want to register" for e in after)
    assert any(e["event"] == "session_started" for e in after), after
    found = [e for e in after if e["event"] == "slot" and e["name"] == "jobseeker_id"]
    assert found and found[-1]["value"] == person.json()["id"], after
    reply = chat.say("hi")
    assert chat.slot("jobseeker_id") == person.json()["id"]
    assert "Halima" in reply, reply
