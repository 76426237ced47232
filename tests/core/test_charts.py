"""Charts cost a server process little after its first: vl-convert starts before the process
takes requests, and a chart shown again is not rendered again (issue 12, point 13), nor in
another process once one has drawn it (issue 18)."""

from __future__ import annotations

import pytest

from goedwonen.core import charts

pytestmark = pytest.mark.django_db  # the shared cache is the database's


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each rendering by vl-convert from here on (it still renders)."""
    done: list[str] = []
    render = charts.vlc.vegalite_to_svg

    def spy(spec, *args, **kwargs):
        done.append(spec.get("title", ""))
        return render(spec, *args, **kwargs)

    charts.charts_forget()  # what this process rendered before counts not
    monkeypatch.setattr(charts.vlc, "vegalite_to_svg", spy)
    return done


def chart(values: list[dict]) -> str:
    return charts.bar_chart(
        values,
        category="buurt",
        value="verhouding",
        category_title="Buurt",
        value_title="Verhouding",
        title="Verhouding per buurt",
        rules=[(1.0, "evenredig")],
    )


def test_a_chart_shown_again_is_not_rendered_again(renders):
    first = chart(
        [{"buurt": "Carnisse", "verhouding": 1.5}, {"buurt": "Tarwewijk", "verhouding": 0.5}]
    )
    again = chart(
        [{"buurt": "Carnisse", "verhouding": 1.5}, {"buurt": "Tarwewijk", "verhouding": 0.5}]
    )
    assert again == first and 'role="img"' in first
    assert len(renders) == 1
    other = chart([{"buurt": "Carnisse", "verhouding": 2.5}])
    assert other != first
    assert len(renders) == 2


def test_a_server_process_renders_a_chart_before_its_first_request(renders):
    from goedwonen import gunicorn_hooks  # the settings module `goedwonen serve` gives gunicorn

    gunicorn_hooks.post_worker_init(None)
    assert len(renders) == 1


def test_a_chart_another_process_drew_is_read_from_the_shared_cache(renders):
    first = chart([{"buurt": "Bloemhof", "verhouding": 1.2}])
    charts.charts_forget()  # as a process that never drew it

    again = chart([{"buurt": "Bloemhof", "verhouding": 1.2}])

    assert again == first and 'role="img"' in again
    assert len(renders) == 1


def test_a_chart_the_shared_cache_lost_is_drawn_again(renders):
    from django.core.cache import cache

    chart([{"buurt": "Hillesluis", "verhouding": 0.8}])
    charts.charts_forget()
    cache.clear()

    chart([{"buurt": "Hillesluis", "verhouding": 0.8}])

    assert len(renders) == 2
