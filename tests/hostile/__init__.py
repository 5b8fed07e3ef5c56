"""The hostile-input catalogue: what other people's files, manifests, queries and requests may try, and
what `ea` must do instead (one clear line, exit code 1 or 2, nothing written outside its target, the
previous output intact). One module per area; each test names the case it closes."""
