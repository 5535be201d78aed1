"""Read side: queries against the marts, chart builders, filters and exports. Nothing here writes."""
