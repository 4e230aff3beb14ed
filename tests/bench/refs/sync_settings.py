"""Settings of the sync Django reference: one URL, no apps, no middleware."""

SECRET_KEY = "benchmark-reference-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.bench.refs.sync_django"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
USE_I18N = False
USE_TZ = True
