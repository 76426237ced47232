"""Goedwonen: integrated supervision and enforcement of housing abuse."""

__version__ = "0.1.0"
