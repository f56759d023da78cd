"""schema.org JobPosting in JSON-LD: what job boards and search engines exchange.

`to_jobposting` and `from_jobposting` are inverses for every field the API holds,
so an exported feed imported elsewhere (or here) loses nothing.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from backend.core.errors import Invalid
from backend.vacancies.models import Vacancy
from backend.vacancies.schemas import VacancyIn

CONTEXT = "https://schema.org"
ISCO_SET = "ISCO-08"


def to_jobposting(v: Vacancy, *, with_context: bool = True) -> dict[str, Any]:
    doc: dict[str, Any] = {"@context": CONTEXT} if with_context else {}
    doc |= {
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "PES vacancy id", "value": str(v.id)},
        "title": v.title,
        "description": v.description,
        "datePosted": v.date_posted.isoformat(),
        "employmentType": v.employment_type,
        "hiringOrganization": {"@type": "Organization", "name": v.employer},
        "jobLocation": {
            "@type": "Place",
            "address": _drop_none(
                {
                    "@type": "PostalAddress",
                    "addressLocality": v.town,
                    "addressRegion": v.region,
                    "addressCountry": v.country,
                }
            ),
        },
        "skills": list(v.skills or []),
        "totalJobOpenings": v.openings,
        "directApply": False,
    }
    if v.valid_through:
        doc["validThrough"] = v.valid_through.isoformat()
    if v.salary_min is not None or v.salary_max is not None:
        doc["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": v.salary_currency,
            "value": _drop_none(
                {
                    "@type": "QuantitativeValue",
                    "minValue": v.salary_min,
                    "maxValue": v.salary_max,
                    "unitText": v.salary_unit,
                }
            ),
        }
    if v.isco_code:
        doc["occupationalCategory"] = _drop_none(
            {
                "@type": "CategoryCode",
                "codeValue": v.isco_code,
                "inCodeSet": ISCO_SET,
                "name": v.occupation_label,
            }
        )
    if v.occupation_uri or v.occupation_label:
        doc["relevantOccupation"] = _drop_none(
            {"@type": "Occupation", "name": v.occupation_label, "sameAs": v.occupation_uri}
        )
    if v.education_requirements:
        doc["educationRequirements"] = v.education_requirements
    if v.experience_months is not None:
        doc["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": v.experience_months,
        }
    contact = _drop_none(
        {"@type": "ContactPoint", "url": v.apply_url, "email": v.apply_email, "telephone": v.apply_phone}
    )
    if len(contact) > 1:
        doc["applicationContact"] = contact
    return doc


def to_item_list(vacancies: list[Vacancy]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@type": "ItemList",
        "numberOfItems": len(vacancies),
        "itemListElement": [
            {"@type": "ListItem", "position": n, "item": to_jobposting(v, with_context=False)}
            for n, v in enumerate(vacancies, start=1)
        ],
    }


def parse_payload(payload: Any) -> list[VacancyIn]:
    """JobPostings from a single JobPosting, an ItemList or a JSON array of either."""
    postings = list(_postings(payload))
    if not postings:
        raise Invalid("no JobPosting found: send a JobPosting, an ItemList of them, or an array")
    vacancies = []
    for n, posting in enumerate(postings, start=1):
        try:
            vacancies.append(from_jobposting(posting))
        except (ValidationError, ValueError, TypeError, OverflowError) as exc:
            raise Invalid(f"JobPosting {n}: {_explain(exc)}") from exc
    return vacancies


def from_jobposting(doc: dict[str, Any]) -> VacancyIn:
    address = _address(doc.get("jobLocation"))
    salary = _obj(doc.get("baseSalary"))
    salary_value = _salary_value(salary.get("value"))
    category = doc.get("occupationalCategory")
    occupation = _obj(doc.get("relevantOccupation"))
    experience = doc.get("experienceRequirements")
    contact = _obj(doc.get("applicationContact"))
    isco_code, category_name = _category(category)
    return VacancyIn.model_validate(
        {
            "title": doc.get("title"),
            "description": doc.get("description"),
            "date_posted": _date(doc.get("datePosted")),
            "valid_through": _date(doc.get("validThrough")),
            "employment_type": _employment_type(doc.get("employmentType")),
            "employer": _name(doc.get("hiringOrganization")),
            "town": address.get("addressLocality"),
            "region": address.get("addressRegion"),
            "country": _name(address.get("addressCountry")) or "KE",
            "salary_min": salary_value.get("minValue", salary_value.get("value")),
            "salary_max": salary_value.get("maxValue", salary_value.get("value")),
            "salary_currency": salary.get("currency"),
            "salary_unit": salary_value.get("unitText"),
            "isco_code": isco_code,
            "occupation_uri": occupation.get("sameAs"),
            "occupation_label": occupation.get("name") or category_name,
            "education_requirements": _education(doc.get("educationRequirements")),
            "experience_months": _experience(experience),
            "skills": _skills(doc.get("skills")),
            "openings": doc.get("totalJobOpenings") or 1,
            "apply_url": contact.get("url"),
            "apply_email": contact.get("email"),
            "apply_phone": contact.get("telephone"),
        }
    )


def _postings(payload: Any) -> list[dict[str, Any]]:
    if isinstance(payload, list):
        return [p for item in payload for p in _postings(item)]
    if not isinstance(payload, dict):
        raise Invalid("expected a JSON object or array")
    kind = payload.get("@type")
    if kind == "ItemList":
        items = payload.get("itemListElement") or []
        if not isinstance(items, list):
            raise Invalid("ItemList.itemListElement must be an array")
        return [p for el in items for p in _postings(el.get("item", el) if isinstance(el, dict) else el)]
    if kind == "ListItem":
        return _postings(payload.get("item"))
    if "@graph" in payload:
        return _postings(payload["@graph"])
    if kind == "JobPosting":
        return [payload]
    raise Invalid(f"unsupported @type {kind!r}: expected JobPosting or ItemList")


def _obj(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def _salary_value(value: Any) -> dict[str, Any]:
    # schema.org lets MonetaryAmount.value be a plain number ("value": 30000): one
    # amount, both the minimum and the maximum. Dropping it lost the salary on import.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"value": value}
    return _obj(value)


def _name(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    return _obj(value).get("name")


def _address(location: Any) -> dict[str, Any]:
    address = _obj(location).get("address")
    if isinstance(address, str):
        return {"addressLocality": address}
    return _obj(address)


def _date(value: Any) -> str | None:
    # schema.org allows a DateTime here; the API keeps the date part.
    return value[:10] if isinstance(value, str) else value


def _employment_type(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).upper().replace("-", "_").replace(" ", "_") if value else "OTHER"


def _category(value: Any) -> tuple[str | None, str | None]:
    if isinstance(value, str):
        code = value.split()[0] if value.split() else ""
        return (code, None) if code.isdigit() else (None, value)
    item = _obj(value)
    return item.get("codeValue"), item.get("name")


def _education(value: Any) -> str | None:
    if isinstance(value, str) or value is None:
        return value
    item = _obj(value)
    return item.get("credentialCategory") or item.get("name")


def _experience(value: Any) -> int | None:
    if isinstance(value, dict):
        months = value.get("monthsOfExperience")
        return int(months) if months is not None else None
    return None


def _skills(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [s.strip() for s in value.split(",") if s.strip()]
    if not isinstance(value, list):
        raise ValueError("skills must be text or an array")
    # A skill object without a name is skipped rather than stored as the text "None".
    names = [s if isinstance(s, str) else _name(s) for s in value]
    return [n for n in names if n]


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _explain(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'posting'}: {e['msg']}" for e in exc.errors()
        )
    return str(exc)
