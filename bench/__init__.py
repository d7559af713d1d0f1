"""Benchmark suite: full-stack chat load, stock Rasa baseline, long conversations,
backend status lookup against a bare Sanic app, model training and start-up.

Run ``python -m bench.run`` (``--smoke`` for a few seconds per level).
"""
