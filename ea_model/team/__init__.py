"""Working on the model as a team in git: canonical formatting, semantic diff, three-way merge, git setup."""
