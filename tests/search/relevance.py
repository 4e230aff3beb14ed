"""Judged queries, their rankings and the relevance metrics over them.

A judgement is a query with the add-ons a user means by it, by guid. The
rank of a ranking is the 1-based position of the first meant add-on in the
results, and its reciprocal rank is 1 / rank, or 0 when no meant add-on is
among the results read. MRR is the mean reciprocal rank; success@k is the
share of queries whose first meant add-on is within the first k results.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

JUDGEMENTS_PATH = Path(__file__).with_name("judgements.json")

KINDS = (
    "exact_name",
    "partial_name",
    "misspelling",
    "topic",
    "other_language",
    "cjk",
    "slug",
    "guid",
)

# The table that the module prints, kept for the terminal summary.
REPORT_KEY = pytest.StashKey[list[str]]()


@dataclass(frozen=True)
class Judgement:
    q: str
    kind: str
    meant: tuple[str, ...]
    note: str
    # The locale the query is sent with (`?lang=`), or None for none.
    lang: str | None = None

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.q}"


def load_judgements(path: Path = JUDGEMENTS_PATH) -> list[Judgement]:
    """Read the judged queries of `path`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Judgement(
            q=entry["q"],
            kind=entry["kind"],
            meant=tuple(entry["meant"]),
            note=entry["note"],
            lang=entry.get("lang"),
        )
        for entry in data["queries"]
    ]


@dataclass(frozen=True)
class Ranking:
    """The results of one judged query, as guids and names in API order."""

    judgement: Judgement
    guids: tuple[str, ...]
    names: tuple[str, ...]
    count: int

    @property
    def rank(self) -> int | None:
        """1-based position of the first meant add-on, or None if absent."""
        meant = {guid.lower() for guid in self.judgement.meant}
        for position, guid in enumerate(self.guids, start=1):
            if guid.lower() in meant:
                return position
        return None

    @property
    def reciprocal_rank(self) -> float:
        rank = self.rank
        return 1.0 / rank if rank else 0.0

    def top(self, size: int = 5) -> str:
        """The first `size` results, for failure messages."""
        shown = [
            f"{position}. {name} ({guid})"
            for position, (name, guid) in enumerate(
                zip(self.names[:size], self.guids[:size], strict=True), start=1
            )
        ]
        return "; ".join(shown) or "no results"


@dataclass(frozen=True)
class Metrics:
    queries: int
    mrr: float
    success_at_1: float
    success_at_5: float


def compute_metrics(rankings: Sequence[Ranking]) -> Metrics:
    """MRR, success@1 and success@5 of `rankings`, which must not be empty."""
    ranks = [ranking.rank for ranking in rankings]
    total = len(rankings)
    return Metrics(
        queries=total,
        mrr=sum(ranking.reciprocal_rank for ranking in rankings) / total,
        success_at_1=sum(1 for rank in ranks if rank == 1) / total,
        success_at_5=sum(1 for rank in ranks if rank is not None and rank <= 5) / total,
    )


def metrics_by_kind(rankings: Iterable[Ranking]) -> dict[str, Metrics]:
    """The metrics of each kind of query, in KINDS order, then overall."""
    rankings = list(rankings)
    table: dict[str, Metrics] = {}
    for kind in KINDS:
        of_kind = [r for r in rankings if r.judgement.kind == kind]
        if of_kind:
            table[kind] = compute_metrics(of_kind)
    table["overall"] = compute_metrics(rankings)
    return table


def format_report(rankings: Sequence[Ranking], depth: int) -> list[str]:
    """The metrics table, then each query whose meant add-on is not first."""
    lines = [
        f"{'kind':<16}{'queries':>8}{'MRR':>8}{'s@1':>8}{'s@5':>8}",
    ]
    for kind, metrics in metrics_by_kind(rankings).items():
        lines.append(
            f"{kind:<16}{metrics.queries:>8}{metrics.mrr:>8.3f}"
            f"{metrics.success_at_1:>8.3f}{metrics.success_at_5:>8.3f}"
        )

    missed = [ranking for ranking in rankings if ranking.rank != 1]
    if missed:
        lines.append("")
        lines.append(f"not ranked first (rank of the first meant add-on in {depth}):")
    for ranking in missed:
        rank = ranking.rank or "-"
        lines.append(
            f"  {rank!s:>3}  {ranking.judgement.id}  ({ranking.count} results)"
        )
    return lines
