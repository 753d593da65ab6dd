"""Tests of the rotation pairing model on small named cases (no Django, no database)."""

from routing.rotation import CollectionIn, SiteIn, solve_rotation, why_not

PRIMARY = frozenset({"children", "all"})
UPPER = frozenset({"teen", "adult", "all"})


def collection(cid, level, records, books=150):
    return CollectionIn(cid, f"LC-{cid}", level, frozenset(records), books)


def test_levels_history_and_size_are_hard_rules():
    site = SiteIn(1, "TH An Bình", PRIMARY, 200, recent_collections=frozenset({10}))
    assert why_not(site, collection(10, "children", {1})) == "had_recently"
    assert why_not(site, collection(11, "adult", {1})) == "reading_level"
    assert why_not(site, collection(12, "children", {1}, books=250)) == "too_big"
    assert why_not(site, collection(13, "children", {1})) is None


def test_each_site_gets_the_fitting_collection_with_most_new_titles():
    sites = [
        SiteIn(1, "TH An Bình", PRIMARY, 300, seen_records=frozenset({1, 2, 3})),
        SiteIn(2, "THPT Châu Văn Liêm", UPPER, 300),
    ]
    collections = [
        collection(10, "children", {1, 2, 3, 4}),  # only 1 title new to site 1
        collection(11, "children", {5, 6, 7}),  # 3 new titles
        collection(12, "adult", {8, 9}),
    ]
    result = solve_rotation(sites, collections, time_limit_s=5)

    assert result.status == "OPTIMAL"
    assert {(p.site_id, p.collection_id, p.new_titles) for p in result.pairings} == {(1, 11, 3), (2, 12, 2)}


def test_coverage_comes_before_novelty_and_unserved_sites_are_explained():
    sites = [
        SiteIn(1, "TH A", PRIMARY, 300),
        SiteIn(2, "TH B", PRIMARY, 300),
        SiteIn(3, "THPT C", UPPER, 300),
    ]
    collections = [collection(10, "children", range(100)), collection(11, "all", {1})]
    result = solve_rotation(sites, collections, time_limit_s=5)

    served = {p.site_id: p.collection_id for p in result.pairings}
    assert len(served) == 2 and served.get(3) == 11  # the all-age set serves the upper school
    assert set(result.unserved_sites.values()) == {"collections_used_elsewhere"}
    assert not solve_rotation([SiteIn(4, "THPT D", UPPER, 300)], [collection(12, "children", {1})]).pairings


# Usage-led rotation (Circular 05/2022): how much a point used its batch guides the next one.

from routing.rotation import PastUse  # noqa: E402


def profiled(cid, records, profile):
    return CollectionIn(cid, f"LC-{cid}", "children", frozenset(records), 150, profile=frozenset(profile))


def test_a_site_that_used_its_batch_heavily_gets_a_similar_one_and_the_reasons_say_so():
    site = SiteIn(1, "TH An Bình", PRIMARY, 300, group="school:primary")
    stories = profiled(10, {1, 2, 3}, {"truyen", "ddc:8"})
    science = profiled(11, {4, 5, 6, 7}, {"khoa hoc", "ddc:5"})  # one more new title, unlike the last batch
    past = [PastUse(1, "school:primary", 9, "LC-9", frozenset({"truyen", "ddc:8", "co tich"}), 240)]

    result = solve_rotation([site], [stories, science], past_uses=past)

    (pairing,) = result.pairings
    assert pairing.collection_id == 10
    assert "like_heavy:LC-9:240:67" in pairing.reasons


def test_a_site_avoids_what_is_like_a_batch_it_hardly_used():
    site = SiteIn(1, "TH An Bình", PRIMARY, 300, group="school:primary")
    stories = profiled(10, {1, 2, 3, 4}, {"truyen", "ddc:8"})
    science = profiled(11, {5, 6, 7}, {"khoa hoc", "ddc:5"})
    past = [PastUse(1, "school:primary", 9, "LC-9", frozenset({"truyen", "ddc:8"}), 5)]

    (pairing,) = solve_rotation([site], [stories, science], past_uses=past).pairings

    assert pairing.collection_id == 11


def test_what_similar_sites_used_most_is_preferred():
    site = SiteIn(1, "TH An Bình", PRIMARY, 300, group="school:primary")
    a, b = profiled(10, {1, 2, 3}, set()), profiled(11, {4, 5, 6}, set())
    past = [
        PastUse(2, "school:primary", 11, "LC-11", frozenset(), 180),
        PastUse(3, "school:primary", 11, "LC-11", frozenset(), 120),
        PastUse(4, "school:primary", 10, "LC-10", frozenset(), 10),
        PastUse(5, "library:cultural_house", 10, "LC-10", frozenset(), 900),  # not a similar site
    ]

    (pairing,) = solve_rotation([site], [a, b], past_uses=past).pairings

    assert pairing.collection_id == 11 and "peers:2:150" in pairing.reasons
