"""Settings for the test suite. DATABASE_URL picks SQLite (default) or PostgreSQL."""

import os

from config.settings.base import *  # noqa: F403 - a settings layer extends the base module
from config.settings.base import BASE_DIR, REST_FRAMEWORK, database_config

SECRET_KEY = "parta-test-key-0123456789-not-secret-0123456789-abcdef"
DEBUG = False
DATABASES = {
    "default": database_config(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'test.sqlite3'}"
    )
}
# Never a shared Redis in tests: each test process keeps its own cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the apps (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
