"""Mijlpaal: plan backwards from the end result, steer by milestones."""

__version__ = "0.1.0"
