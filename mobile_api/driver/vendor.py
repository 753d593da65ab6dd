"""Vendored front-end files: pinned in a lock file, refreshed from the npm registry, checked offline.

A lock file (``vendor.json``) sits in the folder it describes. For each package it records the name, the version,
the licence, the tarball's integrity as the registry published it, and every file taken from the tarball with the
path it is served from (relative to the lock file) and its SHA-256::

    python -m mobile_api.driver.vendor check                     # every lock file below; no network
    python -m mobile_api.driver.vendor refresh                   # download the pinned versions again
    python -m mobile_api.driver.vendor refresh --set idb@8.0.5   # move one package to another version

``check`` and ``refresh`` take lock files as arguments, so any static folder (the maps' Leaflet, the coordinators'
console) can keep its own ``vendor.json``. The registry is the one npm is configured with (``--registry``,
``NPM_CONFIG_REGISTRY``, or ``npm config get registry``). Only httpx and the standard library: no Node needed.
"""

import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

LOCK_NAME = "vendor.json"
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_LOCKS = [
    Path(__file__).resolve().parent / "static" / "driver" / "vendor" / LOCK_NAME,
    ROOT / "backend" / "console" / "static" / "console" / "vendor" / LOCK_NAME,
]


class VendorError(Exception):
    """A lock file that cannot be read, a download that does not match, a file that is not in its tarball."""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_lock(lock_path: Path) -> dict:
    """The lock file, checked for the fields every entry needs."""
    try:
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VendorError(f"{lock_path}: cannot read the lock file ({exc})") from exc
    packages = lock.get("packages") if isinstance(lock, dict) else None
    if not isinstance(packages, list):
        raise VendorError(f'{lock_path}: expected {{"packages": [...]}}')
    for package in packages:
        for field in ("name", "version", "files"):
            if field not in package:
                raise VendorError(f"{lock_path}: a package has no {field!r}: {package}")
        for entry in package["files"]:
            target = Path(entry.get("to", ""))
            if not entry.get("from") or not entry.get("to") or target.is_absolute() or ".." in target.parts:
                raise VendorError(f"{lock_path}: {package['name']}: bad file entry {entry}")
    return lock


def check(lock_path: Path) -> list[str]:
    """Problems with the files a lock file names (missing, changed, or present but not locked); empty when fine."""
    lock = read_lock(lock_path)
    folder = lock_path.parent
    problems, locked = [], {lock_path.resolve()}
    for package in lock["packages"]:
        for entry in package["files"]:
            path = folder / entry["to"]
            locked.add(path.resolve())
            label = f"{package['name']}@{package['version']}: {entry['to']}"
            if not path.is_file():
                problems.append(f"{label} is missing")
            elif sha256_of(path) != entry.get("sha256"):
                problems.append(f"{label} does not match its SHA-256")
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.resolve() not in locked:
            problems.append(f"{path.relative_to(folder)} is in the vendor folder but not in {lock_path.name}")
    return problems


def registry_url(explicit: str | None) -> str:
    """The npm registry to use: the option, the environment, or npm's own configuration."""
    url = explicit or os.environ.get("NPM_CONFIG_REGISTRY") or os.environ.get("npm_config_registry")
    if not url and shutil.which("npm"):
        url = subprocess.run(["npm", "config", "get", "registry"], capture_output=True, text=True).stdout.strip()
    if not url:
        raise VendorError("no npm registry configured: pass --registry URL or set NPM_CONFIG_REGISTRY")
    return url.rstrip("/")


def verify_integrity(data: bytes, integrity: str, label: str) -> None:
    """Check a tarball against the registry's Subresource Integrity string (``sha512-…``)."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in {"sha512", "sha384", "sha256"}:
        raise VendorError(f"{label}: unsupported integrity {integrity!r}")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise VendorError(f"{label}: the tarball does not match the registry's integrity")


def download(client, registry: str, name: str, version: str) -> tuple[dict, bytes]:
    """The version's registry metadata and its tarball, verified."""
    label = f"{name}@{version}"
    response = client.get(f"{registry}/{name.replace('/', '%2F')}/{version}")
    if response.status_code != 200:
        raise VendorError(f"{label}: the registry answered {response.status_code}")
    meta = response.json()
    tarball = client.get(meta["dist"]["tarball"])
    if tarball.status_code != 200:
        raise VendorError(f"{label}: the tarball download answered {tarball.status_code}")
    verify_integrity(tarball.content, meta["dist"]["integrity"], label)
    return meta, tarball.content


def extract(tarball: bytes, wanted: list[str], label: str) -> dict[str, bytes]:
    """The named files of an npm tarball (paths relative to its ``package/`` folder)."""
    found = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive.getmembers():
            inner = member.name.split("/", 1)[1] if "/" in member.name else member.name
            if inner in wanted and member.isfile():
                found[inner] = archive.extractfile(member).read()
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise VendorError(f"{label}: not in the tarball: {', '.join(missing)}")
    return found


def refresh(lock_path: Path, *, registry: str, versions: dict[str, str], client=None) -> list[str]:
    """Download each package of the lock file (at its pinned version, or the one in ``versions``), write its files
    and record their hashes. Returns one line per package."""
    import httpx

    lock = read_lock(lock_path)
    unknown = set(versions) - {p["name"] for p in lock["packages"]}
    if unknown:
        raise VendorError(f"{lock_path}: no such package to set: {', '.join(sorted(unknown))}")
    folder, lines = lock_path.parent, []
    client = client or httpx.Client(timeout=60, follow_redirects=True)
    for package in lock["packages"]:
        version = versions.get(package["name"], package["version"])
        label = f"{package['name']}@{version}"
        meta, tarball = download(client, registry, package["name"], version)
        files = extract(tarball, [entry["from"] for entry in package["files"]], label)
        for entry in package["files"]:
            target = folder / entry["to"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[entry["from"]])
            entry["sha256"] = sha256_of(target)
        package.update(version=version, license=meta.get("license", ""), integrity=meta["dist"]["integrity"])
        lines.append(f"{label} ({package['license']}): {len(package['files'])} files")
    lock_path.write_text(json.dumps(lock, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return lines


def find_locks(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) / LOCK_NAME if Path(p).is_dir() else Path(p) for p in paths]
    return DEFAULT_LOCKS


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["check", "refresh"])
    parser.add_argument(
        "locks",
        nargs="*",
        help=f"lock files or folders holding a {LOCK_NAME} (default: the driver app's, the console's)",
    )
    parser.add_argument("--registry", help="npm registry URL (default: npm's configuration)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME@VERSION", help="move a package")
    args = parser.parse_args(argv)
    try:
        versions = dict(item.rsplit("@", 1) for item in args.set if "@" in item.lstrip("@"))
        if len(versions) != len(args.set):
            raise VendorError("--set takes NAME@VERSION")
        failed = False
        for lock in find_locks(args.locks):
            if args.command == "refresh":
                for line in refresh(lock, registry=registry_url(args.registry), versions=versions):
                    print(f"{lock}: {line}")
            problems = check(lock)
            for problem in problems:
                print(f"{lock}: {problem}", file=sys.stderr)
            failed = failed or bool(problems)
            if not problems:
                print(f"{lock}: ok")
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
