"""The model cache: the same content shares one model; any edit a model would see is a new one."""

from __future__ import annotations

import pandas as pd
import pytest

from corridors.model.cache import cached_problem, network_key


def test_same_content_same_key_and_model(demo_network):
    assert network_key(demo_network) == network_key(demo_network.copy())
    assert cached_problem(demo_network, year=2024) is cached_problem(demo_network.copy(), year=2024)


@pytest.mark.parametrize("edit", [
    lambda n: n.links.__setitem__("capacity_value", n.links["capacity_value"] * 1.000001),   # a float
    lambda n: n.links.__setitem__("status", ["retired"] + list(n.links["status"].iloc[1:])),  # a string
    lambda n: n.links.__setitem__("commodities", [["gas"]] + list(n.links["commodities"].iloc[1:])),  # a list
    lambda n: n.links.__setitem__("start_year", pd.array([pd.NA] + list(n.links["start_year"].iloc[1:]), dtype="Int64")),
    lambda n: n.links.__setitem__("start_year", n.links["start_year"].fillna(2000) + 1),  # a nullable integer
    lambda n: n.links.__setitem__("start_year", n.links["start_year"].astype("Float64")),  # the same years, another dtype
    lambda n: n.balances.__setitem__("demand", n.balances["demand"] + 1.0),
    lambda n: n.nodes.__setitem__("country", ["XX"] + list(n.nodes["country"].iloc[1:])),
    lambda n: setattr(n, "links", n.links.rename(index={n.links.index[0]: "renamed"})),
    lambda n: setattr(n, "nodes", n.nodes.rename(index={n.nodes.index[-1]: n.nodes.index[-1] + "x"})),
    lambda n: n.links.__setitem__("status", [None] + list(n.links["status"].iloc[1:])),        # a missing string
    lambda n: n.links.__setitem__("status", [""] + list(n.links["status"].iloc[1:])),          # an empty one
    lambda n: n.links.__setitem__("status", [n.links["status"].iloc[0] + "x"] + list(n.links["status"].iloc[1:])),
])
def test_every_edit_the_model_reads_is_a_new_key(demo_network, edit):
    edited = demo_network.copy()
    edit(edited)
    assert network_key(edited) != network_key(demo_network)


def test_text_columns_key_by_their_values_not_their_arrow_layout(demo_network):
    # the same strings from a slice of a longer array (an offset into its buffers), in two chunks, or
    # rebuilt from Python strings: one key; the characters moved between two values: another
    pa = pytest.importorskip("pyarrow")  # optional: without it pandas keeps strings as Python objects

    status = list(demo_network.links["status"])
    sliced, chunked, rebuilt = demo_network.copy(), demo_network.copy(), demo_network.copy()
    index = demo_network.links.index
    longer = pd.Series(pd.array(["padding"] + status, dtype="str")).iloc[1:]
    sliced.links["status"] = pd.Series(longer.array, index=index)
    two = pa.chunked_array([pa.array(status[:2], pa.large_string()), pa.array(status[2:], pa.large_string())])
    chunked.links["status"] = pd.Series(pd.arrays.ArrowStringArray(two), index=index, dtype=demo_network.links["status"].dtype)
    rebuilt.links["status"] = [str(v) for v in status]
    keys = {network_key(n) for n in (demo_network, sliced, chunked, rebuilt)}
    assert len(keys) == 1
    moved = demo_network.copy()
    moved.links["status"] = [status[0] + status[1][:1], status[1][1:]] + status[2:]
    assert network_key(moved) != network_key(demo_network)


def test_geometry_is_not_part_of_the_key(demo_network):
    from shapely.affinity import translate

    moved = demo_network.copy()
    moved.links["geometry"] = [translate(g, 0.001, 0.0) for g in moved.links.geometry]
    assert network_key(moved) == network_key(demo_network)


def test_a_cut_solved_warm_matches_a_cold_solve(bundled_network):
    """A scenario that only cuts the base model is a warm re-solve: the same objective, the same
    unmet demand per market and the same links at capacity as building and solving it afresh."""
    from corridors.model.cache import cached_solve
    from corridors.model.flow import solve
    from corridors.model.scenario import Scenario

    cut = Scenario.cut("country:GE", year=2024)
    warm, cold = cached_solve(bundled_network, scenario=cut), solve(bundled_network, scenario=cut)
    assert warm.status == cold.status == "optimal"
    assert warm.objective == pytest.approx(cold.objective, rel=1e-9)
    pd.testing.assert_series_equal(warm.deliveries["unmet"], cold.deliveries["unmet"], atol=1e-7)
    # the same links at capacity; on links in series the dual may sit on either (degenerate duals)
    assert set(warm.bottlenecks["id"]) == set(cold.bottlenecks["id"])
    assert warm.deliveries["unmet"].sum() > 1.0          # Georgia's closure does cost something


