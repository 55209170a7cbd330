"""linkage_quality links two CSV files as the product links persons, and the synthetic evaluation."""

import csv
import pathlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schakel.linkage import evaluation, quality

DATA = pathlib.Path(__file__).parent / "data"


def test_linkage_quality_writes_the_pairs_it_would_call_a_match(tmp_path):
    out = tmp_path / "pairs.csv"
    stdout = StringIO()
    call_command("linkage_quality", str(DATA / "personen_a.csv"), str(DATA / "personen_b.csv"),
                 "--out", str(out), stdout=stdout)
    with open(out, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["id_a"], r["id_b"]) for r in rows} == {("a1", "b1"), ("a2", "b2"), ("a3", "b3")}
    assert all(0.8 <= float(r["similarity"]) <= 1 for r in rows)
    assert "3 koppelingen" in stdout.getvalue()


def test_linkage_quality_refuses_a_file_without_ids(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nJan\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("linkage_quality", str(bad), str(DATA / "personen_b.csv"), "--out", str(tmp_path / "o.csv"))


def test_the_synthetic_set_links_with_high_precision_and_recall():
    a, b, truth = evaluation.make_sets(600, seed=7)
    pairs, comparisons = quality.link_records(a, b, 0.8)
    score = evaluation.score(pairs, truth)
    assert comparisons < len(a) * len(b) / 5  # blocking: far fewer comparisons than all pairs
    assert score["precision"] >= 0.97 and score["recall"] >= 0.93


def test_the_error_model_changes_copies():
    a, b, truth = evaluation.make_sets(200, seed=3)
    by_id = {r.id: r for r in a + b}
    changed = sum(1 for x, y in truth if (by_id[x].given_name, by_id[x].surname, by_id[x].date_of_birth)
                  != (by_id[y].given_name, by_id[y].surname, by_id[y].date_of_birth))
    assert changed > len(truth) / 3
