"""Graph's own words for "there is none" in end_advertiser / media_agency / partner."""

NONE = "NONE"  # there is no such entity
UNFOUND = "UNFOUND"  # there is one, but it is not on Facebook
NONE_OR_UNFOUND = frozenset({NONE, UNFOUND})
