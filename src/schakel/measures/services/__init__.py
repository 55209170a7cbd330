"""Use cases of measures: the only code that changes them (keyword-only, atomic, logged)."""
