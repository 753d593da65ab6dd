"""The indicators a report shows, in order, with their Vietnamese and English headers (exports need both whatever
the page's language) and how figures derived from others are computed."""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Indicator:
    key: str
    vi: str
    en: str
    decimals: int = 0

    def label(self, lang: str | None = None) -> str:
        return self.en if (lang or get_language() or "vi").startswith("en") else self.vi


INDICATORS: list[Indicator] = [
    Indicator("trips_planned", "Chuyến xe theo kế hoạch", "Trips planned"),
    Indicator("trips_made", "Chuyến xe đã thực hiện", "Trips made"),
    Indicator("visits_planned", "Lượt phục vụ theo kế hoạch", "Visits planned"),
    Indicator("visits_made", "Lượt phục vụ đã thực hiện", "Visits made"),
    Indicator("visits_skipped", "Lượt phục vụ bị bỏ", "Visits skipped"),
    Indicator("reader_visits", "Lượt bạn đọc", "Reader visits"),
    Indicator("reader_visits_students", "Lượt bạn đọc học sinh", "Reader visits: students"),
    Indicator("reader_visits_adults", "Lượt bạn đọc người lớn", "Reader visits: adults"),
    Indicator("new_readers", "Bạn đọc mới", "New readers"),
    Indicator("loans", "Lượt mượn", "Loans"),
    Indicator("returns", "Lượt trả", "Returns"),
    Indicator("overdue_loans", "Lượt mượn quá hạn", "Overdue loans"),
    Indicator("collections_deposited", "Bộ sách luân chuyển đã giao", "Collections deposited"),
    Indicator("collections_collected", "Bộ sách luân chuyển đã thu hồi", "Collections collected"),
    Indicator("copies_rotated", "Bản sách luân chuyển", "Copies rotated"),
    Indicator("copies_purchased", "Bản sách bổ sung (mua)", "Copies acquired: purchase"),
    Indicator("copies_donated", "Bản sách bổ sung (tặng)", "Copies acquired: donation"),
    Indicator("km", "Số km đã chạy", "Kilometres driven", 1),
    Indicator("hours_at_sites", "Giờ phục vụ tại điểm", "Hours at sites", 1),
    Indicator("reader_visits_per_hour", "Lượt bạn đọc mỗi giờ phục vụ", "Reader visits per service hour", 1),
]
BY_KEY = {i.key: i for i in INDICATORS}
# Figures that can be compared with the year before and the +10 %/year target.
GROWTH_METRICS = [
    i.key for i in INDICATORS if i.key not in ("reader_visits_per_hour", "visits_skipped", "overdue_loans")
]
COLUMN_LABELS = {
    "period": ("Kỳ", "Period"),
    "group": ("Nhóm", "Group"),
    "group_key": ("Mã nhóm", "Group id"),
}


def finish_row(values: dict) -> dict:
    """Turn raw aggregates into indicators: seconds to hours, metres to km, zeros for missing figures, ratios."""
    seconds = values.pop("time_at_sites", None)
    values["hours_at_sites"] = round(seconds / 3600, 1) if seconds else 0.0
    values["km"] = round((values.pop("distance_m", None) or 0) / 1000, 1)
    students, adults = values.get("reader_visits_students") or 0, values.get("reader_visits_adults") or 0
    values["reader_visits"] = values.get("reader_visits") or students + adults
    for indicator in INDICATORS:
        if values.get(indicator.key) is None:
            values[indicator.key] = 0
    hours = values["hours_at_sites"]
    values["reader_visits_per_hour"] = round(values["reader_visits"] / hours, 1) if hours else 0.0
    return values
