"""The app shell, the service worker and the manifest as the server sends them; bad requests get clear answers."""

import json

import pytest

from mobile_api.driver import views


def test_the_shell_loads_the_app_modules_from_static_files(client):
    response = client.get("/driver/")

    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-cache"
    assert '<script type="module" src="/static/driver/app.js">' in html
    assert 'rel="manifest" href="manifest.webmanifest"' in html
    assert "__STATIC__" not in html and "http" not in html  # nothing from another host
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_service_worker_lists_every_shell_file_under_its_scope(client):
    response = client.get("/driver/sw.js")

    source = response.content.decode()
    config = json.loads(source.split("\n", 1)[0].removeprefix("self.DRIVER = ").removesuffix(";"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert config["version"] == views.app_version() and config["shell"] == "/driver/"
    assert "/static/driver/app.js" in config["files"] and "/driver/manifest.webmanifest" in config["files"]
    assert "/static/driver/vendor/zxing-wasm/zxing_reader.wasm" in config["files"]
    assert not any(f.endswith(("vendor.json", "LICENSE")) for f in config["files"])


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/driver/manifest.webmanifest")

    body = response.json()
    assert response["Content-Type"] == "application/manifest+json"
    assert body["start_url"] == body["scope"] == "/driver/" and body["display"] == "standalone"
    assert {icon["sizes"] for icon in body["icons"]} == {"192x192", "512x512"}
    for icon in body["icons"]:
        assert client.get(icon["src"]).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("url", ["/driver/", "/driver/sw.js", "/driver/manifest.webmanifest"])
def test_writes_to_the_app_pages_are_refused_cleanly(client, method, url):
    assert getattr(client, method)(url).status_code == 405


def test_an_unknown_page_of_the_app_is_a_404(client):
    assert client.get("/driver/nothing-here").status_code == 404


def test_the_version_changes_when_a_static_file_changes(tmp_path, monkeypatch, settings):
    (tmp_path / "static" / "driver").mkdir(parents=True)
    for name in ["shell.html", "sw.js"]:
        (tmp_path / name).write_text(name)
    monkeypatch.setattr(views, "HERE", tmp_path)
    monkeypatch.setattr(views, "STATIC_DIR", tmp_path / "static" / "driver")
    (tmp_path / "static" / "driver" / "app.js").write_text("one")
    before = views.app_version()
    (tmp_path / "static" / "driver" / "app.js").write_text("two")

    assert views.app_version() != before
