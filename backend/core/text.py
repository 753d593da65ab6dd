"""Folding Vietnamese text for search that ignores diacritics and case."""

import unicodedata

# Unicode decomposition leaves đ/Đ whole (it is a letter of its own, not d with a mark).
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def fold(text: str | None) -> str:
    """Return ``text`` lower-cased, without diacritics, whitespace collapsed: "Đà Nẵng" -> "da nang"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())
