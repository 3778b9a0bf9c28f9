"""Connection pools sized from the environment, and bad settings refused with the variable named."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workflow.db import POOL_SETTINGS, Database, DatabaseUnavailable, WriterQueue, pool_options
from workflow.messages import quoted


def test_the_defaults_let_fifty_people_act_at_once() -> None:
    options = pool_options()
    assert options == {option: default for option, (_variable, default) in POOL_SETTINGS.items()}
    assert options["pool_size"] + options["max_overflow"] >= 50


@pytest.mark.parametrize(
    ("variable", "value", "option", "expected"),
    [
        ("DRAGOMAN_DB_POOL_SIZE", "40", "pool_size", 40),
        ("DRAGOMAN_DB_MAX_OVERFLOW", "0", "max_overflow", 0),
        ("DRAGOMAN_DB_POOL_TIMEOUT", " 5 ", "pool_timeout", 5),
        ("DRAGOMAN_DB_POOL_RECYCLE", "600", "pool_recycle", 600),
        ("DRAGOMAN_DB_POOL_SIZE", "", "pool_size", 10),
    ],
)
def test_each_setting_comes_from_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, option: str, expected: int
) -> None:
    monkeypatch.setenv(variable, value)
    assert pool_options()[option] == expected


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DRAGOMAN_DB_POOL_SIZE", "0"),
        ("DRAGOMAN_DB_POOL_SIZE", "ten"),
        ("DRAGOMAN_DB_MAX_OVERFLOW", "-1"),
        ("DRAGOMAN_DB_POOL_TIMEOUT", "2.5"),
    ],
)
def test_a_bad_setting_is_refused_with_its_variable_and_an_example(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(DatabaseUnavailable) as refused:
        Database(f"sqlite:///{tmp_path / 'dragoman.db'}")
    assert f"{variable} is {quoted(value)}: it takes a whole number" in str(refused.value)
    assert not (tmp_path / "dragoman.db").exists()


def test_the_engine_uses_the_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DRAGOMAN_DB_POOL_SIZE", "7")
    monkeypatch.setenv("DRAGOMAN_DB_MAX_OVERFLOW", "3")
    db = Database(f"sqlite:///{tmp_path / 'dragoman.db'}")
    try:
        assert db.engine.pool.size() == 7  # type: ignore[attr-defined]
        assert db.engine.pool._max_overflow == 3  # type: ignore[attr-defined]
    finally:
        db.dispose()


def test_sqlite_writers_take_turns_in_the_order_they_came() -> None:
    queue = WriterQueue()
    order: list[int] = []
    threads = []

    def writer(n: int) -> None:
        with queue:
            order.append(n)

    with queue:
        for n in range(8):  # each arrives once the one before it is waiting
            thread = threading.Thread(target=writer, args=(n,))
            thread.start()
            threads.append(thread)
            while queue.waiting < n + 1:
                threading.Event().wait(0.001)
    for thread in threads:
        thread.join(30)
    assert order == list(range(8))


def test_a_writer_that_just_finished_waits_behind_those_already_waiting() -> None:
    queue = WriterQueue()
    turns: list[str] = []

    def other() -> None:
        with queue:
            turns.append("other")

    with queue:
        thread = threading.Thread(target=other)
        thread.start()
        while queue.waiting < 1:
            threading.Event().wait(0.001)
    with queue:  # straight back: the other writer came first
        turns.append("again")
    thread.join(30)
    assert turns == ["other", "again"]
