"""Towns: where jobseekers live and jobs are, and which towns are near each other."""
