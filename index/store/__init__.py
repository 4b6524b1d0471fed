"""The index folder, a cache of the corpus: the SQLite catalog and the Whoosh full-text index.

``store.Store`` opens, repairs, locks and writes an index folder (and builds a new one beside
it to swap in); ``catalog`` (with its entity, link and word tables) holds article text,
metadata, entities, precomputed links and the corpus's surface words; ``schema`` is the Whoosh
schema and analyzers; ``spelling`` finds corpus words near a typed word; ``pipeline`` reads
and extracts changed files in worker processes (``workers``: forked, lock-safe, bounded);
``locking`` is the update lock.
Running a whole update (which also refreshes links) is ``index.update``'s job.

May import: ``index.model``, ``index.corpus``, ``index.config``, ``index.entities``.
"""
