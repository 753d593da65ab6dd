"""The indicators a report shows, in order: one definition each, with its Vietnamese and English names (exports
need both whatever the page's language), shared by the pages, the API, Form 01 and the exports; and how figures
derived from others are computed.

Words follow the library sector's statistics: a *buổi phục vụ* is a stop made (a service session at a site), a
*lượt bạn đọc* one person at one session, a *lượt tài liệu lưu hành* one use of a document, in or out of the library.
"""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Indicator:
    key: str
    vi: str
    en: str
    decimals: int = 0
    definition_vi: str = ""
    definition_en: str = ""

    def label(self, lang: str | None = None) -> str:
        return self.en if _english(lang) else self.vi

    def definition(self, lang: str | None = None) -> str:
        return self.definition_en if _english(lang) else self.definition_vi


def _english(lang: str | None) -> bool:
    return (lang or get_language() or "vi").startswith("en")


I = Indicator  # noqa: E741 -- the table below reads better with a short name
INDICATORS: list[Indicator] = [
    I("trips_planned", "Chuyến xe theo kế hoạch", "Trips planned", 0,
      "Số chuyến xe (một xe, một ngày) trong kế hoạch đã công bố.",
      "Trips (one bus, one day) in published plans."),
    I("trips_made", "Chuyến xe đã thực hiện", "Trips made", 0,
      "Số chuyến xe có ít nhất một buổi phục vụ đã thực hiện.",
      "Trips with at least one service session made."),
    I("visits_planned", "Buổi phục vụ theo kế hoạch", "Service sessions planned", 0,
      "Số lần xe dừng phục vụ tại một điểm theo kế hoạch đã công bố.",
      "Stops at a site in published plans."),
    I("visits_made", "Buổi phục vụ đã thực hiện", "Service sessions made", 0,
      "Số buổi phục vụ kíp xe đã đến điểm (ghi nhận đến, rời điểm).",
      "Stops the crew made (arrival or departure recorded)."),
    I("visits_skipped", "Buổi phục vụ không thực hiện", "Service sessions skipped", 0,
      "Số buổi phục vụ theo kế hoạch bị bỏ, kèm lý do.",
      "Planned stops skipped, with a reason."),
    I("reader_visits", "Lượt bạn đọc", "Reader visits", 0,
      "Mỗi người đến xe trong một buổi phục vụ là một lượt (kíp xe đếm).",
      "One person at one service session, as the crew counts."),
    I("reader_visits_students", "Lượt bạn đọc học sinh", "Reader visits: students", 0,
      "Lượt bạn đọc là học sinh.", "Reader visits by students."),
    I("reader_visits_adults", "Lượt bạn đọc người lớn", "Reader visits: adults", 0,
      "Lượt bạn đọc là người lớn.", "Reader visits by adults."),
    I("new_readers", "Bạn đọc mới", "New readers", 0,
      "Bạn đọc được cấp thẻ trong kỳ.", "Readers given a card in the period."),
    I("regular_readers", "Bạn đọc thường xuyên", "Regular readers", 0,
      "Bạn đọc đã có thẻ từ trước kỳ và có mượn sách trong kỳ (mỗi người tính một lần).",
      "Readers with a card from before the period who borrowed in it (each counted once)."),
    I("served_children", "Lượt bạn đọc là trẻ em", "Reader visits: children", 0,
      "Lượt bạn đọc là trẻ em (nhóm ưu tiên, Thông tư 05/2022).",
      "Reader visits by children (a priority group, Circular 05/2022)."),
    I("served_elderly", "Lượt bạn đọc là người cao tuổi", "Reader visits: elderly people", 0,
      "Lượt bạn đọc là người cao tuổi (nhóm ưu tiên).", "Reader visits by elderly people (a priority group)."),
    I("served_disabled", "Lượt bạn đọc là người khuyết tật", "Reader visits: people with disabilities", 0,
      "Lượt bạn đọc là người khuyết tật (nhóm ưu tiên).",
      "Reader visits by people with disabilities (a priority group)."),
    I("served_ethnic_minority", "Lượt bạn đọc là người dân tộc thiểu số", "Reader visits: ethnic minorities", 0,
      "Lượt bạn đọc là người dân tộc thiểu số (nhóm ưu tiên).",
      "Reader visits by ethnic minority people (a priority group)."),
    I("served_priority_areas", "Lượt bạn đọc tại vùng biên giới, vùng khó khăn",
      "Reader visits in border and disadvantaged areas", 0,
      "Lượt bạn đọc tại các điểm thuộc vùng biên giới hoặc vùng khó khăn.",
      "Reader visits at sites in border or disadvantaged areas."),
    I("document_uses", "Lượt tài liệu lưu hành", "Document uses", 0,
      "Lượt mượn về nhà + lượt đọc tại chỗ trên xe và tại điểm + lượt sử dụng tủ sách luân chuyển do điểm báo cáo.",
      "Loans + documents read on the bus and at the point + uses of rotating collections the points report."),
    I("loans", "Lượt mượn về nhà", "Loans", 0,
      "Mỗi bản sách cho mượn là một lượt.", "Each copy lent is one loan."),
    I("reading_uses", "Lượt đọc tại chỗ", "Documents read on the spot", 0,
      "Lượt tài liệu đọc trên xe và tại điểm, kíp xe đếm.", "Documents read on the bus and at the point, as counted."),
    I("collection_uses", "Lượt sử dụng tủ sách luân chuyển", "Rotating collection uses", 0,
      "Lượt sử dụng bộ sách luân chuyển do điểm báo cáo khi thu hồi bộ sách.",
      "Uses of a rotating collection the point reports when it is collected."),
    I("digital_uses", "Lượt sử dụng máy tính, tài liệu số", "Digital uses", 0,
      "Lượt sử dụng máy tính và tài liệu số trên xe.", "Uses of the bus's computers and digital documents."),
    I("returns", "Lượt trả", "Returns", 0, "Bản sách bạn đọc trả lại.", "Copies readers brought back."),
    I("overdue_loans", "Lượt mượn quá hạn", "Overdue loans", 0,
      "Lượt mượn đến hạn trong kỳ mà chưa trả đúng hạn.", "Loans due in the period not back by their due date."),
    I("collections_deposited", "Bộ sách luân chuyển đã giao", "Collections deposited", 0,
      "Số lần giao một bộ sách luân chuyển cho một điểm.", "Rotating collections handed over to a site."),
    I("collections_collected", "Bộ sách luân chuyển đã thu hồi", "Collections collected", 0,
      "Số lần thu hồi một bộ sách luân chuyển từ một điểm.", "Rotating collections taken back from a site."),
    I("copies_rotated", "Bản sách giao theo bộ luân chuyển", "Copies deposited in collections", 0,
      "Tổng số bản sách trong các bộ luân chuyển đã giao (không phải lượt tài liệu lưu hành).",
      "Copies in the collections handed over (not document uses)."),
    I("copies_purchased", "Bản sách bổ sung (mua)", "Copies acquired: purchase", 0,
      "Bản sách mua mới đưa vào kho.", "Copies bought into stock."),
    I("copies_donated", "Bản sách bổ sung (tặng)", "Copies acquired: donation", 0,
      "Bản sách được tặng, quyên góp đưa vào kho.", "Copies given or donated into stock."),
    I("events_held", "Sự kiện, hoạt động hưởng ứng đã tổ chức", "Events held", 0,
      "Sự kiện đã báo cáo (Ngày Sách và Văn hóa đọc Việt Nam, Tuần lễ học tập suốt đời…), tính theo ngày bắt đầu.",
      "Events reported (Book and Reading Culture Day, Lifelong Learning Week…), by their first day."),
    I("event_participants", "Lượt người tham gia sự kiện", "Event participants", 0,
      "Số người tham gia các sự kiện đã tổ chức, do thư viện báo cáo sau sự kiện (không cộng vào lượt bạn đọc).",
      "People taking part in the events held, as reported after each (not added to reader visits)."),
    I("event_participants_children", "Lượt người tham gia sự kiện là trẻ em", "Event participants: children", 0,
      "Người tham gia sự kiện là trẻ em (nhóm ưu tiên).", "Event participants who are children (a priority group)."),
    I("km", "Số km đã chạy", "Kilometres driven", 1,
      "Quãng đường các chuyến xe đã thực hiện.", "Distance of the trips made."),
    I("hours_at_sites", "Giờ phục vụ tại điểm", "Hours at sites", 1,
      "Thời gian từ lúc đến tới lúc rời điểm.", "Time from arrival to departure at the sites."),
    I("reader_visits_per_hour", "Lượt bạn đọc mỗi giờ phục vụ", "Reader visits per service hour", 1,
      "Lượt bạn đọc chia cho giờ phục vụ tại điểm.", "Reader visits divided by hours at sites."),
]  # fmt: skip
del I
BY_KEY = {i.key: i for i in INDICATORS}
# Figures that can be compared with the year before and the +10 %/year target.
GROWTH_METRICS = [
    i.key for i in INDICATORS if i.key not in ("reader_visits_per_hour", "visits_skipped", "overdue_loans")
]
PRIORITY_METRICS = ["served_children", "served_elderly", "served_disabled", "served_ethnic_minority",
                    "served_priority_areas"]  # fmt: skip
