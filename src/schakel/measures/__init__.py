"""Bestuurlijke maatregelen."""
