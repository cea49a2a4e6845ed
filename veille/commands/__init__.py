"""One module per `veille` sub-command; each exposes `register(subparsers)` and `run(args) -> int`."""
