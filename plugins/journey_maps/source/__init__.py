"""Reading journey files: safe YAML with positions, the typed model, cross-reference checks,
and the problems report. Depends on nothing else in the package.
"""
