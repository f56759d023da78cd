"""applications feature of the PES back-end."""
