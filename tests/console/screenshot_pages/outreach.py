"""Events and donation drives (after load_demo): the lists, the newest event, the drive and a donor's letter."""


def newest_event(page, base_url):
    page.goto(f"{base_url}/console/events/")
    page.goto(f"{base_url}{page.locator('table.events a').first.get_attribute('href')}")


def drive(page, base_url):
    page.goto(f"{base_url}/console/events/drives/")
    page.goto(f"{base_url}{page.locator('table.drives a').first.get_attribute('href')}")


def thank_you_letter(page, base_url):
    drive(page, base_url)
    page.goto(f"{base_url}{page.locator('table.donors a').first.get_attribute('href')}")


PAGES = [
    ("events", "/console/events/"),
    ("event", newest_event),
    ("drives", "/console/events/drives/"),
    ("drive", drive),
    ("thank-you-letter", thank_you_letter),
]
