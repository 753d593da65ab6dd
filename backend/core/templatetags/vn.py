"""Template filters for Vietnamese display: names in Vietnamese order, numbers with the thousands dot."""

from django import template

from backend.core.names import person_name, user_name
from backend.core.numbers import vn_number, vn_percent

register = template.Library()


@register.filter
def vn_name(person) -> str:
    """A user or reader shown family, middle, given ("Trần Văn Hùng")."""
    if person is None:
        return ""
    if hasattr(person, "family_name"):
        return person_name(person.family_name, person.middle_name, person.given_name) or person.full_name
    return user_name(person)


@register.filter
def vn_num(value, decimals=0) -> str:
    """12345.6 -> "12.345,6" whatever the page's language (the sector's reports are Vietnamese documents)."""
    return vn_number(value, int(decimals))


@register.filter
def vn_pct(value, decimals=1) -> str:
    return vn_percent(value, int(decimals))


@register.filter
def get_value(mapping, key):
    """``mapping[key]`` in a template (a row's figure by indicator key)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
