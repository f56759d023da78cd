"""Custom actions of the PES Assistant (run by the rasa-sdk action server)."""
