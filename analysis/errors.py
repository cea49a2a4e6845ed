"""Errors of the analysis stage that the command line reports without a traceback (no heavy imports here)."""


class PackageMissing(Exception):
    """A spaCy model package is not installed: Veille's installation is incomplete (the message says the fix)."""
