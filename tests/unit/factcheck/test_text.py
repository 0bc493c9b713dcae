"""Query cleaning for posts: links, signatures, hashtags and mentions."""

from __future__ import annotations

import pytest

from claimscope.factcheck.text import clean_query


@pytest.mark.parametrize(
    ("raw", "text", "author"),
    [
        (
            "OREO x LADY GAGA packs drop today! pic.twitter.com/OPdkueC45h — OREO Cookie (@Oreo) January 28, 2021",
            "OREO x LADY GAGA packs drop today!",
            "OREO Cookie",
        ),
        (
            "NJ Declares War https://t.co/5IaoXAZauP#NewJersey#GunConfiscation "
            "— The Daily Sheeple (@TheDailySheeple) December 13, 2018",
            "NJ Declares War New Jersey Gun Confiscation",
            "The Daily Sheeple",
        ),
        (
            "@HillaryClinton I support women registering for the draft #DraftOurDaughters",
            "HillaryClinton I support women registering for the draft Draft Our Daughters",
            None,
        ),
        ("Plain sentence with no noise.", "Plain sentence with no noise.", None),
    ],
)
def test_text_cleans_posts(raw: str, text: str, author: str | None) -> None:
    query = clean_query(raw)
    assert query.text == text
    assert query.author == author


def test_text_never_returns_an_empty_query_for_a_link_only_post() -> None:
    assert clean_query("https://t.co/5IaoXAZauP").text
