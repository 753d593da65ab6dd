"""Reports API: indicators per period and grouping, growth against last year and the target, skip reasons, event
reports, monthly series and CSV/XLSX exports. Every role may read, each within its scope (``report_scope_for``)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.planning.models import SkipCause
from backend.reports import exports, selectors
from backend.reports.indicators import GROWTH_METRICS, INDICATORS
from backend.reports.periods import GROUPINGS, STEPS, Period, ReportParameterError, report_query_parse, year_period

PERIOD_PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.DATE, description="First date (with end)."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last date, inclusive (with start)."),
    OpenApiParameter("year", OpenApiTypes.INT, description="A whole year instead of start and end."),
    OpenApiParameter("year_kind", OpenApiTypes.STR, enum=["calendar", "sector"], description="sector: 1/12–30/11."),
]
STEP_PARAMETER = OpenApiParameter("step", OpenApiTypes.STR, enum=list(STEPS), description="Default: month.")
GROUP_PARAMETER = OpenApiParameter("group", OpenApiTypes.STR, enum=list(GROUPINGS), description="Default: total.")
METRIC_PARAMETER = OpenApiParameter(
    "metric", OpenApiTypes.STR, enum=GROWTH_METRICS, description="Default: reader_visits."
)
LANG_PARAMETER = OpenApiParameter("lang", OpenApiTypes.STR, enum=["vi", "en"], description="Headers; default vi.")
DEFAULT_METRIC = "reader_visits"


def this_year() -> Period:
    return year_period(timezone.localdate().year)


def parse_query(params, **defaults):
    return report_query_parse(
        start=params.get("start"),
        end=params.get("end"),
        year=params.get("year"),
        year_kind=params.get("year_kind"),
        step=params.get("step", defaults.get("step")),
        grouping=params.get("group", defaults.get("grouping")),
        default_period=this_year(),
    )


def parse_metric(params) -> str:
    metric = params.get("metric") or DEFAULT_METRIC
    if metric not in GROWTH_METRICS:
        raise ReportParameterError(
            str(_("Some report parameters are not valid.")),
            extra={
                "fields": {"metric": [_("Unknown indicator; use one of: %(m)s.") % {"m": ", ".join(GROWTH_METRICS)}]}
            },
        )
    return metric


def period_json(period: Period) -> dict:
    return {"start": period.start, "end": period.end}


def _indicator_fields() -> dict:
    return {i.key: serializers.FloatField() if i.decimals else serializers.IntegerField() for i in INDICATORS}


IndicatorRowSerializer = type(
    "ReportIndicatorRowSerializer",
    (serializers.Serializer,),
    {
        "period": serializers.CharField(),
        "period_start": serializers.DateField(),
        "group_key": serializers.CharField(),
        "group": serializers.CharField(),
        **_indicator_fields(),
    },
)
IndicatorTotalsSerializer = type("ReportIndicatorTotalsSerializer", (serializers.Serializer,), _indicator_fields())


@extend_schema_serializer(component_name="ReportPeriod")
class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


def _growth_fields() -> dict:
    return {
        "current": serializers.FloatField(),
        "previous": serializers.FloatField(),
        "change": serializers.FloatField(),
        "growth_pct": serializers.FloatField(allow_null=True),
        "target": serializers.FloatField(),
        "target_gap": serializers.FloatField(),
        "on_track": serializers.BooleanField(allow_null=True),
    }


class ReportIndicatorListApi(APIView):
    """Every indicator per period bucket (month/quarter/year/total) and group, within the caller's scope."""

    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="ReportIndicatorTable")
    class OutputSerializer(serializers.Serializer):
        period = PeriodSerializer()
        step = serializers.CharField()
        group = serializers.CharField()
        indicators = inline_serializer(
            "ReportIndicator", {"key": serializers.CharField(), "label": serializers.CharField()}, many=True
        )
        rows = IndicatorRowSerializer(many=True)

    @extend_schema(parameters=[*PERIOD_PARAMETERS, STEP_PARAMETER, GROUP_PARAMETER], responses=OutputSerializer)
    def get(self, request):
        query = parse_query(request.query_params)
        rows = selectors.indicator_table(query=query, scope=selectors.report_scope_for(user=request.user))
        data = {
            "period": period_json(query.period),
            "step": query.step,
            "group": query.grouping,
            "indicators": [{"key": i.key, "label": i.label()} for i in INDICATORS],
            "rows": rows,
        }
        return Response(self.OutputSerializer(data).data)


class ReportGrowthApi(APIView):
    """One indicator against the same period last year and the +10 %/year target; groups falling behind first."""

    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="ReportGrowth")
    class OutputSerializer(serializers.Serializer):
        metric = serializers.CharField()
        target_rate = serializers.FloatField()
        period = PeriodSerializer()
        previous_period = PeriodSerializer()
        overall = inline_serializer("ReportGrowthOverall", _growth_fields())
        groups = inline_serializer(
            "ReportGrowthGroup",
            {"group_key": serializers.CharField(), "group": serializers.CharField(), **_growth_fields()},
            many=True,
        )

    @extend_schema(parameters=[*PERIOD_PARAMETERS, GROUP_PARAMETER, METRIC_PARAMETER], responses=OutputSerializer)
    def get(self, request):
        query = parse_query(request.query_params, grouping="site")
        metric = parse_metric(request.query_params)
        report = selectors.growth_report(
            period=query.period,
            grouping=query.grouping,
            metric=metric,
            scope=selectors.report_scope_for(user=request.user),
        )
        report["period"], report["previous_period"] = (
            period_json(report["period"]),
            period_json(report["previous_period"]),
        )
        return Response(self.OutputSerializer(report).data)


