"""CLI command families; each module has ``register(subparsers)``."""
