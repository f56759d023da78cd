"""Jobseekers: the registered profile, its channel identities and the occupations sought."""
