"""`localgrowth serve`: two instances on one machine run side by side."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from localgrowth.core.management.commands.serve import gunicorn_arguments


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers_http(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(b"GET /robots.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            return conn.recv(12).startswith(b"HTTP/1.")
    except OSError:
        return False


def test_two_instances_keep_their_own_control_sockets(tmp_path):
    instances = []
    try:
        for name in ("first", "second"):
            var_dir = tmp_path / name
            port = free_port()
            environment = {**os.environ, "LOCALGROWTH_VAR_DIR": str(var_dir)}
            environment.pop("DATABASE_URL", None)
            command = [sys.executable, "-m", "localgrowth", "serve", "--port", str(port)]
            command += ["--workers", "1"]
            process = subprocess.Popen(
                command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            instances.append((process, port, var_dir / f"gunicorn-{port}.ctl"))
        deadline = time.monotonic() + 30
        waiting = list(instances)
        while waiting and time.monotonic() < deadline:
            waiting = [i for i in waiting if not (i[2].exists() and answers_http(i[1]))]
            time.sleep(0.2)
        for process, port, control in instances:
            assert process.poll() is None, process.stderr.read().decode()
            assert control.is_socket(), control
            assert answers_http(port)
    finally:
        for process, _, _ in instances:
            process.terminate()
            process.wait(timeout=30)


def test_a_data_directory_too_deep_for_a_socket_turns_the_control_socket_off():
    deep = Path("/tmp") / ("d" * 120)
    arguments = gunicorn_arguments("127.0.0.1", 8000, 2, deep)
    assert "--no-control-socket" in arguments
    assert "--control-socket" not in arguments
    shallow = gunicorn_arguments("127.0.0.1", 8000, 2, Path("/srv/localgrowth"))
    assert shallow[-2:] == ["--control-socket", "/srv/localgrowth/gunicorn-8000.ctl"]
