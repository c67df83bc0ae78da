"""Settings of the benchmark worker: `manage.py bench` starts itself again with these and
DATABASE_URL pointing at the benchmark database.

Production-like where it matters for timing (DEBUG off, so no query log and no debug pages),
plus what a test client needs: its host name allowed, API throttling rates out of reach (the
throttle still runs, as in production) and request warnings silenced (the harness reports the
status codes itself).
"""

import warnings

from config.settings.base import *  # noqa: F403 - a settings layer extends the base module
from config.settings.base import LOGGING, REST_FRAMEWORK

DEBUG = False
SECRET_KEY = "parta-bench-key-not-secret-0123456789-0123456789-abcdefgh"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min", "user": "1000000/min"},
}
LOGGING = {
    **LOGGING,
    "loggers": {
        "django.request": {"level": "CRITICAL"},
        "django.security": {"level": "CRITICAL"},
    },
}
# Static files straight from the apps (no collectstatic for a benchmark).
WHITENOISE_USE_FINDERS = True

# The worker serves no static files from STATIC_ROOT; WhiteNoise need not warn it is missing.
warnings.filterwarnings("ignore", message="No directory at")
