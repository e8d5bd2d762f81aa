"""Campaigns: a message from a centre to its volunteers, with progress and a final count."""
