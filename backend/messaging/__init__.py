"""messaging feature of the PES back-end: what the SMS and Telegram channels record."""
