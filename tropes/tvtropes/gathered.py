"""What the inline parser gathers a range into."""

from .nodes import Emphasis, Node, Text


class Gathered:
    """What a range parses into: text gathered into Text nodes, and emphasis nested as it
    opens (the innermost open one takes what is read)."""

    def __init__(self) -> None:
        self.stack: list[tuple[bool | None, list[Node]]] = [(None, [])]
        self.buffer: list[str] = []

    def text(self, written: str) -> None:
        self.buffer.append(written)

    def add(self, node: Node) -> None:
        self._flush()
        self.stack[-1][1].append(node)

    def apostrophes(self, count: int) -> None:
        """Two apostrophes for italic, three for bold, five for both; more are text."""
        if count in (2, 3):
            self.toggle(count == 3)
            return
        self.text("'" * (count - 5 if count >= 5 else count - 3))
        if count < 5:
            self.toggle(True)
            return
        open_kinds = [kind for kind, _ in self.stack[1:]]
        first = bool(open_kinds[-1]) if open_kinds else True
        self.toggle(first)
        self.toggle(not first)

    def toggle(self, strong: bool) -> None:
        self._flush()
        if not any(kind == strong for kind, _ in self.stack[1:]):
            self.stack.append((strong, []))
            return
        reopen = []
        while True:  # close down to it, then reopen what was closed above it
            kind, children = self.stack.pop()
            self.stack[-1][1].append(Emphasis(bool(kind), children))
            if kind == strong:
                break
            reopen.append(kind)
        for kind in reversed(reopen):
            self.stack.append((kind, []))

    def done(self) -> list[Node]:
        self._flush()
        while len(self.stack) > 1:  # emphasis left open ends with the line
            kind, children = self.stack.pop()
            self.stack[-1][1].append(Emphasis(bool(kind), children))
        return self.stack[0][1]

    def _flush(self) -> None:
        if self.buffer:
            self.stack[-1][1].append(Text("".join(self.buffer)))
            self.buffer.clear()
