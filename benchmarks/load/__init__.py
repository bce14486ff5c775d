"""Load in production mode: `make load` (python -m benchmarks.load). See BENCHMARKS.md."""
