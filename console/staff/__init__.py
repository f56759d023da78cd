"""Staff accounts, roles, sessions with CSRF protection, lock-out and the audit log."""
