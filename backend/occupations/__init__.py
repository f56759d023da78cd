"""Occupations: the ESCO classification, ISCO-08 groups and a fast, forgiving search."""
