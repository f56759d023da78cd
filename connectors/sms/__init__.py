"""SMS channels (Africa's Talking, Twilio) on one shared base: keywords, opt-out, segment budget."""
