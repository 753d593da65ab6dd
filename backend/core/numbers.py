"""Numbers and dates as Vietnamese write them: thousands with a dot, decimals with a comma (12.345,6),
percentages with a space (8,2 %), dates dd/mm/yyyy."""

import datetime


def vn_number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,d}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_percent(value, decimals: int = 1) -> str:
    if value is None or value == "":
        return ""
    return f"{vn_number(value, decimals)} %"


def vn_date(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""
