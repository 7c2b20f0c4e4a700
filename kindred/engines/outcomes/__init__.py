"""Framework-free outcome estimates: whether programme participants stayed
and were promoted more than comparable colleagues who did not take part,
with honest intervals. Plain columns in, plain results out; see
docs/outcomes.md for the method in words."""
