"""`ea lsp`: a language server for the model, view and plateau files (pygls)."""
