"""offices feature of the PES back-end."""
