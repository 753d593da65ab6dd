"""The app shell, the service worker and the web app manifest, all under /driver/.

The pages hold no translatable text: the app's words (Vietnamese first, English) are in its own message catalogue,
``static/driver/i18n.js``, so the app works offline in both languages.
"""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static" / "driver"
NOT_CACHED = {"vendor.json", "LICENSE"}  # the lock file and licences are for people, not for the phone


def shell_files() -> list[Path]:
    """The static files the service worker keeps for offline use, in a stable order."""
    return sorted(p for p in STATIC_DIR.rglob("*") if p.is_file() and p.name not in NOT_CACHED)


def app_version() -> str:
    """A digest of the shell and of every static file: a new version makes the service worker update its cache."""
    digest = hashlib.sha256()
    for path in [HERE / "shell.html", HERE / "sw.js", *shell_files()]:
        digest.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# Everything from this server and nothing else: no CDN, no inline script. The scanner compiles WebAssembly.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "img-src 'self' blob: data:",
        "media-src 'self' blob: mediastream:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def fresh(content, content_type: str) -> HttpResponse:
    """A response the phone revalidates each time it has signal (offline, the service worker answers)."""
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "no-cache"
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


def static_prefix() -> str:
    prefix = settings.STATIC_URL
    return (prefix if prefix.startswith(("/", "http")) else "/" + prefix).rstrip("/") + "/driver/"


@require_safe
def shell(request):
    """The app's one page; the modules draw every screen from the local store."""
    html = (HERE / "shell.html").read_text(encoding="utf-8")
    html = html.replace("__STATIC__", static_prefix()).replace("__VERSION__", app_version())
    return fresh(html, "text/html; charset=utf-8")


@require_safe
def service_worker(request):
    """The service worker, with the version and the list of files it keeps for offline use."""
    prefix = static_prefix()
    config = {
        "version": app_version(),
        "shell": reverse("driver:shell"),
        "static": prefix,
        "files": [reverse("driver:shell"), reverse("driver:manifest")]
        + [prefix + p.relative_to(STATIC_DIR).as_posix() for p in shell_files()],
        "api": "/api/mobile/v1/",
    }
    source = f"self.DRIVER = {json.dumps(config)};\n" + (HERE / "sw.js").read_text(encoding="utf-8")
    return fresh(source, "text/javascript; charset=utf-8")


@require_safe
def manifest(request):
    """The web app manifest that makes the app installable."""
    prefix = static_prefix()
    body = {
        "name": "BookBus – Xe thư viện lưu động",
        "short_name": "BookBus",
        "description": "Lịch chạy, điểm dừng, mượn trả sách và đồng bộ khi có mạng.",
        "lang": "vi",
        "start_url": reverse("driver:shell"),
        "scope": reverse("driver:shell"),
        "id": reverse("driver:shell"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b3d91",
        "icons": [
            {"src": f"{prefix}icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": f"{prefix}icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": f"{prefix}icons/maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }
    return fresh(json.dumps(body, ensure_ascii=False), "application/manifest+json")
