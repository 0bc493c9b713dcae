"""Built-in analyzers, in their default order. Each entry is (registered name, "module:Class")."""

BUILTIN: list[tuple[str, str]] = [
    ("entities.v1", "claimscope.analyzers.entities:EntitiesAnalyzer"),
    ("claims.v1", "claimscope.analyzers.claims:ClaimsAnalyzer"),
]

DEFAULT_PIPELINE: tuple[str, ...] = tuple(name for name, _ in BUILTIN)
