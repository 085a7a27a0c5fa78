"""Click commands, one module per area; each only parses options and calls the library."""
