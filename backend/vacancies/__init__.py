"""Vacancies as schema.org JobPostings: search, JSON-LD export and import."""
