"""A live server that answers the browser from the test's own database connection.

Each browser test runs inside a transaction that is rolled back after it, as the other tests
do, so the data a test sets up (and the shared demo) need not be committed and loaded again
for every test. The server's thread is handed the test thread's connections; requests are
answered one at a time, as one connection serves them; and the connections are not closed at
the end of each request, as they belong to the test."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings

HOST = "127.0.0.1"


class SharedConnectionWSGIServer(ThreadedWSGIServer):
    def _close_connections(self) -> None:
        """The connections are the test's: they stay open between requests."""


class OneAtATime:
    """A WSGI application answering one request at a time, its body read before the next."""

    def __init__(self, application: Callable) -> None:
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        with self.lock:
            response = self.application(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                close = getattr(response, "close", None)
                if close is not None:
                    close()


def static_and_serialised(application: Callable) -> OneAtATime:
    return OneAtATime(StaticFilesHandler(application))


class SharedConnectionServerThread(LiveServerThread):
    server_class = SharedConnectionWSGIServer


class LiveSite:
    """The running server; ``url`` is its address."""

    def __init__(self) -> None:
        self._connections = {conn.alias: conn for conn in connections.all()}
        self.thread = SharedConnectionServerThread(
            HOST,
            static_handler=static_and_serialised,
            connections_override=self._connections,
        )
        self.thread.daemon = True
        self._settings = modify_settings(ALLOWED_HOSTS={"append": HOST})

    @property
    def url(self) -> str:
        return f"http://{self.thread.host}:{self.thread.port}"

    def start(self) -> None:
        self._settings.enable()
        # As the test client does: a request must not close the test's connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        for conn in self._connections.values():
            conn.inc_thread_sharing()
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            error = self.thread.error
            self.stop()
            raise error

    def stop(self) -> None:
        self.thread.terminate()
        for conn in self._connections.values():
            conn.dec_thread_sharing()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        self._settings.disable()
