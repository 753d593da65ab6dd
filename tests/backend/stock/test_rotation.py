"""Tests of the rotation planner on the database: propose, explain, accept, and boxes for route planning."""

import datetime

import pytest

from backend.core.exceptions import ConflictError
from backend.planning.services import problem_build
from backend.stock.models import RotationAssignment
from backend.stock.rotation import rotation_accept, rotation_propose, rotation_reject
from backend.stock.selectors import rotation_load_pending
from backend.stock.services import Holder, collection_create, collection_deposit, collection_move
from tests.backend.factories import LibraryFactory, rotatable_copies


@pytest.fixture
def rotation_network(network):
    for site in network["sites"]:
        library = LibraryFactory(kind="school", commune=site.commune)
        site.school.library = library
        site.school.save()
    depot = network["depot"]
    collections = []
    for n in range(3):
        copies = rotatable_copies(depot, 8)
        collections.append(
            collection_create(
                code=f"LC-{n}",
                name=f"Tủ sách thiếu nhi {n}",
                library=depot,
                reading_level="children",
                box_labels=["Thùng 1", "Thùng 2"],
                copies=copies,
            )
        )
    return {**network, "collections": collections}


def test_a_proposal_pairs_collections_with_sites_and_explains_each(rotation_network, monday, coordinator):
    proposal = rotation_propose(starts_on=monday, by=coordinator, time_limit_s=5)

    assignments = list(proposal.assignments.select_related("collection", "site"))
    assert proposal.status == "draft" and proposal.solver_status == "OPTIMAL"
    assert len(assignments) == 3
    assert len({a.site_id for a in assignments}) == 3
    assert all(a.new_titles == 8 and a.books == 8 for a in assignments)
    assert all(a.collection.code in a.explanation and a.site.name in a.explanation for a in assignments)
    assert len(proposal.notes) == len(rotation_network["sites"]) - 3


def test_a_site_never_gets_a_collection_it_had_within_the_last_cycles(rotation_network, monday):
    site = rotation_network["sites"][0]
    first = rotation_network["collections"][0]
    collection_deposit(collection=first, site=site)
    collection_move(collection=first, kind="collect", to=Holder.library(rotation_network["depot"]))

    proposal = rotation_propose(starts_on=monday, time_limit_s=5)
    assert not proposal.assignments.filter(site=site, collection=first).exists()


def test_accepted_deliveries_and_due_collections_become_boxes_for_planning(rotation_network, monday, coordinator):
    proposal = rotation_propose(starts_on=monday, time_limit_s=5)
    assert rotation_load_pending(until=monday + datetime.timedelta(days=6)) == {}
    rotation_accept(proposal=proposal, by=coordinator)

    loads = rotation_load_pending(until=monday + datetime.timedelta(days=6))
    assert {site_id: load.deliver_boxes for site_id, load in loads.items()} == {
        a.site_id: 2 for a in proposal.assignments.all()
    }
    built = problem_build(
        starts_on=monday, ends_on=monday + datetime.timedelta(days=4), vehicles=[rotation_network["vehicle"]]
    )
    boxes = {v.id: v.deliver_boxes for v in built.problem.visits if v.deliver_boxes}
    assert boxes == {f"site:{a.site_id}#1": 2 for a in proposal.assignments.all()}

    # Depositing the collection fulfils the delivery; it is then due for collection at its cycle's end.
    assignment = proposal.assignments.first()
    collection_deposit(collection=assignment.collection, site=assignment.site)
    assignment.refresh_from_db()
    assert assignment.stay is not None
    assert assignment.site_id not in rotation_load_pending(until=monday + datetime.timedelta(days=6))
    later = rotation_load_pending(until=proposal.cycle_ends_on)
    assert later[assignment.site_id].collect_boxes == 2 and later[assignment.site_id].deliver_boxes == 0


def test_a_decided_proposal_cannot_be_decided_again(rotation_network, monday):
    proposal = rotation_propose(starts_on=monday, time_limit_s=5)
    rotation_reject(proposal=proposal)
    with pytest.raises(ConflictError):
        rotation_accept(proposal=proposal)
    assert not RotationAssignment.objects.filter(proposal__status="accepted").exists()
