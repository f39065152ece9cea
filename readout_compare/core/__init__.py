"""The comparison engine: pure Python, no Qt and no database. Text in, comparison out."""
