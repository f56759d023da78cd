"""Registration drafts: answers given so far, kept under a verified phone number."""
