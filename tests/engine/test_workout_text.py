"""A stored workout answer's text cut into its sets' texts and put back together without a
parser (``engine/queries/workout_text.py``): the same text ``dumps`` gives the whole answer,
whatever the notes say."""

from __future__ import annotations

from engine.json_codec import dumps, loads, object_texts
from engine.queries.workout_text import keep, patched, set_texts, workout_text

# A note may hold anything, the very separators the cutting looks for included (escaped in the text).
TRICKY = 'x","sets":[{"set_index":7,"logged":null},{"set_index":8} \\'


def _answer(notes: tuple[str | None, ...]) -> dict:
    sets = [{"set_index": i, "plates": {"bar": 45, "per_side": []}, "note": note,
             "logged": None if i % 2 else {"id": f"s{i}", "set_index": i, "note": note}}
            for i, note in enumerate(notes)]
    return {"id": "w1", "status": "IN_PROGRESS", "note": TRICKY, "sets": sets}


def test_the_sets_texts_are_each_sets_encoding_and_put_back_give_the_whole_text():
    answer = _answer((None, TRICKY, "plain", TRICKY))
    text = dumps(answer)
    sets = set_texts(text, 4)
    assert sets == [dumps(item) for item in answer["sets"]]
    summary = {key: value for key, value in answer.items() if key != "sets"}
    assert workout_text(summary, sets) == text
    sets[1] = dumps({"set_index": 1, "note": "changed", "logged": None})
    assert workout_text({**summary, "status": "COMPLETED"}, sets) == dumps(
        {**summary, "status": "COMPLETED", "sets": [answer["sets"][0], {"set_index": 1, "note": "changed",
                                                                         "logged": None}, *answer["sets"][2:]]})


def test_an_answer_not_of_the_expected_shape_gives_none():
    text = dumps(_answer((None, None, None)))
    assert set_texts(text, 2) is None and set_texts(text, 4) is None  # not that many sets
    assert set_texts(dumps({"id": "w1", "sets": [{"note": None, "set_index": 0}]}), 1) is None  # index not first
    assert set_texts(dumps({"id": "w1", "sets": [{"set_index": 0, "rest": {"set_index": 1}}]}), 1) is None
    assert set_texts(dumps({"id": "w1", "sets": []}), 0) == []
    assert set_texts(dumps({"id": "w1"}), 0) is None


def test_object_texts_cuts_an_array_of_objects_by_their_first_key():
    items = [{"k": 1, "s": ',{"k":2}'}, {"k": 2, "nested": {"k": 3}}]
    assert object_texts(dumps(items), "k") == [dumps(item) for item in items]
    assert object_texts("[]", "k") == []
    assert object_texts(dumps([{"j": 1}]), "k") is None and object_texts(dumps({"k": 1}), "k") is None


def test_a_patched_answer_s_values_are_its_text_parsed_whether_this_worker_kept_it_or_not():
    answer = _answer((None, "a", None))
    text = dumps(answer)
    summary = {**{key: value for key, value in answer.items() if key != "sets"}, "status": "COMPLETED"}
    item = {"set_index": 1, "note": "again", "logged": {"id": "s1", "set_index": 1, "note": None}}
    sets = set_texts(text, 3)
    sets[1] = dumps(item)
    expected = dumps({**summary, "sets": [answer["sets"][0], item, answer["sets"][2]]})
    assert patched("w-unknown", text, summary, list(sets), {1: item}) == (expected, loads(expected))
    keep("w-kept", text, answer)
    found_text, found = patched("w-kept", text, summary, list(sets), {1: item})
    assert (found_text, found) == (expected, loads(expected))
    assert found["sets"][0] is answer["sets"][0]  # made from the kept values, not parsed
    keep("w-stale", dumps({**answer, "note": "older"}), {**answer, "note": "older"})
    assert patched("w-stale", text, summary, list(sets), {1: item})[1] == loads(expected)
