"""Test-wide settings.

Property tests run derandomized with no deadline: the same examples on every
run, so CI on a shared, noisy machine neither flakes on timing nor finds a
different counter-example each time. Exploration is the long fuzzing run's job
(benchmarks/fuzz.py); set HYPOTHESIS_PROFILE=explore to search afresh locally.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
