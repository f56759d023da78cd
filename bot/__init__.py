"""Rasa-side NLU extensions of the PES Assistant (custom graph components)."""
