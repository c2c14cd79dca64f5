"""Reading: every file in content/, checked, into one Guide (model.py). Nothing
is rendered or written here; every problem is a file:line message."""
