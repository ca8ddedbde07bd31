"""Edge listings kept between the pages of one traversal, so a page costs its own size, not the edge's.

A client walks an edge page by page with ``after`` cursors. The first page (no cursor) lists the edge and keeps the
listing; each later page of the same edge, same caller and same filters finds it again, places the cursor in O(1)
and slices. Any write through the API moves the world's generation on, so a page after a write lists afresh.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_LISTINGS = 256


@dataclass
class Listing:
    """One edge's items in order, with the item id → position map built only if a cursor's item has moved."""

    items: Sequence[Any]
    id_of: Callable[[Any, int], str]
    _positions: dict[str, int] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.items)

    def position(self, item_id: str, index: int) -> int:
        """Where the cursor's item is now (Graph's cursors follow the item), or where it was if it is gone."""
        if 0 <= index < len(self.items) and self.id_of(self.items[index], index) == item_id:
            return index
        if self._positions is None:
            self._positions = {self.id_of(item, i): i for i, item in enumerate(self.items)}
        return self._positions.get(item_id, index)


class ListingCache:
    """The last :data:`MAX_LISTINGS` listings, each valid for the world generation it was made in."""

    def __init__(self, size: int = MAX_LISTINGS) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, tuple[int, Listing]] = OrderedDict()

    def get(self, key: Hashable, generation: int, build: Callable[[], Listing], *, fresh: bool) -> Listing:
        """The kept listing for ``key`` unless ``fresh`` is asked or the world changed since; else ``build()``."""
        kept = self._entries.get(key)
        if kept is not None and kept[0] == generation and not fresh:
            self._entries.move_to_end(key)
            return kept[1]
        listing = build()
        self._entries[key] = (generation, listing)
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return listing
