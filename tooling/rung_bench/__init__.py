"""``make bench``: rung's speed measured against what it is built on, side by side.

Every figure is a ratio of two commands timed in the same run, median of at
least five runs, so the numbers mean the same on a slower or faster machine.
"""
