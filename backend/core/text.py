"""Folding Vietnamese text for search that ignores diacritics and case."""

import re
import unicodedata

# Unicode decomposition leaves đ/Đ whole (it is a letter of its own, not d with a mark).
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})
_WORD = re.compile(r"[^\W_]+")


def fold(text: str | None) -> str:
    """Return ``text`` lower-cased, without diacritics, whitespace collapsed: "Đà Nẵng" -> "da nang"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def fold_words(text: str | None) -> list[str]:
    """The folded words of ``text``, punctuation dropped: "Dế Mèn: phiêu-lưu" -> ["de", "men", "phieu", "luu"]."""
    return _WORD.findall(fold(text))


def search_key(text: str | None) -> str:
    """The folded words of ``text`` joined by single spaces: what catalogue search compares and indexes."""
    return " ".join(fold_words(text))
