"""The eligibility rule engine: facts + a programme's rules -> a decision.

Pure functions, no I/O, so the same answer comes out wherever it runs. A rule whose
fact is unknown neither passes nor fails (`passed` is None): the programme then needs
more facts, unless another rule already rules the person out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from backend.programmes.rules_schema import (
    AgeRange,
    AnyOf,
    DisabilityRequired,
    EducationLevel,
    FlagRequired,
    LocationIn,
    MonthsUnemployedMin,
    NumberAtLeast,
    ProgrammeDefinition,
    Rule,
    StatusIn,
)

Outcome = Literal["eligible", "not_eligible", "need_facts"]

DEFAULT_NOT_ELIGIBLE_STEP = (
    "A counsellor can look at other programmes with you: ask to talk to a person or visit "
    "your nearest employment office."
)

STATUS_WORDS = {
    "unemployed": "unemployed",
    "employed": "in paid work",
    "self_employed": "self-employed",
    "student": "a student",
    "inactive": "not working and not looking for work",
}

ISCED_WORDS = {
    0: "no formal schooling or early childhood education",
    1: "primary school",
    2: "lower secondary school",
    3: "upper secondary school",
    4: "a post-secondary certificate",
    5: "a short tertiary diploma",
    6: "a bachelor's degree",
    7: "a master's degree",
    8: "a doctorate",
}

# How a yes/no fact reads in a sentence, for the value False and True.
FLAG_WORDS: dict[str, tuple[str, str]] = {
    "in_education_or_training": (
        "you are not in education or training",
        "you are in education or training",
    ),
    "receives_benefit": (
        "you do not receive unemployment benefit",
        "you receive unemployment benefit",
    ),
    "has_business_plan": ("you do not have a business plan yet", "you have a business plan"),
    "disability": ("you do not have a disability", "you have a disability"),
}

# (sentence with the value, what to ask when it is unknown)
NUMBER_WORDS: dict[str, tuple[str, str]] = {
    "age": ("you are {v}", "your age"),
    "months_unemployed": (
        "you have been unemployed for {v} months",
        "how many months you have been unemployed",
    ),
    "education_level": ("your education level is ISCED {v}", "your highest level of education"),
    "benefit_days_left": (
        "you have {v} days of unemployment benefit left",
        "how many days of unemployment benefit you have left",
    ),
}


@dataclass(frozen=True)
class Reason:
    rule: str
    passed: bool | None
    text: str


@dataclass(frozen=True)
class RuleCheck:
    reason: Reason
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    missing_facts: list[str]
    reasons: list[Reason]
    next_step: str


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of a place name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _join_or(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _known(facts: Mapping[str, Any], name: str) -> bool:
    return facts.get(name) is not None


def _age_span(rule: AgeRange) -> str:
    if rule.min is not None and rule.max is not None:
        return f"ages {rule.min}-{rule.max}"
    if rule.min is not None:
        return f"people aged {rule.min} or over"
    return f"people up to age {rule.max}"


def _check_age(rule: AgeRange, facts: Mapping[str, Any]) -> RuleCheck:
    name = rule.id or rule.kind
    span = _age_span(rule)
    if not _known(facts, "age"):
        return RuleCheck(Reason(name, None, f"We need your age: this programme is for {span}."), ("age",))
    age = int(facts["age"])
    ok = (rule.min is None or age >= rule.min) and (rule.max is None or age <= rule.max)
    return RuleCheck(Reason(name, ok, f"You are {age}; this programme is for {span}."), ())


def _check_status(rule: StatusIn, facts: Mapping[str, Any]) -> RuleCheck:
    name = rule.id or rule.kind
    wanted = _join_or([STATUS_WORDS[s] for s in rule.values])
    if not _known(facts, "status"):
        text = f"We need to know whether you work or study: this programme is for people who are {wanted}."
        return RuleCheck(Reason(name, None, text), ("status",))
    status = str(facts["status"])
    ok = status in rule.values
    now = STATUS_WORDS.get(status, status)
    return RuleCheck(Reason(name, ok, f"You are {now}; this programme is for people who are {wanted}."), ())


def _check_months(rule: MonthsUnemployedMin, facts: Mapping[str, Any]) -> RuleCheck:
    name = rule.id or rule.kind
    need = f"at least {rule.months} months"
    if not _known(facts, "months_unemployed"):
        text = f"We need to know how long you have been unemployed: this programme needs {need}."
        return RuleCheck(Reason(name, None, text), ("months_unemployed",))
    months = int(facts["months_unemployed"])
    ok = months >= rule.months
    text = f"You have been unemployed for {months} months; this programme needs {need}."
    return RuleCheck(Reason(name, ok, text), ())


def _education_span(rule: EducationLevel) -> str:
    if rule.min is not None and rule.max is not None:
        return f"between {ISCED_WORDS[rule.min]} and {ISCED_WORDS[rule.max]}"
    if rule.min is not None:
        return f"at least {ISCED_WORDS[rule.min]}"
    return f"at most {ISCED_WORDS[rule.max or 0]}"


def _check_education(rule: EducationLevel, facts: Mapping[str, Any]) -> RuleCheck:
    name = rule.id or rule.kind
    span = _education_span(rule)
    if not _known(facts, "education_level"):
        text = f"We need your highest level of education: this programme asks for {span}."
        return RuleCheck(Reason(name, None, text), ("education_level",))
    level = int(facts["education_level"])
    ok = (rule.min is None or level >= rule.min) and (rule.max is None or level <= rule.max)
    have = ISCED_WORDS.get(level, f"ISCED level {level}")
    text = f"Your highest education is {have}; this programme asks for {span}."
    return RuleCheck(Reason(name, ok, text), ())


def _check_disability(rule: DisabilityRequired, facts: Mapping[str, Any]) -> RuleCheck:
    name = rule.id or rule.kind
    if not _known(facts, "disability"):
        text = (
            "This programme is for people with a disability. Telling us is your choice; "
            "we need it only to check this programme."
        )
        return RuleCheck(Reason(name, None, text), ("disability",))
    if bool(facts["disability"]):
        return RuleCheck(
            Reason(name, True, "You have told us you have a disability; this programme is for you."), ()
        )
    return RuleCheck(
        Reason(name, False, "This programme is for people with a disability, and you told us you have none."),
        (),
    )


def _check_location(rule: LocationIn, facts: Mapping[str, Any]) -> RuleCheck:
    name = rule.id or rule.kind
    places = [*rule.towns, *(f"{r} region" for r in rule.regions)]
    where = _join_or(places)
    if not _known(facts, "town"):
        text = f"We need to know where you live: this programme runs only in {where}."
        return RuleCheck(Reason(name, None, text), ("town",))
    town = str(facts["town"])
    region = facts.get("region")
    ok = _fold(town) in {_fold(t) for t in rule.towns} or (
        region is not None and _fold(str(region)) in {_fold(r) for r in rule.regions}
    )
    text = f"You live in {town}; this programme runs only in {where}."
    return RuleCheck(Reason(name, ok, text), ())


def _check_flag(rule: FlagRequired, facts: Mapping[str, Any]) -> RuleCheck:
    name = rule.id or rule.kind
    wanted = FLAG_WORDS[rule.fact][int(rule.equals)]
    if not _known(facts, rule.fact):
        return RuleCheck(
            Reason(name, None, f"We need to know whether {FLAG_WORDS[rule.fact][1]}."), (rule.fact,)
        )
    actual = bool(facts[rule.fact])
    if actual == rule.equals:
        return RuleCheck(Reason(name, True, f"{_cap(wanted)}, as this programme requires."), ())
    said = FLAG_WORDS[rule.fact][int(actual)]
    text = f"{_cap(said)}; this programme requires that {wanted}."
    return RuleCheck(Reason(name, False, text), ())


def _check_number(rule: NumberAtLeast, facts: Mapping[str, Any]) -> RuleCheck:
    name = rule.id or rule.kind
    sentence, question = NUMBER_WORDS[rule.fact]
    need = f"at least {_number(rule.min)}"
    if not _known(facts, rule.fact):
        text = f"We need to know {question}: this programme needs {need}."
        return RuleCheck(Reason(name, None, text), (rule.fact,))
    value = float(facts[rule.fact])
    ok = value >= rule.min
    text = f"{_cap(sentence.format(v=_number(value)))}; this programme needs {need}."
    return RuleCheck(Reason(name, ok, text), ())


def _check_any(rule: AnyOf, facts: Mapping[str, Any]) -> RuleCheck:
    name = rule.id or rule.kind
    checks = [check_rule(r, facts) for r in rule.rules]
    for check in checks:
        if check.reason.passed:
            return RuleCheck(Reason(name, True, check.reason.text), ())
    texts = " ".join(c.reason.text for c in checks)
    if any(c.reason.passed is None for c in checks):
        missing = _unique(m for c in checks for m in c.missing)
        text = f"One of these is enough, and we cannot tell yet: {texts}"
        return RuleCheck(Reason(name, None, text), tuple(missing))
    return RuleCheck(Reason(name, False, f"One of these is needed, and none applies: {texts}"), ())


def _unique(names: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for n in names:
        if n not in seen:
            seen.append(n)
    return seen


# One checker per rule kind; adding a kind means a schema class and a checker here.
_CHECKERS: dict[type, Callable[[Any, Mapping[str, Any]], RuleCheck]] = {
    AgeRange: _check_age,
    StatusIn: _check_status,
    MonthsUnemployedMin: _check_months,
    EducationLevel: _check_education,
    DisabilityRequired: _check_disability,
    LocationIn: _check_location,
    FlagRequired: _check_flag,
    NumberAtLeast: _check_number,
    AnyOf: _check_any,
}


def check_rule(rule: Rule, facts: Mapping[str, Any]) -> RuleCheck:
    """Checks one rule against the facts."""
    checker = _CHECKERS.get(type(rule))
    if checker is None:
        raise TypeError(f"unknown rule kind: {type(rule).__name__}")
    return checker(rule, facts)


def evaluate(programme: ProgrammeDefinition, facts: Mapping[str, Any]) -> Decision:
    """Decides one programme: any failed rule rules out; any unknown fact asks for it."""
    checks = [check_rule(rule, facts) for rule in programme.rules]
    reasons = [c.reason for c in checks]
    if any(c.reason.passed is False for c in checks):
        step = programme.not_eligible_step or DEFAULT_NOT_ELIGIBLE_STEP
        return Decision("not_eligible", [], reasons, step)
    missing = _unique(m for c in checks for m in c.missing)
    if missing:
        questions = _join_and([_question(m) for m in missing])
        step = f"Tell us {questions}, and we can give you an answer."
        return Decision("need_facts", missing, reasons, step)
    return Decision("eligible", [], reasons, programme.next_step)


def _question(fact: str) -> str:
    """What to ask the person for a missing fact, as a phrase after 'Tell us'."""
    if fact in NUMBER_WORDS:
        return NUMBER_WORDS[fact][1]
    asks = {
        "status": "whether you work, study or look for work",
        "town": "where you live",
        "disability": "whether you have a disability (only if you wish)",
    }
    if fact in FLAG_WORDS:
        return asks.get(fact, "whether " + FLAG_WORDS[fact][1])
    return asks.get(fact, fact.replace("_", " "))


def _join_and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
