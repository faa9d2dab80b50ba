"""Sweeps on several processes: ``jobs="auto"`` and ``jobs=N`` share the chunks with this process and
answer as one process does; a short sweep starts no process; an unguarded script stays serial."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from corridors.analysis import sweeps
from corridors.analysis.sweeps import sweep
from corridors.analysis.workers import share_chunks, usable_cores
from corridors.cli import main
from corridors.data.synthetic import synthetic_network
from corridors.errors import ScenarioError

two_cores = pytest.mark.skipif(usable_cores() < 2, reason="worker processes need a second core")


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_network(n_nodes=100, n_links=300, seed=3)


def _numbers(result):
    table = result.table.sort_index()
    return table[[c for c in table.columns if table[c].dtype == float]].to_numpy()


@two_cores
def test_auto_shares_a_long_sweep_with_workers_and_answers_as_one_process(synthetic, monkeypatch):
    serial = sweep(synthetic, level="link", year=2024)
    monkeypatch.setattr(sweeps, "_AUTO_AFTER", 0.0)  # any solve left counts as long: the workers start
    auto = sweep(synthetic, level="link", year=2024, jobs="auto")
    assert (serial.processes, auto.processes) == (1, usable_cores())
    assert auto.solves == serial.solves > 2 * sweeps._AUTO_CHUNK
    np.testing.assert_allclose(_numbers(auto), _numbers(serial), atol=1e-6)
    assert auto.paths == serial.paths


def test_auto_keeps_a_short_sweep_in_this_process(bundled_network):
    # the bundled N-1 takes milliseconds: starting workers would cost more than they save
    result = sweep(bundled_network, level="link", jobs="auto")
    assert result.processes == 1 and result.solves > 2 * sweeps._AUTO_CHUNK


@two_cores
def test_spof_says_how_many_processes_solved(capsys):
    assert main(["spof", "--level", "country", "--jobs", "2", "--top", "2"]) in (0, None)
    assert "on 2 processes" in capsys.readouterr().out
    assert main(["spof", "--level", "country", "--top", "2"]) in (0, None)  # auto: a short sweep, one process
    assert "processes" not in capsys.readouterr().out


@pytest.mark.parametrize("jobs", [0, -1, "many", 1.5, True])
def test_bad_jobs_are_named(jobs):
    with pytest.raises(ScenarioError, match="jobs=.*1 or more processes, or 'auto'"):
        sweep(synthetic_network(n_nodes=10, n_links=20, seed=1), jobs=jobs)


def test_share_chunks_takes_back_a_chunk_no_worker_has_started():
    # one worker, stuck on its first chunk until this process has solved every other one: the chunk
    # queued behind it is taken back and solved here rather than waited for
    chunks = [[i, i] for i in range(6)]
    here: list[int] = []
    release = threading.Event()

    def solve_here(chunk):
        here.append(chunk[0])
        if len(here) == len(chunks) - 1:
            release.set()
        return [("here", x) for x in chunk]

    def solve_there(chunk):
        assert release.wait(10)
        return [("there", x) for x in chunk]

    seen = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        out = share_chunks(chunks, solve_here, pool, solve_there, lambda r: r, 1, progress=seen.append)
    assert [x for _, x in out] == [i for i in range(6) for _ in (0, 1)]  # every item, in order
    assert [w for w, x in out[::2]] == ["there"] + ["here"] * 5
    assert sorted(here) == [1, 2, 3, 4, 5] and here[-1] == 1  # chunk 1 was queued for the worker: taken back last
    assert seen == sorted(seen) and seen[-1] == 12


@two_cores
def test_an_unguarded_script_runs_auto_in_one_process_and_jobs_2_fails_in_one_line(tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import sys\n"
        "from corridors.analysis import sweeps\n"
        "from corridors.data.synthetic import synthetic_network\n"
        "sweeps._AUTO_AFTER = 0.0\n"
        "net = synthetic_network(n_nodes=100, n_links=300, seed=3)\n"
        "print('processes', sweeps.sweep(net, year=2024, jobs=sys.argv[1] if sys.argv[1] == 'auto' else 2).processes)\n")
    auto = subprocess.run([sys.executable, str(script), "auto"], capture_output=True, text=True, timeout=300)
    assert auto.returncode == 0, auto.stderr
    assert auto.stdout.strip() == "processes 1"
    two = subprocess.run([sys.executable, str(script), "2"], capture_output=True, text=True, timeout=300)
    assert two.returncode != 0
    assert "unguarded.py, which has no `if __name__ == \"__main__\":` guard" in two.stderr
