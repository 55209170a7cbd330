"""Zorgcoördinatie."""
