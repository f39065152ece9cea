"""Briefings and reports made from a comparison: terminal text, JSON, and (later) HTML, PDF, DOCX, CSV."""
