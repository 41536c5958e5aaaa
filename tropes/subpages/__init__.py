"""A work's subpages (YMMV, Trivia, Characters…): pages of their own, each stored with its work
and kind (tropes.models.Subpage), never inferred from its name; the tab bar every page of a
work's family shows; and each work's and trope's one-line summary at /Laconic/<Name>.

- `creating`: a subpage's address, and making it (live, or held for review).
- `forms`: which kind of subpage an editor makes.
- `family`: the tab bar, read in one query, and the pages that show it.
- `presenting`: what a subpage shows (its text, the examples of the trope kind it accepts).
- `laconic`: the works and tropes a /Laconic/<Name> address names.
- `signals`: new stamps for a family whenever its tab bar changes.
"""
