"""Reading stored validation results in both of their shapes."""

import pytest

from amo.reviewers.validation import summarise
from tests.reviewers.conftest import VALIDATION


def test_amo_shape_sorted_by_type():
    summary = summarise(VALIDATION)

    assert [message.type for message in summary.messages] == [
        "error",
        "warning",
        "notice",
    ]
    error = summary.messages[0]
    assert error.message == "eval() is not allowed"
    assert error.code == "javascript.eval"
    assert error.description == ["Code must not be evaluated at run time."]
    assert (error.file, error.line, error.column) == ("background/main.js", 40, None)
    assert summary.counts == {"error": 1, "warning": 1, "notice": 1}


def test_linter_shape_lists_by_type():
    linter = {
        "count": 2,
        "summary": {"errors": 1, "notices": 0, "warnings": 1},
        "errors": [
            {
                "_type": "error",
                "code": "MANIFEST_FIELD_REQUIRED",
                "message": '"/name" is a required property',
                "description": "See https://mzl.la/1ZOhoEN.",
                "file": "manifest.json",
            }
        ],
        "warnings": [
            {
                "code": "UNSAFE_VAR_ASSIGNMENT",
                "message": "Unsafe assignment to innerHTML",
                "file": "popup.js",
                "line": "3",
                "column": 9,
            }
        ],
        "notices": [],
    }

    summary = summarise(linter)

    assert [(m.type, m.code) for m in summary.messages] == [
        ("error", "MANIFEST_FIELD_REQUIRED"),
        ("warning", "UNSAFE_VAR_ASSIGNMENT"),
    ]
    assert summary.messages[1].line == 3
    assert summary.messages[1].column == 9
    assert summary.counts == {"error": 1, "warning": 1, "notice": 0}


@pytest.mark.parametrize("stored", [None, "", [], "not json", 3])
def test_missing_result_is_empty(stored):
    summary = summarise(stored)

    assert summary.messages == []
    assert summary.is_empty


def test_odd_entries_are_tolerated():
    summary = summarise(
        {
            "errors": 2,
            "messages": [
                "not a message",
                {"type": "fatal", "message": "Odd type", "line": True},
                {"type": "error", "message": None, "description": [1, "Text"]},
            ],
        }
    )

    assert [(m.type, m.message) for m in summary.messages] == [
        ("error", ""),
        ("notice", "Odd type"),
    ]
    assert summary.messages[0].description == ["Text"]
    assert summary.messages[1].line is None
    # The stored count wins over the counted messages.
    assert summary.counts["error"] == 2
