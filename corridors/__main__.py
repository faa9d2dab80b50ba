"""``python -m corridors`` runs the command line."""

from corridors.cli import run

if __name__ == "__main__":  # pragma: no cover
    run()
