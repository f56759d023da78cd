"""The console: the web chat widget and its demo page today; the staff inbox later.

Runs in the services environment and talks to the Rasa side over HTTP only.
"""
