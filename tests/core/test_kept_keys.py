"""The keys development and the demo keep under ./var (settings._kept_key): processes that
start together read one whole key, never a half-written file."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from goedwonen import settings as product_settings


def test_processes_starting_together_read_one_whole_key(tmp_path, monkeypatch):
    for attempt in range(20):
        folder = tmp_path / f"var{attempt}"
        monkeypatch.setattr(product_settings, "VAR_DIR", folder)
        with ThreadPoolExecutor(8) as pool:
            keys = set(pool.map(lambda _: product_settings._kept_key("sleutel"), range(8)))
        assert len(keys) == 1
        (key,) = keys
        assert len(key) >= 60
        assert (folder / "sleutel").stat().st_mode & 0o777 == 0o600
        assert [p.name for p in folder.iterdir()] == ["sleutel"]  # nothing left aside


def test_a_kept_key_stays_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(product_settings, "VAR_DIR", tmp_path)
    (tmp_path / "sleutel").write_text("een-sleutel-die-er-al-was-en-lang-genoeg-is\n")
    assert product_settings._kept_key("sleutel") == "een-sleutel-die-er-al-was-en-lang-genoeg-is"
