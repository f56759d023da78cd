"""Reference PES back-end: the HTTP API the assistant's actions call."""
