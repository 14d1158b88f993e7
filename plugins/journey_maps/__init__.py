__all__ = ["__version__"]
"""MkDocs plugin that turns customer-journey maps written as YAML into handbook pages."""

__version__ = "0.1.0"