# The aggregates a derived indicator is computed from (``finish_row``); any other indicator is its own aggregate.
_STUDENTS_ADULTS = {"reader_visits", "reader_visits_students", "reader_visits_adults"}
DERIVED_FROM = {
    "reader_visits": _STUDENTS_ADULTS,
    "document_uses": {"loans", "reading_uses", "collection_uses"},
    "hours_at_sites": {"time_at_sites"},
    "km": {"distance_m"},
    "reader_visits_per_hour": _STUDENTS_ADULTS | {"time_at_sites"},
}


def raw_keys(*indicators: str) -> frozenset[str]:
    """The aggregates the reports must compute for ``indicators`` (a growth table or chart needs one)."""
    return frozenset().union(*(DERIVED_FROM.get(key, {key}) for key in indicators))


COLUMN_LABELS = {
    "period": ("Kỳ", "Period"),
    "group": ("Nhóm", "Group"),
    "group_key": ("Mã nhóm", "Group id"),
}


def finish_row(values: dict) -> dict:
    """Turn raw aggregates into indicators: seconds to hours, metres to km, zeros for missing figures, sums and
    ratios."""
    seconds = values.pop("time_at_sites", None)
    values["hours_at_sites"] = round(seconds / 3600, 1) if seconds else 0.0
    values["km"] = round((values.pop("distance_m", None) or 0) / 1000, 1)
    students, adults = values.get("reader_visits_students") or 0, values.get("reader_visits_adults") or 0
    values["reader_visits"] = values.get("reader_visits") or students + adults
    for indicator in INDICATORS:
        if values.get(indicator.key) is None:
            values[indicator.key] = 0
    values["document_uses"] = values["loans"] + values["reading_uses"] + values["collection_uses"]
    hours = values["hours_at_sites"]
    values["reader_visits_per_hour"] = round(values["reader_visits"] / hours, 1) if hours else 0.0
    return values
