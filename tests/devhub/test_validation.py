"""Reading validation results in both of addons-linter's shapes."""

from amo.devhub.validation import MAX_MESSAGES, summarize


def test_messages_list_with_types():
    summary = summarize(
        {
            "errors": 1,
            "warnings": 0,
            "notices": 2,
            "messages": [
                {"type": "error", "id": ["A", "B"], "message": "Bad", "line": 4},
                {"type": "notice", "code": "N", "message": "Note"},
                {"type": "notice", "message": "Other", "line": True},
                {"type": "unknown", "message": "Ignored"},
            ],
        }
    )

    assert summary.counts == {"error": 1, "warning": 0, "notice": 2}
    assert summary.messages["error"][0].code == "A.B"
    assert summary.messages["error"][0].line == 4
    assert summary.messages["notice"][0].code == "N"
    # A boolean is no line number.
    assert summary.messages["notice"][1].line is None


def test_one_list_per_type():
    summary = summarize(
        {
            "summary": {"errors": 1, "warnings": 3, "notices": 0},
            "errors": [
                {
                    "code": "MANIFEST",
                    "message": "No name",
                    "description": ["One.", "Two."],
                    "file": "manifest.json",
                }
            ],
            "warnings": [{"message": "Careful"}],
            "notices": [],
        }
    )

    assert summary.counts == {"error": 1, "warning": 3, "notice": 0}
    assert summary.messages["error"][0].description == "One. Two."
    assert summary.messages["error"][0].file == "manifest.json"
    assert [m.message for m in summary.messages["warning"]] == ["Careful"]


def test_messages_are_capped_but_counted():
    messages = [{"type": "warning", "message": f"W{n}"} for n in range(600)]

    summary = summarize({"messages": messages})

    assert summary.counts["warning"] == 600
    assert len(summary.messages["warning"]) == MAX_MESSAGES


def test_missing_or_odd_results():
    for value in (None, [], "text", {"messages": "nope"}):
        summary = summarize(value)

        assert summary.counts == {"error": 0, "warning": 0, "notice": 0}


def test_json_shape():
    data = summarize({"messages": [{"type": "error", "message": "Bad"}]}).as_json()

    assert data["counts"] == {"errors": 1, "warnings": 0, "notices": 0}
    assert data["messages"]["errors"][0]["message"] == "Bad"
    assert data["messages"]["notices"] == []
