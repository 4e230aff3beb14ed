"""Security headers that every response from Django carries.

AmoASGIHandler adds them as it sends a response, as raw bytes built once
per process, to each response that does not set the header itself. Set
through Django's ResponseHeaders in a middleware, the six headers took
about a tenth of a short response's time (cProfile, heartbeat view).
"""

from django.conf import settings

SITE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
# Django's admin uses inline styles.
ADMIN_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'"
)

Header = tuple[bytes, bytes]


def _headers(policy: str) -> list[Header]:
    headers = {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.SECURE_HSTS_SECONDS:
        headers["Strict-Transport-Security"] = f"max-age={settings.SECURE_HSTS_SECONDS}"
    return [(name.encode(), value.encode()) for name, value in headers.items()]


class SecurityHeaders:
    """The security headers of the site's pages and of the admin."""

    def __init__(self) -> None:
        self.site = _headers(SITE_POLICY)
        self.admin = _headers(ADMIN_POLICY)

    def missing(self, path: str, present: set[bytes]) -> list[Header]:
        """Return the headers for `path` whose lowercased names are not in
        `present`."""
        defaults = self.admin if path.startswith("/admin/") else self.site
        return [header for header in defaults if header[0].lower() not in present]
