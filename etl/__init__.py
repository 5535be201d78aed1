"""Write side: readers for each published format -> cleaning and classification -> DuckDB, with a ledger."""