def test_a_scenario_that_changes_more_than_bounds_is_solved_afresh(bundled_network):
    from corridors.model.cache import cached_solve
    from corridors.model.flow import solve
    from corridors.model.scenario import load_bundled

    built = load_bundled("rasht-astara-built")                 # a project: another set of links
    assert cached_solve(bundled_network, scenario=built).objective == pytest.approx(
        solve(bundled_network, scenario=built).objective, rel=1e-12)


def test_a_changed_setting_builds_a_new_model(bundled_network, monkeypatch):
    """Pricing time in a notebook after a first solve must not reuse the model built without it."""
    from corridors import settings
    from corridors.model.cache import cached_problem

    before = cached_problem(bundled_network, year=2024)
    monkeypatch.setattr(settings, "VALUE_OF_TIME", 50.0)
    after = cached_problem(bundled_network, year=2024)
    assert after is not before
    freight = after.program.col_commodity == after.program.commodities.index("freight")
    assert (after.program.col_cost[freight] > before.program.col_cost[freight]).any()


@pytest.mark.parametrize("edit", [
    lambda n: n.links.__setitem__("capacity_value", n.links["capacity_value"] * 1.000001),   # a float
    lambda n: n.links.__setitem__("status", ["retired"] + list(n.links["status"].iloc[1:])),  # a string
    lambda n: n.links.__setitem__("commodities", [["gas"]] + list(n.links["commodities"].iloc[1:])),  # a list
    lambda n: n.balances.__setitem__("supply", n.balances["supply"] * 0.5),
    lambda n: n.nodes.__setitem__("country", ["XX"] + list(n.nodes["country"].iloc[1:])),
    lambda n: n.links.__setitem__("extra", 1.0),                                              # a new column
    lambda n: setattr(n, "links", n.links.rename(index={n.links.index[0]: "renamed"})),
    lambda n: setattr(n, "nodes", n.nodes.rename(index={n.nodes.index[-1]: n.nodes.index[-1] + "x"})),
    lambda n: n.links.__setitem__("status", [None] + list(n.links["status"].iloc[1:])),        # a missing string
    lambda n: n.links.__setitem__("status", [""] + list(n.links["status"].iloc[1:])),          # an empty one
    lambda n: n.links.__setitem__("status", [n.links["status"].iloc[0] + "x"] + list(n.links["status"].iloc[1:])),
])
def test_only_a_derate_is_a_warm_re_solve(demo_network, edit):
    """The warm path sees the derates of a copy, and nothing else: any other edit builds the model."""
    from corridors.model.cache import _derate_only
    from corridors.model.flow import prepare_network

    base = prepare_network(demo_network, year=2024)
    cut = base.copy()
    cut.links["derate"] = [0.5 if i == "pipe-b" else 1.0 for i in cut.links.index]
    assert _derate_only(base, cut) == ({"pipe-b": 0.5}, {})
    edit(cut)
    assert _derate_only(base, cut) is None


def test_what_a_scenario_delivers_is_what_its_flow_result_holds(bundled_network):
    """cached_delivered reads back only deliveries and flow per link, on the warm path (a cut) and
    on the cold one (projects, balance changes): the FlowResult's numbers to the last bit."""
    from corridors.model.cache import cached_delivered, cached_solve, clear
    from corridors.model.scenario import list_scenarios, load_bundled

    for name in list_scenarios():
        scen = load_bundled(name)
        clear()
        light = cached_delivered(bundled_network, scenario=scen)
        clear()
        full = cached_solve(bundled_network, scenario=scen)
        assert light.status == full.status, name
        pd.testing.assert_frame_equal(light.deliveries, full.deliveries, check_exact=True)
        pd.testing.assert_frame_equal(light.flows, full.flows[["flow"]], check_exact=True)


def test_reading_hands_out_the_kept_network_and_keeps_it_intact(demo_network):
    """In reading(), reused() gives the network it keeps (no copy); what make() runs still gets its
    own copies, so a scenario changing its year's network leaves the one the next scenario starts from."""
    from corridors.model.reuse import reading, reusing
    from corridors.model.scenario import Scenario

    cut, other = Scenario.cut("country:GE", year=2024), Scenario.cut("link:pipe-b", year=2024)
    with reusing():
        with reading():
            first, again = cut.apply(demo_network), cut.apply(demo_network)
            second = other.apply(demo_network)
        copied = cut.apply(demo_network)
    assert first is again and copied is not first and copied.links.equals(first.links)
    assert first.links.equals(cut.apply(demo_network).links) and second.links.equals(other.apply(demo_network).links)
    assert float(second.links.loc["pipe-b", "derate"]) == 0.0 and (first.links["derate"] < 1).sum() > 0
    assert second.links.drop(index="pipe-b")["derate"].eq(1.0).all()  # nothing of the first scenario in it


