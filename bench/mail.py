"""An SMTP sink on 127.0.0.1 for the notifications intake sends: accepted and counted, not kept."""

from __future__ import annotations


class Sink:
    def __init__(self, port: int):
        self.port = port
        self.received = 0
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler protocol
        self.received += 1
        return "250 OK"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        # server_hostname: without it aiosmtpd looks up its own FQDN on every connection.
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, server_hostname="bench.invalid")
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
