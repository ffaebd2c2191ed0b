"""The frontend guide's JavaScript sequence type-checks against the served OpenAPI document.

openapi-typescript turns /openapi.json into TypeScript types; the guide's calls, run through a
``call`` typed with those types (the path must exist with that method, the path parameters and
the body must be the operation's, the fields read must be in its success answer), must pass
``tsc --noEmit --strict``. A misspelled field must not: the check fails when it should.
The tools are pinned in tests/typescript/package-lock.json; scripts/install runs `npm ci` there.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import falcon.testing
import pytest

from api.app import create_app
from cli.docs import DOCS, offline_services
from cli.fetch_sequence import SEQUENCE_START
from engine.config import PROJECT_ROOT

TOOLS = PROJECT_ROOT / "tests" / "typescript"
BIN = TOOLS / "node_modules" / ".bin"
TYPED_CALL = """\
import type { paths } from "./openapi";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][Lowercase<M> & keyof paths[P]]>;
type Params<O> = O extends { parameters: { path?: infer P } } ? P : never;
type Body<O> = O extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type Success = 200 | 201;
type Json<R> = R extends { content: { "application/json": infer T } } ? T : never;
type Answer<O> = O extends { responses: infer R } ? { [S in keyof R & Success]: Json<R[S]> }[keyof R & Success] : never;

// The guide's helper, as TypeScript sees it: what each operation takes and answers.
declare function call<P extends keyof paths, M extends Method>(
  method: M,
  path: P,
  options?: { params?: Params<Operation<P, M>>; token?: string; body?: Body<Operation<P, M>> },
): Promise<Answer<Operation<P, M>>>;

"""
MISTAKES = {  # file -> (what the guide says, a mistake a frontend developer could make)
    "wrong_answer_field.ts": ("finished.progressions_applied", "finished.progressions_aplied"),
    "wrong_body_field.ts": ('"set_index": ', '"set_idx": '),
    "wrong_path.ts": ('"/workouts/{workout_id}/finish"', '"/workouts/{workout_id}/finished"'),
}


def guide_sequence() -> str:
    guide = (DOCS / "frontend-guide.md").read_text(encoding="utf-8")
    block = re.search(r"```js\n(.*?)```", guide, re.S)
    assert block, "docs/frontend-guide.md has no ```js block; run scripts/docs"
    code = block.group(1)
    return code[code.index(SEQUENCE_START):]


def tsc(directory: Path, *files: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "tsc"), "--noEmit", "--strict", "--target", "es2022", "--module", "esnext",
         "--moduleResolution", "bundler", "--lib", "es2022,dom", "--pretty", "false", *files],
        cwd=directory, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    assert (BIN / "tsc").exists() and (BIN / "openapi-typescript").exists(), \
        "tsc and openapi-typescript are missing: run scripts/install (npm ci in tests/typescript)"
    directory = tmp_path_factory.mktemp("typescript")
    document = falcon.testing.TestClient(create_app(offline_services())).simulate_get("/openapi.json").json
    (directory / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    generated = subprocess.run([str(BIN / "openapi-typescript"), "openapi.json", "-o", "openapi.d.ts"],
                               cwd=directory, capture_output=True, text=True, timeout=120)
    assert generated.returncode == 0, generated.stderr
    sequence = guide_sequence()
    (directory / "sequence.ts").write_text(TYPED_CALL + sequence, encoding="utf-8")
    for name, (right, wrong) in MISTAKES.items():
        assert right in sequence, f"the guide's sequence no longer has {right}"
        (directory / name).write_text(TYPED_CALL + sequence.replace(right, wrong, 1), encoding="utf-8")
    return directory, tsc(directory, "sequence.ts", *MISTAKES)


def errors_in(result: subprocess.CompletedProcess, file: str) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith(f"{file}(")]


def test_the_guides_sequence_type_checks_against_the_generated_types(checked):
    _, result = checked
    assert errors_in(result, "sequence.ts") == []
    assert set(re.findall(r"^(\S+?)\(", result.stdout, re.M)) == set(MISTAKES), result.stdout


@pytest.mark.parametrize("file", sorted(MISTAKES))
def test_a_misspelled_name_fails_the_check(checked, file):
    _, result = checked
    wrong = MISTAKES[file][1].strip('"').split(".")[-1].split('"')[0]
    errors = errors_in(result, file)
    assert errors and any(wrong in line for line in errors), result.stdout
