"""ZoneAtlas benchmarks: API latency under concurrent clients and zone-file import, each next to a baseline.

Run them with ``make bench`` (``.venv/bin/python bench/run.py``); results go to ``bench/results/`` (JSON,
git-ignored) and ``docs/benchmarks.md``.
"""
