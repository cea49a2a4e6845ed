"""Speed measurements, one script per topic: `python -m bench.<name>` writes `bench/results/<name>.md`."""

from pathlib import Path


def publish(path: Path, text: str) -> None:
    """Print a benchmark's report and write it to `bench/results/` (not versioned: figures belong to a
    machine and a day)."""
    print(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
