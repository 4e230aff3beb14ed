"""The references amo's figures are divided by, measured in the same run.

`bare`: an ASGI callable that returns a short text, under uvicorn with the
settings of `amo serve`. `sync_django`: a synchronous Django view that
returns a short text, with no middleware, under gunicorn's sync workers.
"""
