"""What the pages show, computed from a handbook as plain data: registers, reviews,
comparisons, touchpoint usage, the emotion curve and the words for values. No Jinja, no
MkDocs: the site layer renders these, and tests read them directly.
"""
