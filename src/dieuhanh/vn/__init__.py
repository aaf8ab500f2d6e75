"""Vietnamese language utilities: folding, dates, numbers in words, abbreviations, collation.

Pure Python: nothing here imports Django, so the parser and the CLI can use it anywhere.
"""
