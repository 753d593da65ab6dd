"""Vendored front-end files: the lock files match the files, and a refresh from a registry writes files and hashes."""

import base64
import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import httpx
import pytest

from mobile_api.driver import vendor

ROOT = Path(__file__).resolve().parents[2]
LOCKS = [vendor.DEFAULT_LOCKS[0], ROOT / "tests" / "driver_app" / "vendor" / "vendor.json"]


@pytest.mark.parametrize("lock", LOCKS, ids=["app", "tests"])
def test_every_vendored_file_matches_its_lock(lock):
    assert vendor.check(lock) == []
    for package in vendor.read_lock(lock)["packages"]:
        assert package["license"] and package["integrity"].startswith("sha512-")


def test_check_from_the_command_line_passes(capsys):
    assert vendor.main(["check", *map(str, LOCKS)]) == 0
    assert capsys.readouterr().out.count(": ok") == 2


def test_check_finds_a_changed_a_missing_and_an_unlocked_file(tmp_path):
    folder = tmp_path / "vendor"
    shutil.copytree(LOCKS[0].parent, folder)
    (folder / "idb" / "index.js").write_text("changed")
    (folder / "barcode-detector" / "LICENSE").unlink()
    (folder / "stray.js").write_text("")

    problems = vendor.check(folder / "vendor.json")

    assert problems == [
        "idb@8.0.4: idb/index.js does not match its SHA-256",
        "barcode-detector@3.2.2: barcode-detector/LICENSE is missing",
        "stray.js is in the vendor folder but not in vendor.json",
    ]
    assert vendor.main(["check", str(folder)]) == 1


def test_a_lock_file_with_a_path_outside_its_folder_is_refused(tmp_path):
    lock = tmp_path / "vendor.json"
    lock.write_text(json.dumps({"packages": [{"name": "x", "version": "1", "files": [{"from": "a", "to": "../a"}]}]}))

    with pytest.raises(vendor.VendorError, match="bad file entry"):
        vendor.check(lock)
    assert vendor.main(["check", str(lock)]) == 2


def fake_registry(files: dict[str, bytes], *, integrity: str | None = None):
    """A registry that serves one package, demo@2.0.0, as an npm tarball."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    tarball = buffer.getvalue()
    sri = integrity or "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()

    def handle(request):
        if request.url.path == "/demo/2.0.0":
            dist = {"tarball": "https://registry.test/demo/-/demo-2.0.0.tgz", "integrity": sri}
            return httpx.Response(200, json={"license": "MIT", "dist": dist})
        if request.url.path == "/demo/-/demo-2.0.0.tgz":
            return httpx.Response(200, content=tarball)
        return httpx.Response(404)

    return httpx.Client(transport=httpx.MockTransport(handle))


def test_refresh_downloads_a_new_version_and_records_its_hashes(tmp_path):
    lock = tmp_path / "vendor.json"
    entry = {"from": "dist/demo.js", "to": "demo/demo.js"}
    lock.write_text(json.dumps({"packages": [{"name": "demo", "version": "1.0.0", "files": [entry]}]}))

    lines = vendor.refresh(
        lock,
        registry="https://registry.test",
        versions={"demo": "2.0.0"},
        client=fake_registry({"dist/demo.js": b"ok"}),
    )

    package = json.loads(lock.read_text())["packages"][0]
    assert lines == ["demo@2.0.0 (MIT): 1 files"]
    assert package["version"] == "2.0.0" and package["license"] == "MIT"
    assert package["files"][0]["sha256"] == hashlib.sha256(b"ok").hexdigest()
    assert (tmp_path / "demo" / "demo.js").read_bytes() == b"ok" and vendor.check(lock) == []


def test_refresh_refuses_a_tarball_that_does_not_match_its_integrity(tmp_path):
    lock = tmp_path / "vendor.json"
    lock.write_text(
        json.dumps({"packages": [{"name": "demo", "version": "2.0.0", "files": [{"from": "a", "to": "a"}]}]})
    )
    client = fake_registry({"a": b"x"}, integrity="sha512-" + base64.b64encode(b"0" * 64).decode())

    with pytest.raises(vendor.VendorError, match="integrity"):
        vendor.refresh(lock, registry="https://registry.test", versions={}, client=client)
    assert not (tmp_path / "a").exists()


def test_refresh_names_a_file_missing_from_the_tarball(tmp_path):
    lock = tmp_path / "vendor.json"
    lock.write_text(
        json.dumps({"packages": [{"name": "demo", "version": "2.0.0", "files": [{"from": "b", "to": "b"}]}]})
    )

    with pytest.raises(vendor.VendorError, match="not in the tarball: b"):
        vendor.refresh(lock, registry="https://registry.test", versions={}, client=fake_registry({"a": b"x"}))
