"""Space Hacks PDF builder.

The pipeline (see pipeline.build) runs in one direction:
read and check all content -> render HTML -> typeset with WeasyPrint
-> finish with pypdf -> write the files.
"""
