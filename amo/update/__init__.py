"""Firefox's add-on update checks: GET /update/VersionCheck.php.

Served before Django, in the ASGI layer (see amo.update.service), because
it is the busiest endpoint: Firefox sends one a day for every add-on it
has installed from the site.
"""
