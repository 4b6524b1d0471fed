"""The offline entity extractor: people, organisations, places, dates and sums in any text.

``extractor.Extractor`` is the entry point; ``gazetteer`` loads what packages and the files in
``data/`` know (countries, cities, demonyms, organisations, titles), ``rules`` finds the names
no list holds, ``spans`` holds the working types, ``values`` normalises dates, money and
figures.

May import: ``index.model``.
"""