class ReportSkipReasonListApi(APIView):
    """Skipped visits per reason (and group), most frequent first."""

    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="ReportSkipReason")
    class OutputSerializer(serializers.Serializer):
        group_key = serializers.CharField()
        group = serializers.CharField()
        cause = serializers.ChoiceField(choices=SkipCause.choices)
        reason = serializers.CharField(help_text="The cause in words, in the request's language.")
        visits = serializers.IntegerField()

    @extend_schema(parameters=[*PERIOD_PARAMETERS, GROUP_PARAMETER], responses=OutputSerializer(many=True))
    def get(self, request):
        query = parse_query(request.query_params)
        rows = selectors.skip_reasons(
            period=query.period, grouping=query.grouping, scope=selectors.report_scope_for(user=request.user)
        )
        return Response(self.OutputSerializer(rows, many=True).data)


class ReportEventApi(APIView):
    """Book Day (21/4) or Lifelong Learning Week (from 1/10) of a year: totals against the year before, per site,
    and the visits made."""

    permission_classes = [IsAuthenticated]

    class FilterSerializer(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)

    @extend_schema_serializer(component_name="ReportEvent")
    class OutputSerializer(serializers.Serializer):
        event = serializers.CharField()
        year = serializers.IntegerField()
        period = PeriodSerializer()
        totals = IndicatorTotalsSerializer()
        previous_totals = IndicatorTotalsSerializer()
        sites = IndicatorRowSerializer(many=True)
        activities = inline_serializer(
            "ReportEventActivity",
            {
                "date": serializers.DateField(),
                "site": serializers.CharField(),
                "site_id": serializers.IntegerField(),
                "vehicle": serializers.CharField(),
                "note": serializers.CharField(),
            },
            many=True,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("event", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(selectors.EVENTS)),
            OpenApiParameter("year", OpenApiTypes.INT, description="Default: this year."),
        ],
        responses=OutputSerializer,
    )
    def get(self, request, event: str):
        if event not in selectors.EVENTS:
            raise ReportParameterError(
                str(_("Unknown event.")), code="unknown_event", extra={"events": list(selectors.EVENTS)}
            )
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        year = params.validated_data.get("year") or timezone.localdate().year
        report = selectors.event_report(event=event, year=year, scope=selectors.report_scope_for(user=request.user))
        report["period"] = period_json(report["period"])
        return Response(self.OutputSerializer(report).data)


class ReportMonthlyApi(APIView):
    """One indicator per month of the period, with the same month last year and the target line."""

    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="ReportMonth")
    class OutputSerializer(serializers.Serializer):
        month = serializers.DateField()
        value = serializers.FloatField()
        previous = serializers.FloatField()
        target = serializers.FloatField()

    @extend_schema(parameters=[*PERIOD_PARAMETERS, METRIC_PARAMETER], responses=OutputSerializer(many=True))
    def get(self, request):
        query = parse_query(request.query_params)
        rows = selectors.monthly_series(
            period=query.period,
            metric=parse_metric(request.query_params),
            scope=selectors.report_scope_for(user=request.user),
        )
        return Response(self.OutputSerializer(rows, many=True).data)


def _lang(params) -> str:
    lang = params.get("lang") or "vi"
    if lang not in exports.LANGUAGES:
        raise ReportParameterError(
            str(_("Some report parameters are not valid.")), extra={"fields": {"lang": [_("Use 'vi' or 'en'.")]}}
        )
    return lang


def _file_name(query, suffix: str) -> str:
    return f"bookbus-{query.period.start:%Y%m%d}-{query.period.end:%Y%m%d}-{suffix}"


class ReportExportApi(APIView):
    """Download the indicators: ``csv`` (the grouping asked for) or ``xlsx`` (one sheet per grouping)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(exports.CONTENT_TYPES)),
            *PERIOD_PARAMETERS,
            STEP_PARAMETER,
            GROUP_PARAMETER,
            LANG_PARAMETER,
        ],
        responses={(200, media.split(";")[0]): OpenApiTypes.BINARY for media in exports.CONTENT_TYPES.values()},
    )
    def get(self, request, kind: str):
        if kind not in exports.CONTENT_TYPES:
            raise ReportParameterError(str(_("Unknown file kind; use csv or xlsx.")), code="unknown_export_kind")
        query, lang = parse_query(request.query_params), _lang(request.query_params)
        scope = selectors.report_scope_for(user=request.user)
        if kind == "csv":
            body = exports.csv_export(
                rows=selectors.indicator_table(query=query, scope=scope), grouping=query.grouping, lang=lang
            )
            name = _file_name(query, f"{query.grouping}.csv")
        else:
            tables = {
                g: selectors.indicator_table(query=type(query)(query.period, query.step, g), scope=scope)
                for g in GROUPINGS
            }
            body = exports.xlsx_export(tables=tables, lang=lang, title=f"BookBus {query.period.label()}")
            name = _file_name(query, "report.xlsx")
        response = HttpResponse(body, content_type=exports.CONTENT_TYPES[kind])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
