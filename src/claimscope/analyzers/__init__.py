"""Built-in analyzers, in their default order. Each entry is (registered name, "module:Class")."""

BUILTIN: list[tuple[str, str]] = [
    ("entities.v1", "claimscope.analyzers.entities:EntitiesAnalyzer"),
    ("claims.v1", "claimscope.analyzers.claims:ClaimsAnalyzer"),
    ("techniques.v1", "claimscope.analyzers.techniques:TechniquesAnalyzer"),
    ("frames.v1", "claimscope.analyzers.frames:FramesAnalyzer"),
    ("genre.v1", "claimscope.analyzers.genre:GenreAnalyzer"),
    ("factchecks.v1", "claimscope.analyzers.factchecks:FactChecksAnalyzer"),
]

# Registered but run only when asked for: factchecks.v1 needs a store (`analyze --db PATH`).
OPTIONAL: frozenset[str] = frozenset({"factchecks.v1"})

DEFAULT_PIPELINE: tuple[str, ...] = tuple(name for name, _ in BUILTIN if name not in OPTIONAL)
