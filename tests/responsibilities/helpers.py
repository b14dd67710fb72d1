"""Moved to tests/helpers.py; this stays only for test files not yet moved (test_demo.py)."""

from tests.helpers import text

__all__ = ["text"]
