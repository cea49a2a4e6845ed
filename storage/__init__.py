"""Storage: the one SQLite file. Schema, migrations, every write and every read query live here."""

from storage.db import connect, open_readonly
from storage.records import Batch, Brand, Mention

__all__ = ["Batch", "Brand", "Mention", "connect", "open_readonly"]
