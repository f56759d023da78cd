"""Job alerts: resolving the job and town, confirming, storing, duplicates, unsubscribing."""

from __future__ import annotations

import pytest
from test_handoff_support import (  # type: ignore[import-not-found]
    FakePES,
    all_buttons,
    make_tracker,
    run_action,
    slot_values,
    texts,
    user_event,
)

from actions.alerts import (
    ActionAlertAskConfirm,
    ActionAlertList,
    ActionAlertOverview,
    ActionAlertSubscribe,
    ActionAlertUnsubscribe,
    ValidateAlertForm,
    clear_occupation,
    match_town,
    pick_alerts,
)
from actions.pes_models import Alert, Occupation, Town

# Fixtures (fake_pes, unreachable_pes, backend_url, real_pes) live in the support module.
pytest_plugins = ["test_handoff_support"]

DRIVER = {
    "uri": "esco:car-driver",
    "label": "car driver",
    "isco_code": "8322",
    "matched": "driver",
    "score": 95.0,
}
COOK = {"uri": "esco:cook", "label": "cook", "isco_code": "5120", "matched": "cook", "score": 100.0}
BUS = {
    "uri": "esco:bus-driver",
    "label": "bus driver",
    "isco_code": "8331",
    "matched": "driver",
    "score": 93.0,
}


def occ(**data: object) -> Occupation:
    return Occupation.from_api(data)


def alert(**data: object) -> Alert:
    return Alert.from_api({"id": 1, "active": True, **data})


# --- Pure helpers ------------------------------------------------------------------


def test_town_matches_case_accents_and_small_typos() -> None:
    towns = [Town("Mombasa", None, None, None, None), Town("Murang'a", None, None, None, None)]
    assert match_town("MOMBASA", towns) == "Mombasa"
    assert match_town("mombassa", towns) == "Mombasa"
    assert match_town("muranga", towns) == "Murang'a"
    assert match_town("london", towns) is None


def test_exact_label_or_clear_winner_is_taken_without_asking() -> None:
    assert clear_occupation("cook", [occ(**COOK)]) is not None
    assert clear_occupation("Bus Driver", [occ(**DRIVER), occ(**BUS)]).label == "bus driver"  # type: ignore[union-attr]
    # 95 vs 93 is too close to choose for her.
    assert clear_occupation("driver", [occ(**DRIVER), occ(**BUS)]) is None


def test_picking_alerts_by_button_or_position() -> None:
    alerts = [alert(id=4), alert(id=9)]
    assert pick_alerts(alerts, "9", None) == [alerts[1]]
    assert pick_alerts(alerts, "all", None) == alerts
    assert pick_alerts(alerts, None, "1") == [alerts[0]]
    assert pick_alerts(alerts, None, "3") is None
    assert pick_alerts(alerts, "77", None) is None


# --- Form validation ---------------------------------------------------------------


def form_tracker(slot: str, value: str, intent: str = "inform") -> object:
    return make_tracker(
        [user_event(value, intent), {"event": "slot", "name": slot, "value": value}],
        slots={slot: value, "requested_slot": slot},
        active_loop="alert_form",
    )


@pytest.mark.asyncio
async def test_clear_occupation_fills_label_uri_and_isco(fake_pes: FakePES) -> None:
    fake_pes.occupations = [COOK]
    _, events = await run_action(ValidateAlertForm(), form_tracker("alert_occupation", "cook"))
    assert slot_values(events) == {
        "alert_occupation": "cook",
        "alert_occupation_uri": "esco:cook",
        "alert_isco_code": "5120",
    }


@pytest.mark.asyncio
async def test_ambiguous_occupation_offers_buttons_and_asks_again(fake_pes: FakePES) -> None:
    fake_pes.occupations = [DRIVER, BUS]
    dispatcher, events = await run_action(ValidateAlertForm(), form_tracker("alert_occupation", "driver"))
    assert slot_values(events)["alert_occupation"] is None
    assert "several jobs" in texts(dispatcher)[0]
    assert [b["title"] for b in all_buttons(dispatcher)] == ["car driver", "bus driver"]
    assert all_buttons(dispatcher)[1]["payload"] == '/inform{"occupation":"bus driver"}'


