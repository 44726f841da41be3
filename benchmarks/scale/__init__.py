"""Generated organisations of a given size, for the benchmark (benchmarks/scale/generate.py)."""
