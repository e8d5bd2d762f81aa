"""The features: one folder each, with its dialogues (Telegram handlers), its use cases, the
notices it renders and the scheduled kinds it registers. No feature imports another (the import
contract in pyproject.toml); what they share is below them, in ui/, core/ and storage/."""
