"""Framework-free cores: plain data in, plain data out. Nothing here may
import Django (a test enforces it), read the clock or use global randomness."""
