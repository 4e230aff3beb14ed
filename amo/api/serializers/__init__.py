"""Plain dicts of the API's objects, in v5 shapes or the v4 ones Firefox
reads. They only read rows already loaded by amo.api.queries.
"""
