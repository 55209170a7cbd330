"""Schakel: the municipal approach to human trafficking, in one product."""

__version__ = "0.1.0"