@pytest.mark.asyncio
async def test_unknown_occupation_is_said_and_asked_again(fake_pes: FakePES) -> None:
    dispatcher, events = await run_action(ValidateAlertForm(), form_tracker("alert_occupation", "astronaut"))
    assert slot_values(events)["alert_occupation"] is None
    assert 'could not find a job called "astronaut"' in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_town_is_normalised_any_town_accepted_unknown_refused(fake_pes: FakePES) -> None:
    _, events = await run_action(ValidateAlertForm(), form_tracker("alert_town", "mombasa"))
    assert slot_values(events)["alert_town"] == "Mombasa"
    _, events = await run_action(ValidateAlertForm(), form_tracker("alert_town", "anywhere"))
    assert slot_values(events)["alert_town"] == "any"
    dispatcher, events = await run_action(ValidateAlertForm(), form_tracker("alert_town", "Gotham"))
    assert slot_values(events)["alert_town"] is None
    assert 'town called "Gotham"' in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_backend_down_in_the_form_is_honest_and_keeps_nothing_unchecked(unreachable_pes: None) -> None:
    dispatcher, events = await run_action(ValidateAlertForm(), form_tracker("alert_occupation", "cook"))
    assert "can't reach" in texts(dispatcher)[0]
    assert slot_values(events)["alert_occupation"] is None


# --- Confirmation and subscription ----------------------------------------------------


@pytest.mark.asyncio
async def test_confirmation_reads_the_alert_back() -> None:
    tracker = make_tracker([], slots={"alert_occupation": "cook", "alert_town": "Mombasa"})
    dispatcher, _ = await run_action(ActionAlertAskConfirm(), tracker)
    assert texts(dispatcher) == ["I will tell you about new cook jobs in Mombasa. Shall I set up this alert?"]
    tracker = make_tracker([], slots={"alert_occupation": "cook", "alert_town": "any"})
    dispatcher, _ = await run_action(ActionAlertAskConfirm(), tracker)
    assert "in any town" in texts(dispatcher)[0]


def subscribe_tracker(**slots: object) -> object:
    values = {
        "alert_occupation": "cook",
        "alert_occupation_uri": "esco:cook",
        "alert_isco_code": "5120",
        "alert_town": "Mombasa",
        **slots,
    }
    return make_tracker([user_event("yes", "affirm", channel="telegram")], slots=values, sender_id="tg-5")


@pytest.mark.asyncio
async def test_subscribe_stores_alert_for_this_channel_and_says_where_it_goes(fake_pes: FakePES) -> None:
    tracker = subscribe_tracker(user_phone="+254712345678", jobseeker_id=3.0)
    dispatcher, events = await run_action(ActionAlertSubscribe(), tracker)
    stored = list(fake_pes.alerts.values())
    assert len(stored) == 1
    assert stored[0]["recipient"] == "+254712345678"
    assert stored[0]["channel"] == "telegram"
    assert stored[0]["conversation_id"] == "tg-5"
    assert stored[0]["jobseeker_id"] == 3
    assert (stored[0]["isco_code"], stored[0]["occupation_uri"], stored[0]["town"]) == (
        "5120",
        "esco:cook",
        "Mombasa",
    )
    said = texts(dispatcher)[0]
    assert "cook jobs in Mombasa is set up" in said
    assert "will be sent to you here" in said
    assert "sent you" not in said  # nothing was delivered yet
    # The answers are cleared so the next alert starts fresh.
    assert slot_values(events) == dict.fromkeys(
        ("alert_occupation", "alert_occupation_uri", "alert_isco_code", "alert_town")
    )


@pytest.mark.asyncio
async def test_recipient_is_the_sender_id_without_a_phone(fake_pes: FakePES) -> None:
    await run_action(ActionAlertSubscribe(), subscribe_tracker(alert_town="any"))
    stored = next(iter(fake_pes.alerts.values()))
    assert stored["recipient"] == "tg-5"
    assert stored["town"] is None


@pytest.mark.asyncio
async def test_same_alert_twice_is_a_duplicate(fake_pes: FakePES) -> None:
    fake_pes.add_alert(conversation_id="tg-5", occupation_uri="esco:cook", isco_code="5120", town="mombasa")
    dispatcher, _ = await run_action(ActionAlertSubscribe(), subscribe_tracker())
    assert len(fake_pes.alerts) == 1
    assert "already have this alert" in texts(dispatcher)[0]
    # Another town is a new alert.
    await run_action(ActionAlertSubscribe(), subscribe_tracker(alert_town="Nairobi"))
    assert len(fake_pes.alerts) == 2


