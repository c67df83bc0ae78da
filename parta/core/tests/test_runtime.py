"""The serving process's garbage-collector settings."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from parta.core.runtime import GC_THRESHOLD, tune_gc


@pytest.fixture
def restore_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_tune_gc_freezes_what_is_loaded_and_raises_the_threshold(restore_gc: None) -> None:
    # given a process with its modules loaded
    # when the serving process tunes its collector
    tune_gc()
    # then what was loaded is frozen and the young generation waits for 50,000 allocations
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == GC_THRESHOLD
    assert GC_THRESHOLD[0] > 700


def test_the_wsgi_application_tunes_the_collector(restore_gc: None) -> None:
    # when the WSGI module is loaded (as gunicorn loads it)
    import importlib

    import config.wsgi

    importlib.reload(config.wsgi)
    # then the collector is tuned
    assert gc.get_threshold() == GC_THRESHOLD
