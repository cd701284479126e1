"""The test suite (a package, so the two conftest.py files get distinct names)."""
