"""Veille: the shell around the rooms — CLI, config, run lock, notifications, demo."""

__version__ = "0.1.0"
