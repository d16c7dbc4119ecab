"""Candidate generation, scoring and joint assignment: Page -> PageMapping."""
