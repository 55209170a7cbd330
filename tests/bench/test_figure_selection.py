"""BENCH_ONLY picks figures by id prefix; a single figure of a group still gets what its group prepares."""

from __future__ import annotations

import dataclasses

from bench.config import from_environment
from bench.measure_run import _group_wanted, _wanted


def _config(*only: str):
    return dataclasses.replace(from_environment(), only=only)


def test_no_selection_wants_every_figure_and_group():
    config = _config()
    assert _wanted(config, "inbox") and _group_wanted(config, "search") and _group_wanted(config, "intake")


def test_one_search_figure_gets_the_search_terms_but_not_the_intake_bodies():
    config = _config("search_phone")
    assert _group_wanted(config, "search")
    assert _wanted(config, "search_phone") and not _wanted(config, "search_word")
    assert not _group_wanted(config, "intake")


def test_intake_latency_alone_gets_the_intake_bodies_without_the_load_figure():
    config = _config("intake_latency")
    assert _group_wanted(config, "intake")
    assert _wanted(config, "intake_latency") and not _wanted(config, "intake_throughput")


def test_a_group_prefix_selects_all_its_figures():
    config = _config("search")
    assert _wanted(config, "search_word") and _wanted(config, "search_plate") and not _wanted(config, "inbox")
