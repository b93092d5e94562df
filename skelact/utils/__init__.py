"""Utilities: checkpoint conversion and safe loading, environment info."""
