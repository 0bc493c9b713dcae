"""Built-in analyzers, in their default order. Each entry is (registered name, "module:Class")."""

BUILTIN: list[tuple[str, str]] = [
    ("entities.v1", "claimscope.analyzers.entities:EntitiesAnalyzer"),
    ("claims.v1", "claimscope.analyzers.claims:ClaimsAnalyzer"),
    ("techniques.v1", "claimscope.analyzers.techniques:TechniquesAnalyzer"),
    ("frames.v1", "claimscope.analyzers.frames:FramesAnalyzer"),
    ("genre.v1", "claimscope.analyzers.genre:GenreAnalyzer"),
]

DEFAULT_PIPELINE: tuple[str, ...] = tuple(name for name, _ in BUILTIN)
