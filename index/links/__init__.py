"""Cross-references: see-also references, backlinks, related stories, duplicates, entity views.

``build`` precomputes everything into the catalog's link tables after an update (using
``resolving`` and ``references`` to resolve titles, ``candidates`` to bound the comparisons,
``related`` to score, ``vectors`` and ``ranking`` for a full build's lists; ``changes`` says
what a small update replaced); ``views`` reads them back, one indexed lookup per question.

May import: ``index.model``, ``index.corpus``, ``index.config``, ``index.store``.
"""
