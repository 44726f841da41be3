"""A tiny SMTP server that keeps what it is sent, for tests and bin/procfile-check.

Enough of SMTP for Django's SMTP backend without TLS or sign-in: EHLO, MAIL, RCPT,
DATA, RSET, NOOP, QUIT. Stopped, its port refuses connections, as a mail server that
is down does; started again, it listens on the same port.
"""

import socketserver
import threading
from email import message_from_bytes
from email.message import Message


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        sink: SMTPSink = self.server.sink
        self._reply("220 sink ready")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in {"EHLO", "HELO"}:
                self._reply("250 sink")
            elif verb == "MAIL":
                recipients = []
                self._reply("250 ok")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self._reply("250 ok")
            elif verb == "DATA":
                self._reply("354 end with .")
                sink.received(self._read_data(), recipients)
                self._reply("250 kept")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            elif verb in {"RSET", "NOOP"}:
                self._reply("250 ok")
            else:
                self._reply("502 not here")

    def _read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in {b".\r\n", b".\n", b""}:
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)

    def _reply(self, text: str) -> None:
        self.wfile.write(f"{text}\r\n".encode())


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SMTPSink:
    def __init__(self, port: int = 0):
        self.port = port
        self.messages: list[tuple[Message, list[str]]] = []
        self._server = None
        self._lock = threading.Lock()

    def start(self) -> "SMTPSink":
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.sink = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def received(self, data: bytes, recipients: list[str]) -> None:
        with self._lock:
            self.messages.append((message_from_bytes(data), recipients))
