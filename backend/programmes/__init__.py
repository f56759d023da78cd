"""programmes feature of the PES back-end."""
