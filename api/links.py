"""The OpenAPI links of the lifter's path: sign in -> enroll -> start -> log -> finish, and back.

Each resource declares its operation's links in ``@operation(links=...)``; the runtime
expressions they share live here, so one response shape is read one way everywhere.
"""

from __future__ import annotations

from .openapi import Link

SIGNED_IN_USER = {"user_id": "$response.body#/user/id"}
SIGNED_IN_TOKEN = {"header.Authorization": "Bearer {$response.body#/token}"}
STATE_USER = {"user_id": "$response.body#/state/user_id"}
WORKOUT = {"workout_id": "$response.body#/workout/id"}
FIRST_SET = {"set_index": "$response.body#/workout/sets/0/set_index"}

# From a SignedIn answer (register, login): the user and their token.
SIGNED_IN = {
    "enroll": Link("postEnrollment", {**SIGNED_IN_USER, **SIGNED_IN_TOKEN}, description="Enroll in a program"),
    "enrollment": Link("getEnrollment", {**SIGNED_IN_USER, **SIGNED_IN_TOKEN}),
    "maxes": Link("getMaxes", {**SIGNED_IN_USER, **SIGNED_IN_TOKEN}),
    "startWorkout": Link("postWorkoutStart", SIGNED_IN_TOKEN),
    "currentWorkout": Link("getUserWorkoutsCurrent", {**SIGNED_IN_USER, **SIGNED_IN_TOKEN}),
    "workouts": Link("getUserWorkouts", {**SIGNED_IN_USER, **SIGNED_IN_TOKEN}),
    "logout": Link("postLogout", SIGNED_IN_TOKEN, description="Revoke this token"),
}
# From an answer carrying the enrollment's state (same bearer token as the request).
ENROLLED = {
    "startWorkout": Link("postWorkoutStart", description="Start the next workout"),
    "enrollment": Link("getEnrollment", STATE_USER),
    "currentWorkout": Link("getUserWorkoutsCurrent", STATE_USER),
    "advanceWeek": Link("postEnrollmentAdvanceWeek", STATE_USER),
    "nextCycle": Link("postEnrollmentNextCycle", STATE_USER),
    "quit": Link("deleteEnrollment", STATE_USER),
}
QUIT = {
    "enrollAgain": Link("postEnrollment", STATE_USER),
    "enrollment": Link("getEnrollment", STATE_USER),
    "workouts": Link("getUserWorkouts", STATE_USER),
}
# From an answer carrying a workout that may be in progress.
WORKOUT_IN_PROGRESS = {
    "logSet": Link("postWorkoutSets", WORKOUT, request_body=FIRST_SET, description="Log the first set"),
    "logAnotherSet": Link("postWorkoutSets", WORKOUT),
    "finish": Link("postWorkoutFinish", WORKOUT),
    "abandon": Link("postWorkoutAbandon", WORKOUT),
    "workout": Link("getWorkout", WORKOUT),
    "enrollment": Link("getEnrollment", STATE_USER),
}
# From a finished or abandoned workout.
WORKOUT_ENDED = {
    "startNext": Link("postWorkoutStart", description="Start the next workout"),
    "workout": Link("getWorkout", WORKOUT),
    "enrollment": Link("getEnrollment", STATE_USER),
    "workouts": Link("getUserWorkouts", STATE_USER),
    "advanceWeek": Link("postEnrollmentAdvanceWeek", STATE_USER),
    "nextCycle": Link("postEnrollmentNextCycle", STATE_USER),
}
