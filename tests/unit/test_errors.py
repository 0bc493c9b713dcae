from __future__ import annotations

import re

import pytest

from claimscope import errors
from claimscope.errors import MESSAGES, ClaimscopeError, ExtractionError, FetchError


def test_errors_render_code_and_message() -> None:
    err = ExtractionError("E120", source="page.html")
    assert str(err) == "[E120] No article text found in page.html"
    assert err.to_dict() == {"code": "E120", "name": "ExtractionError", "message": "No article text found in page.html"}


def test_errors_share_one_root() -> None:
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type):
            assert issubclass(obj, ClaimscopeError)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_errors_codes_are_well_formed(code: str) -> None:
    assert re.fullmatch(r"E\d{3}", code)


def test_errors_missing_fields_do_not_crash() -> None:
    err = FetchError("E111", url="https://x.test")
    assert err.code == "E111" and "x.test" in str(err)
