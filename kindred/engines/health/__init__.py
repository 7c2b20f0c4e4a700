"""Framework-free relationship health: the pulse-survey items and their
scoring, the health score with its reasons, and the at-risk rules. Plain
data in, plain data out; see docs/health.md for the formula."""
