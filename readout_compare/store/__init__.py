"""The library: events, accounts, claims and the analyst's judgements in a SQL database."""
