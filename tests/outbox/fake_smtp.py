"""A real SMTP server on 127.0.0.1 in a thread, with the faults of a mail server: it works, it accepts the
connection and never answers, or nothing listens on its port (connections refused)."""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import default as default_policy


@dataclass
class Delivered:
    """One message the server accepted (answered 250 to its data)."""

    message_id: str
    to: list[str]
    subject: str
    body: str


@dataclass
class FakeSMTP:
    mode: str = "ok"  # "ok", "hang" (accept, never answer) or "refuse" (nothing listens)
    delivered: list[Delivered] = field(default_factory=list)
    connections: int = 0
    port: int = 0
    _listener: socket.socket | None = None
    _threads: list[threading.Thread] = field(default_factory=list)
    _open: list[socket.socket] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> FakeSMTP:
        if not self.port:
            probe = socket.socket()
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
            probe.close()
        self.set_mode(self.mode)
        return self

    def set_mode(self, mode: str) -> None:
        """Switch the fault; "refuse" closes the listening socket, the others open it again."""
        self.mode = mode
        if mode == "refuse":
            self._close_listener()
        elif self._listener is None:
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(16)
            listener.settimeout(0.1)
            self._listener = listener
            thread = threading.Thread(
                target=self._accept, args=(listener,), daemon=True, name=f"accept-{id(listener)}"
            )
            thread.start()
            self._threads.append(thread)

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is None:
            return
        # Let the accepting thread leave accept() first: a socket still in use there keeps listening.
        for thread in [t for t in self._threads if t.name == f"accept-{id(listener)}"]:
            thread.join(timeout=2)
        listener.close()

    def stop(self) -> None:
        self._stop.set()
        self._close_listener()
        for conn in self._open:
            with contextlib.suppress(OSError):
                conn.close()
        for thread in self._threads:
            thread.join(timeout=2)

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop.is_set() and self._listener is listener:
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                self.connections += 1
                self._open.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn, self.mode), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket, mode: str) -> None:
        if mode == "hang":
            self._stop.wait()  # hold the connection open, say nothing
            return
        file = conn.makefile("rb")
        try:
            conn.sendall(b"220 fake ESMTP\r\n")
            recipients: list[str] = []
            for raw in file:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                verb = line[:4].upper()
                if verb in ("EHLO", "HELO"):
                    conn.sendall(b"250-fake\r\n250 8BITMIME\r\n")
                elif verb == "MAIL":
                    recipients = []
                    conn.sendall(b"250 ok\r\n")
                elif verb == "RCPT":
                    recipients.append(line.split(":", 1)[1].strip().strip("<>"))
                    conn.sendall(b"250 ok\r\n")
                elif verb == "DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    data = bytearray()
                    for chunk in file:
                        if chunk in (b".\r\n", b".\n"):
                            break
                        data += chunk[1:] if chunk.startswith(b"..") else chunk
                    parsed = message_from_bytes(bytes(data), policy=default_policy)
                    body = parsed.get_body(("plain",))
                    with self._lock:
                        self.delivered.append(
                            Delivered(
                                message_id=str(parsed["Message-ID"]),
                                to=recipients,
                                subject=str(parsed["Subject"]),
                                body=body.get_content() if body is not None else "",
                            )
                        )
                    conn.sendall(b"250 queued\r\n")
                elif verb == "QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:  # RSET, NOOP and the rest
                    conn.sendall(b"250 ok\r\n")
        except OSError:
            return
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def by_message_id(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for d in self.delivered:
            counts[d.message_id] = counts.get(d.message_id, 0) + 1
        return counts
