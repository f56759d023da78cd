"""Channels of the assistant (web chat, SMS, Telegram) behind one interface."""
