"""The pipeline: read and check, make every edition (side by side), then write
every file at once; the manifest of what was made."""