@pytest.mark.asyncio
async def test_duplicate_found_through_the_profile_from_another_channel(fake_pes: FakePES) -> None:
    fake_pes.add_alert(conversation_id="web-1", jobseeker_id=3, occupation_uri="esco:cook", town="Mombasa")
    dispatcher, _ = await run_action(ActionAlertSubscribe(), subscribe_tracker(jobseeker_id=3.0))
    assert "already have this alert" in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_stray_yes_without_a_finished_form_stores_nothing(fake_pes: FakePES) -> None:
    dispatcher, _ = await run_action(ActionAlertSubscribe(), make_tracker([user_event("yes", "affirm")]))
    assert fake_pes.requests == []
    assert "no alert waiting" in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_backend_down_at_subscribe_keeps_the_answers(unreachable_pes: None) -> None:
    dispatcher, events = await run_action(ActionAlertSubscribe(), subscribe_tracker())
    assert "can't reach" in texts(dispatcher)[0]
    assert slot_values(events) == {}


# --- Listing and unsubscribing ------------------------------------------------------


@pytest.mark.asyncio
async def test_overview_lists_existing_alerts_before_a_new_one(fake_pes: FakePES) -> None:
    fake_pes.add_alert(occupation_label="car driver", town="Nakuru")
    fake_pes.add_alert(occupation_label="cook")
    dispatcher, _ = await run_action(
        ActionAlertOverview(), make_tracker([user_event("job alerts", "job_alerts")])
    )
    said = texts(dispatcher)[0]
    assert "car driver – Nakuru\ncook\n" in said


@pytest.mark.asyncio
async def test_overview_is_silent_when_there_is_nothing_or_backend_down(unreachable_pes: None) -> None:
    dispatcher, events = await run_action(
        ActionAlertOverview(), make_tracker([user_event("job alerts", "job_alerts")])
    )
    assert dispatcher.messages == [] and events == []


@pytest.mark.asyncio
async def test_unsubscribe_menu_has_one_button_per_alert_and_all(fake_pes: FakePES) -> None:
    first = fake_pes.add_alert(occupation_label="car driver", town="Nakuru")
    second = fake_pes.add_alert(occupation_label="cook")
    tracker = make_tracker([user_event("stop job alerts", "unsubscribe_alerts")])
    dispatcher, _ = await run_action(ActionAlertList(), tracker)
    assert "Which alert do you want to stop?" in texts(dispatcher)[0]
    assert [(b["title"], b["payload"]) for b in all_buttons(dispatcher)] == [
        ("Stop all alerts", '/select{"item_id":"all"}'),
        ("car driver – Nakuru", f'/select{{"item_id":"{first}"}}'),
        ("cook", f'/select{{"item_id":"{second}"}}'),
    ]


@pytest.mark.asyncio
async def test_unsubscribe_without_alerts_says_so(fake_pes: FakePES) -> None:
    dispatcher, _ = await run_action(
        ActionAlertList(), make_tracker([user_event("unsubscribe", "unsubscribe_alerts")])
    )
    assert "no job alerts" in texts(dispatcher)[0]


def select(item_id: str | None = None, number: str | None = None) -> object:
    entities = []
    if item_id is not None:
        entities.append({"entity": "item_id", "value": item_id})
    if number is not None:
        entities.append({"entity": "number", "value": number})
    return make_tracker([user_event("pick", "select", entities=entities)])


@pytest.mark.asyncio
async def test_unsubscribe_one_keeps_the_others(fake_pes: FakePES) -> None:
    first = fake_pes.add_alert(occupation_label="car driver", town="Nakuru")
    second = fake_pes.add_alert(occupation_label="cook")
    dispatcher, _ = await run_action(ActionAlertUnsubscribe(), select(item_id=str(first)))
    assert list(fake_pes.alerts) == [second]
    assert texts(dispatcher) == ["Stopped: car driver – Nakuru. You will not get these alerts any more."]


@pytest.mark.asyncio
async def test_unsubscribe_all(fake_pes: FakePES) -> None:
    fake_pes.add_alert(occupation_label="car driver")
    fake_pes.add_alert(occupation_label="cook")
    dispatcher, _ = await run_action(ActionAlertUnsubscribe(), select(item_id="all"))
    assert fake_pes.alerts == {}
    assert "All your job alerts are stopped" in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_unsubscribe_by_position_and_unknown_pick(fake_pes: FakePES) -> None:
    fake_pes.add_alert(occupation_label="car driver")
    second = fake_pes.add_alert(occupation_label="cook")
    await run_action(ActionAlertUnsubscribe(), select(number="1"))
    assert list(fake_pes.alerts) == [second]
    dispatcher, _ = await run_action(ActionAlertUnsubscribe(), select(number="5"))
    assert list(fake_pes.alerts) == [second]
    assert "not sure which alert" in texts(dispatcher)[0]
