"""Unit registry (cơ quan, đơn vị) with history, groups and aliases; people, membership and roles."""
