"""The claim page and the review workflow's actions."""
