"""A stored workout answer's text cut at its sets and put back together without a parser
(``engine/queries/workout_text.py``): the same text ``dumps`` gives the whole answer, whatever
the notes say; its values, for the command's answer, are the text's."""

from __future__ import annotations

from engine.json_codec import dumps, loads
from engine.queries.workout_text import StoredWorkout, keep, patched

# A note may hold anything, the very separators the cutting looks for included (escaped in the text).
TRICKY = 'x","sets":[{"set_index":7,"logged":null},{"set_index":8}]} \\'


def _answer(notes: tuple[str | None, ...]) -> dict:
    sets = [{"set_index": i, "plates": {"bar": 45, "per_side": []}, "note": note,
             "logged": None if i % 2 else {"id": f"s{i}", "set_index": i, "note": note}}
            for i, note in enumerate(notes)]
    return {"id": "w1", "status": "IN_PROGRESS", "note": TRICKY, "sets": sets}


def _summary(answer: dict, **changes) -> dict:
    return {**{key: value for key, value in answer.items() if key != "sets"}, **changes}


def test_a_patched_text_is_the_whole_answer_s_text():
    answer = _answer((None, TRICKY, "plain", TRICKY))
    text = dumps(answer)
    cut = StoredWorkout.of(text, 4)
    assert [cut.set_json(p) for p in range(4)] == answer["sets"]
    assert cut.patched(_summary(answer), {}, {}) == text
    first, last = {"set_index": 0, "note": "changed", "logged": None}, {"set_index": 3, "note": None, "logged": None}
    logged = {"id": "s1", "set_index": 1, "note": TRICKY}
    assert cut.patched(_summary(answer, status="COMPLETED"), {0: first, 3: last}, {1: logged, 2: None}) == dumps(
        {**_summary(answer, status="COMPLETED"), "sets": [first, {**answer["sets"][1], "logged": logged},
                                                         {**answer["sets"][2], "logged": None}, last]})
    assert cut.patched(_summary(answer), {}, {3: logged}) == dumps(
        {**answer, "sets": [*answer["sets"][:3], {**answer["sets"][3], "logged": logged}]})
    empty = {"id": "w1", "sets": []}
    assert StoredWorkout.of(dumps(empty), 0).patched({"id": "w2"}, {}, {}) == dumps({"id": "w2", "sets": []})


def test_an_answer_not_of_the_expected_shape_is_not_cut():
    text = dumps(_answer((None, None, None)))
    assert StoredWorkout.of(text, 2) is None and StoredWorkout.of(text, 4) is None  # not that many sets
    assert StoredWorkout.of(dumps({"id": "w1", "sets": [{"note": None, "set_index": 0}]}), 1) is None  # not first
    assert StoredWorkout.of(dumps({"id": "w1", "sets": [{"set_index": 0, "rest": {"set_index": 1}}]}), 1) is None
    assert StoredWorkout.of(dumps({"id": "w1"}), 0) is None


def test_a_patched_answer_s_values_are_its_text_parsed_whether_this_worker_kept_it_or_not():
    answer = _answer((None, "a", None))
    text = dumps(answer)
    summary = _summary(answer, status="COMPLETED")
    item = {"set_index": 1, "note": "again", "logged": {"id": "s1", "set_index": 1, "note": None}}
    logged = {"id": "s2", "set_index": 2, "note": None}
    new = StoredWorkout.of(text, 3).patched(summary, {1: item}, {2: logged})
    assert new == dumps({**summary, "sets": [answer["sets"][0], item, {**answer["sets"][2], "logged": logged}]})
    assert patched("w-unknown", text, new, summary, {1: item}, {2: logged}) == (new, loads(new))
    keep("w-kept", text, answer)
    found = patched("w-kept", text, new, summary, {1: item}, {2: logged})
    assert found == (new, loads(new)) and found[1]["sets"][0] is answer["sets"][0]  # from the kept values
    keep("w-stale", dumps({**answer, "note": "older"}), {**answer, "note": "older"})
    assert patched("w-stale", text, new, summary, {1: item}, {2: logged}) == (new, loads(new))


def test_a_set_without_a_logged_member_is_not_patched():
    text = dumps({"id": "w1", "sets": [{"set_index": 0, "note": None}]})
    assert StoredWorkout.of(text, 1).patched({"id": "w1"}, {}, {0: None}) is None
