"""A TCP proxy that can cut the line: a network fault between the site and a server.

Restarting Redis empties it; a cut network leaves it holding what it held, old stamps and
copies included, which is the harder case for the site. `cut()` makes the line go quiet as
a dropped network does: connections made before hang, new ones are accepted and never
answered. `cut(reset=True)` refuses instead, as a server host that is up without its server.
`restore()` mends the line for new connections; those made during the cut stay dead.
"""

import contextlib
import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server((host, 0))
        self.host, self.port = host, self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._cut = False
        self._reset = False
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def cut(self, *, reset: bool = False) -> None:
        with self._lock:
            self._cut, self._reset = True, reset
            if reset:
                for sock in self._sockets:
                    _close(sock)
                self._sockets.clear()

    def restore(self) -> None:
        with self._lock:
            self._cut = False
            # What was opened or held during a quiet cut would answer late: a line that
            # comes back does not deliver what it dropped.
            for sock in self._sockets:
                _close(sock)
            self._sockets.clear()

    def close(self) -> None:
        self._closed = True
        self.cut(reset=True)
        _close(self._listener)

    def __enter__(self) -> "TcpProxy":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if self._cut and self._reset:
                    _close(client)
                    continue
                self._sockets.add(client)
                if self._cut:
                    continue  # accepted, never answered
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                self._drop(client)
                continue
            with self._lock:
                self._sockets.add(server)
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if self._cut:
                    continue  # dropped on the floor, as a cut line drops packets
                sink.sendall(data)
        except OSError:
            pass
        self._drop(source)
        self._drop(sink)

    def _drop(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        _close(sock)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
