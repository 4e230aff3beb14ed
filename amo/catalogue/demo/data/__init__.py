"""The demo catalogue as Python data: one module per kind of add-on.

Every name, summary, description, person and URL here was written for
amo's demo. URLs point at example.com hosts, and e-mail addresses at
demo.example.com, so nothing in the demo reaches a real site.
"""

from amo.catalogue.demo.data import (
    dictionaries,
    extensions,
    language_packs,
    search_engines,
    themes,
    users,
)

USERS = users.USERS
ADDONS = (
    *extensions.ADDONS,
    *themes.ADDONS,
    *dictionaries.ADDONS,
    *language_packs.ADDONS,
    *search_engines.ADDONS,
)
