"""The index folder, a cache of the corpus: the SQLite catalog and the Whoosh full-text index.

``store.Store`` opens, repairs, locks and writes an index folder; ``catalog`` (with its entity
and link tables) holds article text, metadata, entities and precomputed links; ``schema`` is
the Whoosh schema and analyzers; ``pipeline`` reads and extracts changed files in worker
processes. Running a whole update (which also refreshes links) is ``index.update``'s job.

May import: ``index.model``, ``index.corpus``, ``index.config``, ``index.entities``.
"""