def test_the_key_read_from_pandas_blocks_equals_the_key_read_column_by_column(bundled_network, demo_network, monkeypatch):
    """The key reads the columns from the frame's blocks where pandas allows it; a pandas without
    that internal reads them as Series: the same key, so both paths hash the same content."""
    from corridors.model import cache

    fast = [network_key(n) for n in (bundled_network, demo_network, bundled_network.at(2030))]

    def public(frame):
        return [series.array for _, series in frame.items()]

    monkeypatch.setattr(cache, "_column_arrays", public)
    assert [network_key(n) for n in (bundled_network, demo_network, bundled_network.at(2030))] == fast
    assert len(set(fast)) == 3


def test_a_text_value_set_in_place_changes_the_key(demo_network):
    """The key of a text column is remembered per Arrow array; pandas sets a value by putting a new
    array in place, so an edit in place (same network, same frame) is a new key, and undoing it the old one."""
    net = demo_network.copy()
    before = network_key(net)
    first = net.links.index[0]
    old = net.links.loc[first, "name"]
    net.links.loc[first, "name"] = old + " (edited)"
    assert network_key(net) != before
    net.links.loc[first, "name"] = old
    assert network_key(net) == before
    year = net.links.loc[first, "start_year"]
    net.links.loc[first, "start_year"] = 1900  # a nullable integer column, set in place
    assert network_key(net) != before
    net.links.loc[first, "start_year"] = year
    assert network_key(net) == before


@pytest.mark.parametrize("edit", [
    lambda g: g.assign(x=[1.0, 2.0, 3.0]),                        # NaN filled
    lambda g: g.assign(o=["a", float("nan"), "c"]),               # None -> NaN in an object column
    lambda g: g.assign(n=[1.0, 2.0, 3.0]),                        # the same numbers, another dtype
    lambda g: g.assign(i=pd.array([1, 2, 3], dtype="Int64")),     # NA filled
    lambda g: g.assign(t=g["t"].dt.tz_convert("Asia/Baku")),      # the same instants, another zone
    lambda g: g.assign(c=pd.Categorical(["a", "b", "a"], categories=["b", "a"])),
    lambda g: g.assign(s=pd.array(["a", None, "c"], dtype=object)),
    lambda g: g.assign(l=[(1,), (2,), None]),                    # a list -> a tuple
    lambda g: g.assign(derate=0.5),                               # a derate: left out with but=
    lambda g: pd.concat([pd.DataFrame({"derate": 0.5}, index=g.index), g], axis=1),                                 # ... wherever it stands
    lambda g: g.rename(columns={"x": "y"}),
    lambda g: g.drop(index="r"),                           # a row fewer
    lambda g: g.rename(index={"r": "s"}),
    lambda g: g,                                                       # no edit
])
def test_same_says_what_series_equals_says(edit):
    """_same compares the columns' arrays after the cheap checks: column by column, the answer of
    Series.equals (with dtypes, NaN where NaN) on every kind of column, with and without but=."""
    from corridors.model.cache import _same

    frame = pd.DataFrame({"x": [1.0, float("nan"), 3.0], "o": ["a", None, "c"], "i": pd.array([1, None, 3], dtype="Int64"),
                          "t": pd.date_range("2024", periods=3, tz="UTC"), "c": pd.Categorical(["a", "b", "a"]),
                          "n": [1, 2, 3], "s": pd.array(["a", None, "c"], dtype="str"), "l": [(1,), [2], None]},
                         index=["p", "q", "r"])
    other = edit(frame.copy())

    def series_equals(mine, theirs, but=()):
        left = [(c, s) for c, s in mine.items() if c not in but]
        right = [(c, s) for c, s in theirs.items() if c not in but]
        return ([c for c, _ in left] == [c for c, _ in right] and mine.index.equals(theirs.index)
                and all(a.dtype == b.dtype and a.equals(b) for (_, a), (_, b) in zip(left, right)))

    for but in ((), ("derate",)):
        assert _same(frame, other, but=but) == series_equals(frame, other, but=but)
    derate_only = [c for c in other.columns if c != "derate"] == list(frame.columns) and "derate" in other.columns
    assert _same(frame, other, but=("derate",)) == (derate_only or series_equals(frame, other))
