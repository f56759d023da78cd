"""escalations feature of the PES back-end."""
