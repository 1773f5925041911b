"""`make bench`: how fast Loss Lab feels to a student, and how many students a process holds.

Run with ``python -m bench`` (``--quick`` for shorter windows, ``--help`` for the rest). See
bench/RESULTS.md for the last full run and README.md "Performance and scaling".
"""
