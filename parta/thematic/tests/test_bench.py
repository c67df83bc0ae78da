from parta.bench import registry
from parta.bench.context import BenchContext
from parta.bench.measure import run_scenarios
from parta.demo.builder import seed_demo
from parta.thematic.models import PlanTopic


def test_thematic_scenarios_run_on_the_demo(db: None) -> None:
    # given a small demo school
    seed_demo(schools=1, students_per_school=40, seed=5)
    registry.discover()
    items = registry.scenarios("thematic.list,thematic.plan,thematic.import200")
    # when the scenarios run
    results = {r.name: r for r in run_scenarios(items, BenchContext(), iterations=1, warmups=0)}
    # then every request succeeds and the import writes its 200 rows in under 2 s
    assert {name: r.status for name, r in results.items()} == {
        "thematic.list": 200,
        "thematic.plan": 200,
        "thematic.import200": 201,
    }
    assert results["thematic.import200"].max_ms < 2000
    assert PlanTopic.objects.count() >= 200
