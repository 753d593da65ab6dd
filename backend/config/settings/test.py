"""Only what speeds tests up; the database comes from DATABASE_URL (PostgreSQL in CI)."""

from .base import *  # noqa: F403
from .base import VAR_DIR

VAR_DIR.mkdir(exist_ok=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files straight from the apps' folders, so no collectstatic is needed before tests (or their browsers).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = VAR_DIR / "static-test"
STATIC_ROOT.mkdir(exist_ok=True)
# Threads serving a live server close their connections after each request, so the test database can be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Runs are carried out eagerly inside the test that starts them; tests of the background thread turn it on.
BOOKBUS = {**BOOKBUS, "PLANNING_RUNS_IN_THREAD": False}  # noqa: F405
SIGN_IN_RATE = "10000/min"  # tests sign many phones in from one address; the limit has its own test
