"""Knowledge base: a Wikidata alias index in SQLite (import) and entity linking against it."""

from claimscope.kb.normalize import compact_key, is_acronym, loose_key, normalize_alias

__all__ = ["compact_key", "is_acronym", "loose_key", "normalize_alias"]
