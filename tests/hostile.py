"""A hostile network and scenario: every free-text field carries HTML, script, URL and Jinja payloads.

Used by tests/test_hostile_browser.py (and the non-browser checks in tests/test_hostile.py): the
pages must exit 0, fire no dialog, create no file and show every payload as literal text.
"""

from __future__ import annotations

from pathlib import Path

#: Directory a successful Jinja payload would create (in the current directory).
PWNED = "cx_pwned"
JINJA_FILE = "{{ lipsum.__globals__.os.mkdir(dict(cx_pwned=1)|first) }}"
PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    '"><script>alert(2)</script>',
    "</script><script>alert(4)</script>",
    "javascript:alert(3)",
    "{{7*7}}",
    "{% if 1 %}x{% endif %}",
    "{#",
    JINJA_FILE,
)
RLO = "\u202e"
PAYLOAD = " ".join(PAYLOADS) + f" {RLO}reversed"
#: Text of the payloads a reader must see literally (in tooltips, popups, titles, tables).
VISIBLE = ("<img src=x onerror=alert(1)>", "{{7*7}}", "{% if 1 %}x{% endif %}", "javascript:alert(3)")
LONG = "L" * 5000
FIELDS = {"nodes": ("name", "capacity_source", "source"),
          "links": ("name", "asset", "corridor", "operator", "capacity_source", "source"),
          "balances": ("source",)}
TITLE = f"Title {PAYLOAD}"


def hostile_frames(net):
    """(nodes, links, balances) of ``net`` with :data:`PAYLOAD` in every free-text field; one 5,000-character name."""
    from corridors.data.network import network_to_frames

    nodes, links, balances = (f.copy() for f in network_to_frames(net))
    for table, frame in (("nodes", nodes), ("links", links), ("balances", balances)):
        for col in FIELDS[table]:
            frame[col] = [f"{col} {i} {PAYLOAD}" for i in range(len(frame))]
    links.loc[links.index[0], "name"] = f"{LONG} {PAYLOAD}"
    return nodes, links, balances


def hostile_network(net):
    from corridors.data.network import network_from_frames

    return network_from_frames(*hostile_frames(net))


def write_hostile(net, folder: Path) -> tuple[Path, Path, Path]:
    """Write the hostile network, a hostile scenario TOML and a folder holding it; their paths."""
    import tomli_w

    from corridors.data.files import write_frames

    folder.mkdir(parents=True, exist_ok=True)
    network = write_frames(*hostile_frames(net), folder / "network")
    scenarios = folder / "scenarios"
    scenarios.mkdir(exist_ok=True)
    scenario = scenarios / "hostile.toml"
    scenario.write_text(tomli_w.dumps({"name": f"Scenario {PAYLOAD}", "description": f"Description {PAYLOAD}",
                                       "year": 2024, "disruption": [{"target": "country:GE"}]}), encoding="utf-8")
    return network, scenario, scenarios
