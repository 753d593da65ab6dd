"""Every page sends a strict Content-Security-Policy and runs under it; what a page echoes never runs as a script."""

import datetime

import pytest

import routing
from backend.planning.models import PlanStatus
from backend.planning.services import problem_build
from backend.planning.services.plans import plan_save_from_routing

XSS = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>"


@pytest.fixture
def stored_plan(network, monday):
    built = problem_build(starts_on=monday, ends_on=monday + datetime.timedelta(days=1), vehicles=[network["vehicle"]])
    plan = routing.solve(built.problem, routing.SolveParams(time_limit_s=1, seed=3))
    stored = plan_save_from_routing(run=None, built=built, plan=plan)
    stored.status = PlanStatus.PUBLISHED
    stored.save()
    return stored


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


PAGES = ["/", "/accounts/login/", "/maps/coverage/", "/reports/", "/api/docs/", "/api/redoc/", "/driver/", "/admin/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_a_policy_without_inline_scripts_or_eval(client, coordinator, path):
    client.force_login(coordinator)

    response = client.get(path, follow=True)

    assert response.status_code == 200, path
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    # ReDoc makes <style> elements at run time that no nonce can reach: its page alone allows inline styles.
    directives = ("script-src",) if path == "/api/redoc/" else ("script-src", "style-src")
    for directive in directives:
        sources = policy.get(directive, policy["default-src"])
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, directive
        allowed = {"'self'", "'wasm-unsafe-eval'"}  # WebAssembly (the driver app's barcode reader), not eval
        assert {v for v in sources if not v.startswith("'nonce-")} <= allowed, directive


@pytest.mark.parametrize(
    "query", [f"kind={XSS}", f"date={XSS}", f"vehicle={XSS}", f"group_by={XSS}", f"metric={XSS}", f"by={XSS}"]
)
def test_map_errors_echo_the_value_as_plain_text(client, coordinator, stored_plan, query):
    client.force_login(coordinator)
    path = "/maps/activity/" if query.startswith(("metric", "by")) else "/maps/coverage/"
    if query.startswith(("date", "vehicle", "group_by")):
        path = f"/maps/plan/{stored_plan.id}/"

    response = client.get(f"{path}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"


def _violations(page):
    """Every CSP violation the page reports, gathered by a listener added before any of the page's own code."""
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_run_under_the_policy_and_echoed_input_never_runs(chromium_page, live_server, stored_plan):
    page, errors = chromium_page
    _violations(page)
    pages = [
        "/",
        "/accounts/login/",
        f"/maps/plan/{stored_plan.id}/",
        "/maps/coverage/",
        "/maps/live/",
        "/maps/activity/",
        "/reports/",
        "/api/docs/",
        "/api/redoc/",
    ]
    for path in pages:
        page.goto(f"{live_server.url}{path}", wait_until="load")
        page.wait_for_timeout(300)
        # ReDoc's sidebar links its logo from its CDN: blocked, as anything from a CDN should be.
        assert [v for v in page.evaluate("window.__csp") if "cdn.redoc.ly" not in v] == [], path
        if path == "/api/docs/":
            page.wait_for_selector(".swagger-ui .opblock", timeout=15000)  # Swagger UI drew the operations
        if path == "/api/redoc/":
            page.wait_for_selector("h1:has-text('BookBus API')", timeout=30000)  # ReDoc drew the schema
    assert [error for error in errors if "cdn.redoc.ly" not in error] == []

    for url in [
        f"/maps/coverage/?kind={XSS}",
        f"/maps/plan/{stored_plan.id}/?date={XSS}",
        f"/maps/plan/{stored_plan.id}/?vehicle={XSS}",
        f"/maps/plan/{stored_plan.id}/?group_by={XSS}",
    ]:
        page.goto(f"{live_server.url}{url}", wait_until="load")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None, url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_language_switch_works_without_inline_handlers(chromium_page, live_server):
    page, errors = chromium_page
    _violations(page)
    page.goto(f"{live_server.url}/", wait_until="load")

    with page.expect_navigation():
        page.select_option("select[name=language]", "en")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate("window.__csp") == [] and errors == []
