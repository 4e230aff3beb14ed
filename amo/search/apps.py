from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "amo.search"
    label = "search"

    def ready(self) -> None:
        from amo.search.backends import Matches
        from amo.search.models import SearchDocument

        # search_document__names__fulltext=condition, as in queries.py.
        SearchDocument._meta.get_field("names").register_lookup(Matches)
