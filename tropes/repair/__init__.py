"""The repair shop: repair cases (cases), wick checks (wicks), merging two tropes (merging),
and what cutting a trope does to its examples (cutting)."""
