"""Settings for `make run`: one machine, SQLite under var/, debug pages on."""

from config.settings.base import *  # noqa: F403 - a settings layer extends the base module
from config.settings.base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", default=True)
# A fixed development key is fine here: local settings never serve real users.
SECRET_KEY = SECRET_KEY or "parta-local-development-key-not-for-production-use-0123456789"

# Serve static files straight from the apps (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
