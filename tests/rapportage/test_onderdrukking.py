"""Small numbers by hand: a cell of 7 shows "< 10", and neither its row's nor its column's
total gives it away."""

from __future__ import annotations

from itertools import product

from goedwonen.rapportage.onderdrukking import TOTAAL, WEGGELATEN, publiceerbaar

RIJEN = ["Bloemhof", "Carnisse", "Tarwewijk"]
KOLOMMEN = ["overbewoning", "te_hoge_huur"]


def _derivable(table, rijen, kolommen) -> set[tuple[str, str]]:
    """The hidden cells a reader can work out: in a line where exactly one value is hidden,
    by subtraction from the others (repeated as a reader would)."""
    known = {key: value for key, value in table.cellen.items() if isinstance(value, int)}
    lines = [[(r, k) for k in [*kolommen, TOTAAL]] for r in [*rijen, TOTAAL]] + [
        [(r, k) for r in [*rijen, TOTAAL]] for k in [*kolommen, TOTAAL]
    ]
    found: set[tuple[str, str]] = set()
    changed = True
    while changed:
        changed = False
        for line in lines:
            unknown = [key for key in line if key not in known]
            if len(unknown) == 1:
                known[unknown[0]] = 0  # its value follows; which value does not matter here
                found.add(unknown[0])
                changed = True
    return found


def test_a_small_cell_shows_as_below_ten_and_the_totals_do_not_reveal_it():
    waarden = {
        ("Bloemhof", "overbewoning"): 7,
        ("Bloemhof", "te_hoge_huur"): 25,
        ("Carnisse", "overbewoning"): 40,
        ("Carnisse", "te_hoge_huur"): 31,
        ("Tarwewijk", "overbewoning"): 52,
        ("Tarwewijk", "te_hoge_huur"): 18,
    }
    table = publiceerbaar(waarden, rijen=RIJEN, kolommen=KOLOMMEN)

    assert table.toon("Bloemhof", "overbewoning") == "< 10"
    # Bloemhof's total (32) and the overbewoning total (99) are shown; so a rectangle of
    # four cells is left out, and 7 follows from nothing shown.
    assert table.toon("Bloemhof", TOTAAL) == "32"
    assert table.toon(TOTAAL, "overbewoning") == "99"
    hidden = {key for key, value in table.cellen.items() if not isinstance(value, int)}
    assert hidden == {
        ("Bloemhof", "overbewoning"),
        ("Bloemhof", "te_hoge_huur"),
        ("Carnisse", "overbewoning"),
        ("Carnisse", "te_hoge_huur"),
    }
    assert table.toon("Carnisse", "te_hoge_huur") == WEGGELATEN
    assert not _derivable(table, RIJEN, KOLOMMEN)
    # What is shown is exact.
    assert table.toon("Tarwewijk", "te_hoge_huur") == "18"
    assert table.toon(TOTAAL, TOTAAL) == "173"


def test_no_table_of_small_and_large_values_gives_a_hidden_cell_away():
    values = [0, 3, 9, 10, 12, 40]
    for a, b, c, d in product(values, repeat=4):
        waarden = {("r1", "k1"): a, ("r1", "k2"): b, ("r2", "k1"): c, ("r2", "k2"): d}
        table = publiceerbaar(waarden, rijen=["r1", "r2"], kolommen=["k1", "k2"])
        assert not _derivable(table, ["r1", "r2"], ["k1", "k2"]), waarden
        for key, value in waarden.items():
            if value < 10:
                assert table.cellen[key] == "< 10"
