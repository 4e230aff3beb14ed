from amo.core import lifespan


async def run_protocol(messages):
    sent = []
    incoming = iter(messages)

    async def receive():
        return {"type": next(incoming)}

    async def send(message):
        sent.append(message)

    await lifespan.run({"type": "lifespan"}, receive, send)
    return sent


async def test_lifespan_opens_then_closes(monkeypatch):
    calls = []

    async def startup():
        calls.append("startup")

    async def shutdown():
        calls.append("shutdown")

    monkeypatch.setattr(lifespan, "startup", startup)
    monkeypatch.setattr(lifespan, "shutdown", shutdown)
    sent = await run_protocol(["lifespan.startup", "lifespan.shutdown"])
    assert calls == ["startup", "shutdown"]
    assert [message["type"] for message in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]


async def test_failed_startup_is_reported(monkeypatch):
    async def startup():
        raise OSError("no database")

    monkeypatch.setattr(lifespan, "startup", startup)
    sent = await run_protocol(["lifespan.startup"])
    assert sent == [{"type": "lifespan.startup.failed", "message": "no database"}]
