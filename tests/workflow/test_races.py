"""Simultaneous claims with real threads and real processes: exactly one winner every round."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter, defaultdict

import pytest
from sqlmodel import select

from tests.factories import get_piece, make_user
from tests.workflow.flows import translate_all
from tests.workflow.race_worker import contend
from workflow import actions, queries
from workflow.db import Database
from workflow.errors import AlreadyClaimed
from workflow.importers import import_sources
from workflow.models import AuditEvent
from workflow.permissions import CONSOLE
from workflow.revisions import ArticleSource
from workflow.segments import ArticleContent
from workflow.status import Status

ROUNDS = 50


def _pieces(db: Database, count: int) -> list[int]:
    sources = [
        ArticleSource(
            slug=f"race-{i}",
            language="en",
            content=ArticleContent(title=f"Race {i}", body=f"One paragraph for round {i}.\n"),
        )
        for i in range(count)
    ]
    import_sources(db, CONSOLE, sources)
    from tests.factories import pieces_of

    return [pieces_of(db, f"race-{i}")["fa"].id for i in range(count)]  # type: ignore[misc]


def _submitted(db: Database, pieces: list[int]) -> None:
    author = make_user(db, "author", ["translator"], [("en", "fa")])
    for piece_id in pieces:
        actions.claim(db, author, piece_id)
        translate_all(db, author, piece_id)
        actions.submit(db, author, piece_id)


def _check(db: Database, pieces: list[int], outcomes: dict[int, list[str]], event: str, status: Status) -> None:
    for round_no, piece_id in enumerate(pieces):
        results = outcomes[round_no]
        errors = [r for r in results if r.startswith("error")]
        assert not errors, errors
        assert sum(r.startswith("won:") for r in results) == 1, (round_no, results)
        assert all(r.startswith("won:") or "already claimed by" in r for r in results)
        winner = next(r for r in results if r.startswith("won:")).removeprefix("won:")
        piece = get_piece(db, piece_id)
        assert piece.status == status
        with db.read() as session:
            events = session.exec(
                select(AuditEvent).where(AuditEvent.piece_id == piece_id, AuditEvent.action == event)
            ).all()
        assert len(events) == 1
        assert events[0].actor_id == piece.holder_id
        from workflow.people import get_user

        assert get_user(db, winner).id == piece.holder_id


def _thread_race(db: Database, users: list, pieces: list[int], act) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(users))
    outcomes: dict[int, list[str]] = defaultdict(list)
    lock = threading.Lock()

    def run(user) -> None:  # type: ignore[no-untyped-def]
        for round_no, piece_id in enumerate(pieces):
            barrier.wait(timeout=60)
            try:
                act(db, user, piece_id)
                result = f"won:{user.username}"
            except AlreadyClaimed as error:
                result = f"lost: {error}"
            except Exception as error:
                result = f"error: {type(error).__name__}: {error}"
            with lock:
                outcomes[round_no].append(result)

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return outcomes


@pytest.mark.slow
def test_twenty_threads_claiming_the_same_piece(db: Database) -> None:
    users = [make_user(db, f"translator{i}", ["translator"], [("en", "fa")]) for i in range(20)]
    pieces = _pieces(db, ROUNDS)
    outcomes = _thread_race(db, users, pieces, actions.claim)
    _check(db, pieces, outcomes, "claim", Status.IN_TRANSLATION)


@pytest.mark.slow
def test_twenty_threads_starting_the_same_review(db: Database) -> None:
    users = [make_user(db, f"reviewer{i}", ["reviewer"], [("en", "fa")]) for i in range(20)]
    pieces = _pieces(db, ROUNDS)
    _submitted(db, pieces)
    outcomes = _thread_race(db, users, pieces, actions.start_review)
    _check(db, pieces, outcomes, "start_review", Status.IN_REVIEW)


def _process_race(db: Database, usernames: list[str], pieces: list[int], action: str) -> dict[int, list[str]]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(usernames))
    results = context.Queue()
    processes = [
        context.Process(target=contend, args=(db.url, name, action, pieces, barrier, results)) for name in usernames
    ]
    for p in processes:
        p.start()
    outcomes: dict[int, list[str]] = defaultdict(list)
    for _ in range(len(usernames) * len(pieces)):
        round_no, username, result = results.get(timeout=120)
        outcomes[round_no].append(f"won:{username}" if result == "won" else result)
    for p in processes:
        p.join(timeout=60)
        assert p.exitcode == 0
    return outcomes


@pytest.mark.slow
@pytest.mark.parametrize("action", ["claim", "start_review"])
def test_eight_processes_racing(db: Database, action: str) -> None:
    role = "translator" if action == "claim" else "reviewer"
    names = [f"{role}{i}" for i in range(8)]
    for name in names:
        make_user(db, name, [role], [("en", "fa")])
    pieces = _pieces(db, ROUNDS)
    if action == "start_review":
        _submitted(db, pieces)
    outcomes = _process_race(db, names, pieces, action)
    assert Counter(len(v) for v in outcomes.values()) == Counter({8: ROUNDS})
    _check(db, pieces, outcomes, action, Status.IN_TRANSLATION if action == "claim" else Status.IN_REVIEW)


PEOPLE = 50


def test_fifty_translators_claim_and_save_at_once_with_no_one_waiting_for_a_connection(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    pieces = _pieces(db, PEOPLE)
    people = [make_user(db, f"translator-{n}") for n in range(PEOPLE)]
    monkeypatch.setenv("DRAGOMAN_DB_POOL_TIMEOUT", "10")  # a pool too small would fail here, not wait
    dashboard = Database(db.url, clock=db.clock)  # one process's engine, shared by every session as in Streamlit
    everyone_in = threading.Barrier(PEOPLE)
    failures: list[str] = []

    def work(person_index: int) -> None:
        person, piece_id = people[person_index], pieces[person_index]
        try:
            with dashboard.read() as session:  # all fifty hold a connection at the same moment
                session.exec(select(AuditEvent.id).limit(1)).all()
                everyone_in.wait(timeout=120)
            actions.claim(dashboard, person, piece_id)
            for segment in queries.piece_segments(dashboard, piece_id):
                actions.save_segment(
                    dashboard, person, segment.segment_id, f"ترجمهٔ {person.username}", segment.version, done=False
                )
        except Exception as error:  # every failure is reported, whatever it is
            failures.append(f"{person.username}: {type(error).__name__}: {error}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    dashboard.dispose()
    assert failures == []
    for person, piece_id in zip(people, pieces, strict=True):
        piece = get_piece(db, piece_id)
        assert (piece.status, piece.holder_id) == (Status.IN_TRANSLATION, person.id)
        assert {s.target for s in queries.piece_segments(db, piece_id)} == {f"ترجمهٔ {person.username}"}
