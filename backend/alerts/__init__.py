"""alerts feature of the PES back-end."""
