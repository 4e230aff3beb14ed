"""The public API: AMO's API v5 under /api/v5/, and the v4 answers Firefox
requests under /api/v4/.

Views are async django-ninja operations. They parse parameters into small
dataclasses, read through `amo.api.queries` (amo.core.db), build plain
dicts in `amo.api.serializers` and send them with orjson. The pydantic
models of `amo.api.schemas` describe those dicts in the OpenAPI schema.
"""
