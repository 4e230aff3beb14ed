"""The message template holds every translatable string of the code."""

import subprocess
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def message_ids(path: Path) -> set[str | tuple[str, ...]]:
    with path.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_template_is_up_to_date(tmp_path):
    fresh = tmp_path / "django.pot"
    subprocess.run(
        [str(ROOT / "scripts" / "messages"), str(fresh)], cwd=ROOT, check=True
    )
    committed = message_ids(ROOT / "locale" / "django.pot")
    extracted = message_ids(fresh)
    assert extracted - committed == set(), "run scripts/messages: strings are missing"
    assert committed - extracted == set(), "run scripts/messages: strings are stale"
