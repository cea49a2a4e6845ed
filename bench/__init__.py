"""Speed measurements, one script per topic: `python -m bench.<name>` writes `bench/results/<name>.md`."""
