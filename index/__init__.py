"""storyline's model: everything but the user interface, usable from any script.

Subpackages by concern, lowest first; a module may import from its own layer or a lower one,
never a higher one (``tests/test_layers.py`` holds this, from the table written there):

- ``index.model``      plain frozen dataclasses that cross every boundary (Article, Hit, …)
- ``index.corpus``     finding and reading sources: files, front matter, see-also, clean text
- ``index.config``     config.yaml read into a typed ``Config``
- ``index.entities``   the offline entity extractor: gazetteer, rules, spans, typed values
- ``index.store``      the catalog (SQLite) and the Whoosh index; the parse/extract pipeline
- ``index.links``      see-also references, candidates, related stories (read and built)
- ``index.search``     full-text search over a store
- ``index.update``     the update: read and extract, write the store, then refresh the links

Nothing here imports Textual; Whoosh types stay inside ``index.store`` and ``index.search``.
"""
