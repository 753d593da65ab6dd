"""Tests of stocktakes: missing, unexpected, misplaced and out-of-circulation copies, partial counts, corrections."""

import csv
import io

import openpyxl

from backend.stock.exports import COLUMNS, stock_export_csv, stock_export_xlsx
from backend.stock.models import Copy, Stocktake
from backend.stock.services import Holder, collection_move, copy_move, loan_lend
from backend.stock.stocktake import stocktake_submit
from backend.stock.verify import ledger_verify
from tests.backend.factories import CopyFactory


def test_a_bus_stocktake_reports_every_kind_of_finding_and_can_correct(depot, vehicle, reader):
    on_bus = [CopyFactory(library=depot) for _ in range(4)]
    for copy in on_bus:
        copy_move(copy=copy, kind="load", to=Holder.vehicle(vehicle))
    in_depot = CopyFactory(library=depot)
    lost = CopyFactory(library=depot)
    copy_move(copy=lost, kind="lost")
    lent = CopyFactory(library=depot)
    loan_lend(copy=lent, reader=reader)

    scanned = [
        on_bus[0].barcode,
        on_bus[1].barcode,
        on_bus[1].barcode,
        in_depot.barcode,
        lost.barcode,
        lent.barcode,
        "XX-UNKNOWN",
    ]
    take = stocktake_submit(holder=Holder.vehicle(vehicle), barcodes=scanned)

    result = take.result
    assert sorted(result["found"]) == sorted([on_bus[0].barcode, on_bus[1].barcode])
    assert result["missing"] == sorted([on_bus[2].barcode, on_bus[3].barcode])
    assert result["unexpected"] == ["XX-UNKNOWN"] and result["duplicates"] == 1
    assert [m["barcode"] for m in result["misplaced"]] == [in_depot.barcode, lent.barcode]
    assert result["misplaced"][1]["ledger_holder"]["kind"] == "loan"
    assert result["out_of_circulation"] == [{"barcode": lost.barcode, "status": "lost"}]
    assert not take.corrections_applied and Copy.objects.get(pk=in_depot.pk).holder_library_id == depot.id
    assert take.found_count == 2 == len(result["found"])

    corrected = stocktake_submit(holder=Holder.vehicle(vehicle), barcodes=scanned, apply_corrections=True)
    assert corrected.corrections_applied
    assert Copy.objects.filter(holder_vehicle=vehicle).count() == 5  # 2 found + depot copy + found lost + loan
    assert Copy.objects.filter(pk__in=[on_bus[2].pk, on_bus[3].pk], status="lost").count() == 2
    assert lent.loans.get().returned_at is not None
    assert ledger_verify().ok


def test_a_partial_stocktake_of_one_collection_does_not_report_the_rest_missing(collection, depot):
    loose = CopyFactory(library=depot)
    members = list(Copy.objects.filter(collection=collection).order_by("barcode"))
    take = stocktake_submit(
        holder=Holder.library(depot), collection=collection, barcodes=[c.barcode for c in members[1:]] + [loose.barcode]
    )
    assert take.result["missing"] == [members[0].barcode]
    assert take.result["outside_scope"] == [loose.barcode]
    assert take.expected_count == len(members)


def test_a_shelf_range_stocktake_only_expects_that_range(depot):
    a = CopyFactory(library=depot, shelf_mark="895.9223 T450H")
    CopyFactory(library=depot, shelf_mark="959.7 T121K")
    take = stocktake_submit(holder=Holder.library(depot), barcodes=[], shelf_from="800", shelf_to="899")
    assert take.result["missing"] == [a.barcode]


def test_a_holders_stock_exports_as_csv_and_xlsx(collection, depot, vehicle):
    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    rows = list(csv.reader(io.StringIO(stock_export_csv(holder=Holder.vehicle(vehicle)))))
    assert rows[0] == COLUMNS and len(rows) == 13
    assert {r[COLUMNS.index("collection")] for r in rows[1:]} == {"LC-TN-01"}

    book = openpyxl.load_workbook(io.BytesIO(stock_export_xlsx(holder=Holder.vehicle(vehicle))))
    sheet_rows = list(book["stock"].values)
    assert list(sheet_rows[0]) == COLUMNS and len(sheet_rows) == 13
    assert sheet_rows[1][1].startswith("Dế Mèn")


def test_a_count_kept_without_its_matching_barcodes_still_says_how_many_matched():
    take = Stocktake(scanned_count=3042, expected_count=3042, result={"missing": [], "unexpected": ["X1"]})
    assert take.found_count == 3041
