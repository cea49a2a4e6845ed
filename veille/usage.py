"""Exit codes and bad usage, below the commands: the run's steps and `veille/spikes_csv.py` use them too."""

from __future__ import annotations

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage of a command (exit code 2); the message says what to type instead."""
