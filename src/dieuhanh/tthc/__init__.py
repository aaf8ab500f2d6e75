"""Administrative procedures (thủ tục hành chính): dossiers, statistics, rankings, bulletins."""
