"""The words on the maps: Vietnamese by default, English available, or any already-translated set.

A Django view passes ``messages_for(get_language())``, or builds a :class:`Messages` from gettext strings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True)
class Messages:
    """Every fixed text on the maps, plus how dates and numbers are written."""

    language: str
    weekdays: tuple[str, ...]  # Monday first
    date_format: str  # str.format fields: weekday, d, m, y
    thousands_sep: str
    decimal_sep: str
    # plan
    routes: str
    depot: str
    date: str
    vehicle: str
    arrival_departure: str
    expected: str  # the live map: when the bus is now expected at a stop
    service_start: str
    time_window: str
    any_time: str
    boxes: str  # fields: deliver, collect
    stops: str  # field: n
    left_out: str
    no_routes: str
    no_routes_filtered: str
    # coverage
    coverage: str
    on_time: str
    due: str
    overdue: str
    never_visited: str
    last_visit: str
    never: str
    days_since: str  # field: n
    target_interval: str  # field: n
    kind: str
    no_coordinates: str
    no_sites: str
    # live
    live: str
    position_at: str
    no_position: str
    done: str
    remaining: str
    stops_done: str  # fields: done, total
    updated: str  # field: time
    # activity
    no_activity: str
    # trips and water (defaults so that sets made before them stay valid)
    night_at: str = "Nghỉ đêm tại"
    ferry: str = "Phà"
    # a draft's changes against the published plan
    changes: str = "Thay đổi so với kế hoạch đã xuất bản"
    change_added: str = "Thêm"
    change_moved: str = "Chuyển đến"
    change_moved_away: str = "Chuyển đi"
    change_retimed: str = "Đổi giờ"
    change_dropped: str = "Bỏ"
    changes_note: str = "Các điểm dừng không đánh dấu giữ nguyên như kế hoạch đã xuất bản."

    def change_label(self, kind: str) -> str:
        """The short word for a change kind (``maps.data.CHANGE_KINDS``), on its tag and in the legend."""
        return getattr(self, f"change_{kind}")

    def format_date(self, day: date) -> str:
        return self.date_format.format(weekday=self.weekdays[day.weekday()], d=day.day, m=day.month, y=day.year)

    def format_number(self, value: float) -> str:
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        return text.replace(",", "\0").replace(".", self.decimal_sep).replace("\0", self.thousands_sep)

    def with_changes(self, **changes) -> Messages:
        """A copy with some texts replaced (e.g. by a view's gettext strings)."""
        return replace(self, **changes)


VI = Messages(
    language="vi",
    weekdays=("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
    date_format="{weekday} {d:02d}/{m:02d}/{y}",
    thousands_sep=".",
    decimal_sep=",",
    routes="Tuyến",
    depot="Thư viện (nơi xe xuất phát)",
    date="Ngày",
    vehicle="Xe",
    arrival_departure="Đến – rời",
    expected="Dự kiến đến",
    service_start="Bắt đầu phục vụ",
    time_window="Khung giờ",
    any_time="cả ngày làm việc",
    boxes="Giao {deliver} thùng, nhận về {collect} thùng",
    stops="{n} điểm dừng",
    left_out="Chưa xếp được lịch",
    no_routes="Kế hoạch này không có tuyến nào.",
    no_routes_filtered="Không có tuyến nào cho xe hoặc ngày đã chọn.",
    coverage="Mức độ phục vụ",
    on_time="Đúng lịch",
    due="Sắp đến hạn",
    overdue="Quá hạn",
    never_visited="Chưa từng đến",
    last_visit="Lần đến gần nhất",
    never="chưa có",
    days_since="{n} ngày trước",
    target_interval="Mục tiêu: {n} ngày một lần",
    kind="Loại điểm",
    no_coordinates="Chưa có tọa độ (không hiện trên bản đồ)",
    no_sites="Không có điểm phục vụ nào để hiển thị.",
    live="Xe đang ở đâu",
    position_at="Vị trí lúc",
    no_position="Chưa có vị trí",
    done="Đã xong",
    remaining="Còn lại",
    stops_done="Đã xong {done}/{total} điểm",
    updated="Cập nhật lúc {time}",
    no_activity="Không có số liệu trong kỳ này.",
)

EN = Messages(
    language="en",
    weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    date_format="{weekday} {y}-{m:02d}-{d:02d}",
    thousands_sep=",",
    decimal_sep=".",
    routes="Routes",
    depot="Library (the bus's depot)",
    date="Date",
    vehicle="Vehicle",
    arrival_departure="Arrival – departure",
    expected="Expected",
    service_start="Service starts",
    time_window="Time window",
    any_time="whole working day",
    boxes="Delivers {deliver} boxes, collects {collect}",
    stops="{n} stop(s)",
    left_out="Not scheduled",
    no_routes="This plan has no routes.",
    no_routes_filtered="No routes for the chosen vehicle or date.",
    coverage="Coverage",
    on_time="On time",
    due="Due",
    overdue="Overdue",
    never_visited="Never visited",
    last_visit="Last visit",
    never="never",
    days_since="{n} days ago",
    target_interval="Target: every {n} days",
    kind="Site kind",
    no_coordinates="No coordinates (not on the map)",
    no_sites="No sites to show.",
    live="Where the buses are",
    position_at="Position at",
    no_position="No position yet",
    done="Done",
    remaining="Remaining",
    stops_done="{done} of {total} stops done",
    updated="Updated at {time}",
    no_activity="No figures for this period.",
    night_at="Night at",
    ferry="Ferry",
    changes="Changes from the published plan",
    change_added="Added",
    change_moved="Moved here",
    change_moved_away="Moved away",
    change_retimed="New time",
    change_dropped="Dropped",
    changes_note="Stops without a mark stay as in the published plan.",
)


def messages_for(language_code: str | None) -> Messages:
    """``"en"``, ``"en-us"``... -> English; anything else -> Vietnamese."""
    return EN if (language_code or "").lower().startswith("en") else VI
