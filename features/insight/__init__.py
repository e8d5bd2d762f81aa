"""/stats: a centre's figures and its monthly chart."""
