"""What must hold in the database whatever the requests raced: checked after every round.

- one workout IN_PROGRESS per enrollment at most;
- the transition log of every entity is gapless (seq 1..n), each transition starts in the
  state the previous one ended in, and the last one ends in the state the row holds;
- no progression applied twice: one log row per idempotency key, each slot's log is a chain
  (every change starts from the weight the previous one left) ending at the slot's weight,
  and the tiny program's squat went up exactly once per successful COMPLETED squat session
  (its only rule: +5 lb after a session whose logged sets all met their target).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import Engine, text

HELD_STATES = (  # (machine, entity id, state the row holds) of every entity of one user
    "SELECT 'enrollment', id, enrollment_status FROM user_program_states WHERE user_id = :u "
    "UNION ALL SELECT 'cycle', id, cycle_status FROM user_program_states WHERE user_id = :u "
    "UNION ALL SELECT 'week', id, week_status FROM user_program_states WHERE user_id = :u "
    "UNION ALL SELECT 'session', id, status FROM workout_sessions WHERE user_id = :u"
)


def violations(db: Engine, user_id: str) -> list[str]:
    """Every invariant broken in the rows of one user (each racing pair has its own lifter)."""
    with db.connect() as conn:
        return [*_two_in_progress(conn, user_id), *_broken_logs(conn, user_id), *_progressions(conn, user_id)]


def _two_in_progress(conn, user_id: str) -> list[str]:
    rows = conn.execute(text(
        "SELECT user_program_state_id, count(*) FROM workout_sessions WHERE status = 'IN_PROGRESS' "
        "AND user_id = :u GROUP BY user_program_state_id HAVING count(*) > 1"), {"u": user_id}).all()
    return [f"enrollment {e} has {n} workouts IN_PROGRESS" for e, n in rows]


def _broken_logs(conn, user_id: str) -> list[str]:
    entries = defaultdict(list)
    for machine, entity, seq, from_state, to_state in conn.execute(text(
            "SELECT machine, entity_id, seq, from_state, to_state FROM transition_log WHERE user_id = :u "
            "ORDER BY machine, entity_id, seq"), {"u": user_id}):
        entries[(machine, entity)].append((seq, from_state, to_state))
    held = {(machine, entity): state for machine, entity, state in conn.execute(text(HELD_STATES), {"u": user_id})}
    found = []
    for (machine, entity), log in entries.items():
        if [seq for seq, _, _ in log] != list(range(1, len(log) + 1)):
            found.append(f"{machine} {entity}: seqs {[seq for seq, _, _ in log]} are not 1..n")
        for (_, _, ended), (seq, started, _) in zip(log, log[1:], strict=False):
            if started != ended:
                found.append(f"{machine} {entity}: transition {seq} starts in {started}, the previous ended in {ended}")
        if (machine, entity) in held and held[(machine, entity)] != log[-1][2]:
            found.append(f"{machine} {entity}: the row holds {held[(machine, entity)]}, the log ends in {log[-1][2]}")
    return found


def _progressions(conn, user_id: str) -> list[str]:
    found = [f"progression {key} applied {n} times" for key, n in conn.execute(text(
        "SELECT idempotency_key, count(*) FROM progression_logs WHERE user_id = :u GROUP BY idempotency_key "
        "HAVING count(*) > 1"), {"u": user_id})]
    successes = _successful_squat_sessions(conn, user_id)
    logs = defaultdict(list)
    for enrollment, slot, previous, new in conn.execute(text(
            "SELECT user_program_state_id, slot, previous_weight, new_weight FROM progression_logs "
            "WHERE user_id = :u ORDER BY applied_at, id"), {"u": user_id}):
        logs[(enrollment, slot)].append((Decimal(str(previous)), Decimal(str(new))))
    for (enrollment, slot, weight) in conn.execute(text(
            "SELECT p.user_program_state_id, p.slot, p.weight FROM progression_states p "
            "JOIN user_program_states e ON e.id = p.user_program_state_id WHERE e.user_id = :u"), {"u": user_id}):
        chain = logs.get((enrollment, slot), [])
        if any(nxt[0] != prev[1] for prev, nxt in zip(chain, chain[1:], strict=False)):
            found.append(f"{enrollment} {slot}: progression log is not a chain: {chain}")
        if chain and Decimal(str(weight)) != chain[-1][1]:
            found.append(f"{enrollment} {slot}: weight {weight}, but the last progression left {chain[-1][1]}")
        if slot == "squat" and len(chain) != successes.get(enrollment, 0):
            found.append(f"{enrollment}: {len(chain)} squat progressions for {successes.get(enrollment, 0)} "
                         "successful squat sessions")
    return found


def _successful_squat_sessions(conn, user_id: str) -> dict[str, int]:
    """Per enrollment: COMPLETED workouts of day A (squat only) with a set logged and every logged
    set at its target (sets never logged do not count: the program's "success")."""
    return dict(conn.execute(text(
        "SELECT w.user_program_state_id, count(*) FROM workout_sessions w WHERE w.user_id = :u "
        "AND w.status = 'COMPLETED' AND w.day_index = 0 "
        "AND EXISTS (SELECT 1 FROM logged_sets s WHERE s.session_id = w.id) "
        "AND NOT EXISTS (SELECT 1 FROM logged_sets s WHERE s.session_id = w.id AND s.reps < s.target_reps) "
        "GROUP BY w.user_program_state_id"), {"u": user_id}).all())
