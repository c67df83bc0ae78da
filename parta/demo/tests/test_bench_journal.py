import datetime

import time_machine

from parta.bench import registry
from parta.bench.context import BenchContext
from parta.bench.measure import run_scenarios
from parta.bench.saves import worker_counts
from parta.demo.builder import seed_demo
from parta.journal.bench import MarkSaves

NOON = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)
NAMES = (
    "journal.index",
    "journal.page",
    "journal.page.first_period",
    "api.journal",
    "api.journal.year",
    "api.journal.audiences",
)


def test_journal_scenarios_run_on_the_demo(db: None) -> None:
    # given a small demo school with six weeks of journal
    with time_machine.travel(NOON, tick=True):
        seed_demo(schools=1, students_per_school=60, seed=5)
        registry.discover()
        items = [i for i in registry.scenarios(",".join(NAMES)) if i.name in NAMES]
        # when the scenarios run
        results = run_scenarios(items, BenchContext(), iterations=1, warmups=0)
    # then every request succeeds, the journal at a constant number of queries
    assert {r.name: r.status for r in results} == dict.fromkeys(NAMES, 200)
    for result in results:
        if result.name.startswith("journal.page"):
            assert result.queries_max <= 12, result


def test_mark_saves_load_saves_and_refuses_stale_contended_cells(db: None) -> None:
    # given a small demo school with its journal, and two workers' loads on it
    with time_machine.travel(NOON, tick=True):
        seed_demo(schools=1, students_per_school=60, seed=5)
        ctx = BenchContext()
        first, second = MarkSaves(ctx, 0, 2), MarkSaves(ctx, 1, 2)
        # then the workers write separate cells, and share the contended ones
        assert not {(a.pk, s.pk) for a, s in first.cells} & {(a.pk, s.pk) for a, s in second.cells}
        assert first.contended == second.contended
        # when each saves its own cells: every save succeeds, one version after another
        first.contended, second.contended = [], []
        assert all(first.save_one() for _ in range(5))
        assert all(second.save_one() for _ in range(5))
        # when both save the same cell with the version they knew, the second is stale
        cell = first.cells[0]
        second.cells, second.turn, first.turn = [cell], 0, 0
        second.versions[(cell[0].pk, cell[1].pk)] = first.versions[(cell[0].pk, cell[1].pk)]
        first.cells = [cell]
        assert first.save_one()
        assert not second.save_one()
        # and, with the version it now knows, its next save succeeds
        assert second.save_one()


def test_saves_worker_counts() -> None:
    assert worker_counts("1,2,4") == [1, 2, 4]
    assert worker_counts("") == [] == worker_counts("0")
