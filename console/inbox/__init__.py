"""The staff escalation inbox: tickets imported from the back-end's escalations, the
conversations read from and answered through the Rasa server, live updates over SSE."""
