"""Application wiring shared by every feature: settings, clock, area directory, dependencies."""
