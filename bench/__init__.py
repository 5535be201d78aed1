"""Benchmarks of the product at scale: `python -m bench` (bench/__main__.py) runs them all."""
