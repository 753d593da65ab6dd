"""Stock pages of the demo: the buses and their loading, the catalogue, the rotating collections, the stocktakes.
Found by following the lists' links, so the script needs only the server."""

from tests.console.screenshot_pages import follow_first


def bus(page, base_url):
    return follow_first(page, base_url, "/console/buses/", "table.list a[href*='/console/buses/']")


def record(page, base_url):
    return follow_first(page, base_url, "/console/catalogue/?q=de+men", "table.list a[href*='/records/']")


def copy(page, base_url):
    return record(page, base_url) and follow_first(page, base_url, page.url[len(base_url) :], "a[href*='/copies/']")


def collection(page, base_url):
    return follow_first(page, base_url, "/console/collections/", "table.list a[href*='/console/collections/']")


def stocktake(page, base_url):
    return follow_first(page, base_url, "/console/stocktakes/", "table.list a[href*='/console/stocktakes/']")


PAGES = [
    ("buses", "/console/buses/"),
    ("bus", bus),
    ("catalogue", "/console/catalogue/?q=de+men"),
    ("record", record),
    ("copy", copy),
    ("catalogue-import", "/console/catalogue/import/"),
    ("collections", "/console/collections/"),
    ("collection", collection),
    ("proposals", "/console/collections/proposals/"),
    ("stocktakes", "/console/stocktakes/"),
    ("stocktake", stocktake),
]
