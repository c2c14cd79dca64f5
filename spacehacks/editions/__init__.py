"""What is made: each edition described (edition.py) and a request turned into
editions (plan.py). Imports nothing heavy, so `--help` answers at once."""
