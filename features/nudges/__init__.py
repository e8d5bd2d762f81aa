"""/settings: the alley-walk nudge and meeting news."""
