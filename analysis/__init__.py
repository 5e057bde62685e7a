"""Plain-Python analysis of consultation answers: text, themes, safeguarding and KPI statistics.

Nothing in this package imports Flask, SQLAlchemy or ``app``: it takes and returns plain data so
that the CLI, the web app and the benchmarks can all call it.
"""
