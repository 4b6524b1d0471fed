"""The offline entity extractor: people, organisations, places, dates and sums in any text.

``extractor.Extractor`` is the entry point; ``gazetteer`` loads what packages and the files in
``data/`` know (countries, cities, demonyms, organisations, parties, titles, given names),
``casing`` reads all-caps lines in title case, ``rules`` judges capitalised runs, ``clubs``
knows the organisations that look like places or people (clubs by city, firms), ``resolve``
runs the whole-text passes (short names join full ones), ``people`` joins one person across a
corpus, ``spans`` holds the working types, ``values`` normalises dates, money and figures.

May import: ``index.model``.
"""
