"""What the public sees without logging in: published notices, rankings, open data, feeds."""
