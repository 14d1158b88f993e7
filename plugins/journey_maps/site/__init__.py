"""The generated site as text: page Markdown from Jinja templates, paths and links, the
Mermaid diagram, exports, redirects and JSON Schemas. Free of MkDocs, so any host (or a
test) can call it; `plugin.py` hands its output to MkDocs.
"""
