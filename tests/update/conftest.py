import pytest


@pytest.fixture(scope="module")
def application():
    """The whole ASGI application, as uvicorn serves it."""
    import asgi

    return asgi.build_application()
