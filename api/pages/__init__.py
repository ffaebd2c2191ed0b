"""HTML pages served by the API (presentation only: fed by engine queries, no logic of their own)."""
