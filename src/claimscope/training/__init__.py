"""Training code (needs the ``train`` extra: torch). Nothing here is imported at run time."""
