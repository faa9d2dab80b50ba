"""Vendor the pinned JavaScript the maps inline: Leaflet (and Leaflet.Sync for ``--compare``).

Fetches each pinned package from the npm registry (``npm pack``, no install scripts run), takes the
minified files the maps inline and the package's licence, and writes them into
``corridors/render/static/<package>/``. Leaflet's stylesheet gets its few images inlined as data
URIs, so a page needs no request at all. Run it after changing a pin and commit the result::

    python tools/vendor_js.py

The files written are listed in ``corridors/render/static/VENDORED.json`` with their sha256.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "corridors" / "render" / "static"

#: package@version -> {file in the package: name written}
PACKAGES = {
    "leaflet@1.9.4": {"dist/leaflet.js": "leaflet.js", "dist/leaflet.css": "leaflet.css", "LICENSE": "LICENSE"},
    "leaflet.sync@0.2.4": {"L.Map.Sync.js": "L.Map.Sync.js", "LICENSE": "LICENSE"},
}


def _pack(spec: str, into: Path) -> Path:
    """``npm pack spec`` into ``into``; the tarball's path."""
    proc = subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", str(into)], capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"npm pack {spec} failed: {proc.stderr.strip()}")
    return into / proc.stdout.strip().splitlines()[-1]


def _inline_images(css: str, files: dict[str, bytes]) -> str:
    """Leaflet's ``url(images/x.png)`` as ``data:`` URIs."""
    def repl(mo: re.Match) -> str:
        data = files.get(f"dist/{mo.group(1)}")
        if data is None:
            return mo.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(data).decode()})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", repl, css)


def _minify_js(text: str) -> str:
    """Strip comment-only lines and blank lines (the files are already minified or small)."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln.strip() and not ln.strip().startswith("//")) + "\n"


def main() -> int:
    manifest = {}
    with tempfile.TemporaryDirectory() as tmp:
        for spec, wanted in PACKAGES.items():
            name = spec.rsplit("@", 1)[0]
            tarball = _pack(spec, Path(tmp))
            with tarfile.open(tarball) as tar:
                files = {m.name.removeprefix("package/"): tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
            out = STATIC / name
            out.mkdir(parents=True, exist_ok=True)
            for src, dest in wanted.items():
                data = files[src]
                if dest.endswith(".css"):
                    data = _inline_images(data.decode(), files).encode()
                elif dest.endswith(".js"):
                    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", data.decode())
                    data = (text if "dist/" in src else _minify_js(text)).encode()
                (out / dest).write_bytes(data)
                manifest[f"{name}/{dest}"] = {"package": spec, "file": src, "sha256": hashlib.sha256(data).hexdigest()}
    (STATIC / "VENDORED.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for path in sorted(manifest):
        print(f"{path}: {(STATIC / path).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
