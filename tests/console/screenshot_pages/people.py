"""Readers: the list, registering one, a reader's page, editing, the library card."""

from tests.console.screenshot_pages import follow_first


def reader(page, base_url):
    return follow_first(page, base_url, "/console/readers/", "table.list a[href*='/console/readers/']")


def reader_edit(page, base_url):
    return reader(page, base_url) and follow_first(page, base_url, page.url[len(base_url) :], "a[href$='/edit/']")


def reader_card(page, base_url):
    return reader(page, base_url) and follow_first(page, base_url, page.url[len(base_url) :], "a[href$='/card/']")


PAGES = [
    ("readers", "/console/readers/"),
    ("reader-new", "/console/readers/new/"),
    ("reader", reader),
    ("reader-edit", reader_edit),
    ("reader-card", reader_card),
]
