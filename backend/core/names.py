"""People's names in Vietnamese order: stored as family, middle and given names, shown "Trần Văn Hùng", sorted by
the given name first (then family and middle names), ignoring diacritics and case for ordering."""

from backend.core.text import fold


def person_name(family: str | None, middle: str | None, given: str | None) -> str:
    """The name as Vietnamese write it: family, middle, given ("Trần", "Văn", "Hùng" -> "Trần Văn Hùng")."""
    return " ".join(part.strip() for part in (family, middle, given) if part and part.strip())


def name_parts(full_name: str | None) -> tuple[str, str, str]:
    """Split a name written in Vietnamese order: the first word is the family name, the last the given name,
    the words between the middle name ("Nguyễn Thị Minh Khai" -> ("Nguyễn", "Thị Minh", "Khai"))."""
    words = (full_name or "").split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def name_sort_key(family: str | None, middle: str | None, given: str | None) -> tuple[str, str, str]:
    """How a list of people is ordered in Vietnam: by given name, then family name, then middle name."""
    return fold(given), fold(family), fold(middle)


def user_name(user) -> str:
    """A user's name for display: Vietnamese order when the name is known, else the username."""
    if user is None:
        return ""
    name = person_name(user.last_name, getattr(user, "middle_name", ""), user.first_name)
    return name or user.get_username()
