import datetime

import time_machine

from parta.bench import registry
from parta.bench.context import BenchContext
from parta.bench.measure import run_scenarios
from parta.demo.builder import seed_demo

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
