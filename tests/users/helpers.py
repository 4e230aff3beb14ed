"""Helpers of the account tests: mails, links and forms."""

import re

from django.core import mail
from django.test import AsyncClient

LINK = re.compile(r"https?://[^\s]+")


def mailed_links(to: str) -> list[str]:
    """Return the links of the mails sent to `to`, oldest first."""
    found = []
    for message in mail.outbox:
        if to in message.to:
            found.extend(LINK.findall(message.body))
    return found


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


async def register(
    client: AsyncClient,
    email: str = "new@example.com",
    username: str = "newbie",
    password: str = "a-long-Secret-9",
):
    return await client.post(
        "/en-US/firefox/users/register/",
        {"email": email, "username": username, "password": password},
    )


async def log_in(
    client: AsyncClient,
    email: str = "new@example.com",
    password: str = "a-long-Secret-9",
    **extra: str,
):
    """Post the log-in form; `extra` adds fields such as `next`."""
    return await client.post(
        "/en-US/firefox/users/login/", {"email": email, "password": password, **extra}
    )
