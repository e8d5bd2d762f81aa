"""Benchmarks: scripts that print figures (see README, Benchmarks); not tests."""
