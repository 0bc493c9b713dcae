"""Evaluation commands, one module per part (``command`` in each); the CLI mounts them under ``claimscope eval``."""
