"""Normalisation of message texts, so that a wire message finds its catalog entry."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
FOLDED_CHARACTERS = {"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'"}
"""The dashes and quotes a text is read as plain ones (the site's look-up box folds by this too)."""
_DASHES = str.maketrans(FOLDED_CHARACTERS)
TRAILING_CHARACTERS = " .!"
"""What a text is read without at its end."""


def fold(text: str) -> str:
    """Fold case, width, dashes and quotes (``normalise_message`` without its spacing)."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES).casefold()


def normalise_message(text: str) -> str:
    """Fold case, width, dashes, quotes and runs of spaces; drop trailing dots, exclamation marks
    and spaces. Underscores stay: ``invalid_mobile_number`` (the OTP API's) is not ``Invalid
    mobile number`` (202).

    >>> normalise_message("  Missing   Mobile No. ")
    'missing mobile no'
    """
    return _SPACES.sub(" ", fold(text)).strip().rstrip(TRAILING_CHARACTERS)
