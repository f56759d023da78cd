"""courses feature of the PES back-end."""
