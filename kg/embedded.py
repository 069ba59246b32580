"""The embedded store: an ArcadeDB server with its Bolt plugin, on loopback, owned by this process.

Used when no ``NEO4J_URI`` is set, so that kg works with nothing installed but the wheel.
Everything heavy (``arcadedb_embedded``, JPype, the JVM) is imported and started inside
:meth:`EmbeddedServer.start`, never at import time.

Layout of ``data_dir`` (ArcadeDB's server root)::

    .lock        flock held for the life of the server; holds the owner's pid
    .password    generated root password (0600), reused by later runs
    databases/   the database files;  config/  users (hashed) and plugin settings
    logs/        arcadedb.N.log (server log), jvm.log (JVM start-up chatter)
    log/         ArcadeDB's own server event log (its location is fixed by ArcadeDB)

Facts this module relies on (checked against arcadedb-embedded 26.10.2, see
docs/arcadedb-notes.md): the JVM starts once per process and must never be shut down
while a later start may come; ArcadeDB's root password needs 8+ characters and is
read at first start only; a second process opening the same database fails only
after it has written WAL files into it, hence our own lock taken before anything else.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import socket
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from kg.errors import ConfigError, StoreError

ROOT_USER = "root"
HOST = "127.0.0.1"
MIN_PASSWORD_LENGTH = 8  # ArcadeDB refuses shorter root passwords at first start
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
_DATABASE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_PORT_ATTEMPTS = 5
_BOLT_WAIT_S = 30.0

# JUL configuration for the server log: a rotating file under data_dir/logs and no
# console handler. ArcadeDB re-reads this file each time a server starts.
_LOGGING_PROPERTIES = """\
handlers = java.util.logging.FileHandler
.level = INFO
com.arcadedb.level = INFO
io.undertow.level = WARNING
org.xnio.level = WARNING
org.jboss.level = WARNING
java.util.logging.FileHandler.level = INFO
java.util.logging.FileHandler.pattern = {pattern}
java.util.logging.FileHandler.formatter = com.arcadedb.log.LogFormatter
java.util.logging.FileHandler.limit = 10000000
java.util.logging.FileHandler.count = 3
java.util.logging.FileHandler.append = true
"""


class EmbeddedServer:
    """An ArcadeDB server with the Bolt plugin, on 127.0.0.1 and a free port, data in `data_dir`.

    One server per data dir at a time (an flock on ``data_dir/.lock``); several servers on
    different dirs may run side by side, in one process or many.
    """

    def __init__(
        self, data_dir: Path, database: str = "kg", *, password: str | None = None
    ) -> None:
        if not _DATABASE_NAME.match(database):
            raise ConfigError(
                f"embedded database name {database!r} is not valid: use letters, digits, "
                "'_' or '-', starting with a letter"
            )
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            raise ConfigError(
                f"the embedded server's root password needs at least {MIN_PASSWORD_LENGTH} "
                "characters"
            )
        self._data_dir = Path(data_dir).absolute()
        self._database = database
        self._password = password
        self._port: int | None = None
        self._server: Any = None
        self._lock_fd: int | None = None

    # -- public surface -------------------------------------------------------------------

    @property
    def uri(self) -> str:
        """Bolt URI of the running server; the port is chosen at start, so only then known."""
        if self._port is None:
            raise StoreError("the embedded server is not started", path=str(self._data_dir))
        return f"bolt://{HOST}:{self._port}"

    @property
    def auth(self) -> tuple[str, str]:
        """``(user, password)`` for the driver; the password may be generated at start."""
        if self._password is None:
            raise StoreError("the embedded server is not started", path=str(self._data_dir))
        return (ROOT_USER, self._password)

    @property
    def database(self) -> str:
        return self._database

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        """Start the server (idempotent); creates `data_dir` and the database when missing."""
        if self._server is not None:
            return
        self._data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._acquire_lock()
        try:
            self._password = self._resolve_password()
            log_dir = self._data_dir / "logs"
            log_dir.mkdir(exist_ok=True)
            _start_jvm(log_dir)
            _route_server_log(log_dir)
            self._start_server()
        except BaseException:
            self._stop_server()
            self._release_lock()
            raise

    def stop(self) -> None:
        """Stop the server (idempotent): close the database, flushing it, and free the lock.

        The JVM stays up: JPype cannot start a second one in this process.
        """
        try:
            self._stop_server()
        finally:
            self._release_lock()

    def __enter__(self) -> EmbeddedServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = self.uri if self._port is not None else "stopped"
        return f"EmbeddedServer({str(self._data_dir)!r}, {self._database!r}, {state})"

    # -- steps ----------------------------------------------------------------------------

    def _acquire_lock(self) -> None:
        """Refuse a second server on the same data: ArcadeDB's own check comes too late."""
        if self._lock_fd is not None:
            return
        path = self._data_dir / ".lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StoreError(f"cannot lock {path}: {exc}", path=str(self._data_dir)) from exc
            who = (
                "another server in this process"
                if holder == str(os.getpid())
                else f"another kg process (pid {holder})"
            )
            raise StoreError(
                f"the embedded database is in use by {who}; "
                "wait for it to finish, or point KG_DATA_DIR elsewhere",
                path=str(self._data_dir),
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is None:
            return
        fd, self._lock_fd = self._lock_fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the descriptor drops the flock

    def _resolve_password(self) -> str:
        """The given password, else the one saved beside the data, else a new one saved there."""
        if self._password is not None:
            return self._password
        path = self._data_dir / ".password"
        if path.exists():
            saved = path.read_text(encoding="utf-8").strip()
            if len(saved) < MIN_PASSWORD_LENGTH:
                raise StoreError(
                    f"{path} holds no usable password; restore it or pass one explicitly",
                    path=str(self._data_dir),
                )
            return saved
        if (self._data_dir / "config" / "server-users.jsonl").exists():
            # ArcadeDB reads the root password at first start only: a new one would not open it.
            raise StoreError(
                f"the root password of this data is unknown ({path} is missing); "
                "restore that file or pass the password explicitly",
                path=str(self._data_dir),
            )
        password = secrets.token_urlsafe(24)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(password + "\n")
        return password

    def _start_server(self) -> None:
        from arcadedb_embedded import ArcadeDBError
        from arcadedb_embedded.server import ArcadeDBServer

        last_error: Exception | None = None
        for _ in range(_PORT_ATTEMPTS):
            bolt_port, http_port, https_port = _free_ports(3)
            config = {
                "host": HOST,  # every listener: HTTP and Bolt
                "bolt_host": HOST,
                "http_port": http_port,
                "server_httpsIncomingPort": https_port,
                "server_plugins": BOLT_PLUGIN,
                "bolt_port": bolt_port,
                "server_mode": "production",
                "serverMetrics": False,
            }
            # The root password only counts at first start; passing it later only earns a warning.
            first_start = not (self._data_dir / "config" / "server-users.jsonl").exists()
            server = ArcadeDBServer(
                root_path=str(self._data_dir),
                root_password=self._password if first_start else None,
                config=config,
            )
            try:
                server.start()
            except ArcadeDBError as exc:
                last_error = exc
                if _is_port_clash(exc):
                    continue  # another process took a port between our probe and the bind
                raise StoreError(
                    f"the embedded server did not start: {_first_line(exc)} "
                    f"(see {self._data_dir / 'logs'})",
                    path=str(self._data_dir),
                ) from exc
            self._server = server
            self._port = bolt_port
            try:
                server.create_database(self._database)  # opens it when it exists already
            except ArcadeDBError as exc:
                raise StoreError(
                    f"cannot open database {self._database!r}: {_first_line(exc)}",
                    path=str(self._data_dir),
                ) from exc
            _wait_for_port(HOST, bolt_port, _BOLT_WAIT_S)
            return
        raise StoreError(
            f"no free port for the embedded server after {_PORT_ATTEMPTS} tries: {last_error}",
            path=str(self._data_dir),
        )

    def _stop_server(self) -> None:
        server, self._server, self._port = self._server, None, None
        if server is None:
            return
        from arcadedb_embedded import ArcadeDBError

        try:
            server.stop()  # closes every database, flushing its pages
        except ArcadeDBError as exc:
            raise StoreError(
                f"the embedded server did not stop cleanly: {_first_line(exc)}",
                path=str(self._data_dir),
            ) from exc


# -- process-wide helpers (the JVM and its logging are per process) --------------------------


def _start_jvm(log_dir: Path) -> None:
    """Start the JVM once per process, its start-up chatter and crash files in `log_dir`."""
    import jpype
    from arcadedb_embedded.jvm import start_jvm

    if jpype.isJVMStarted():
        return
    # The JVM writes "Using incubator modules" to fd 2 itself: park fd 2 on a file meanwhile.
    # ARCADEDB_JVM_ERROR_FILE is read by start_jvm only; restored right after.
    saved_env = os.environ.get("ARCADEDB_JVM_ERROR_FILE")
    os.environ["ARCADEDB_JVM_ERROR_FILE"] = str(log_dir / "hs_err_pid%p.log")
    log_fd = os.open(log_dir / "jvm.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    saved_fd = os.dup(2)
    try:
        os.dup2(log_fd, 2)
        # Undertow frees buffers through sun.misc.Unsafe; JDK 24+ warns on stderr at first use.
        start_jvm(jvm_args=["--sun-misc-unsafe-memory-access=allow"])
    finally:
        os.dup2(saved_fd, 2)
        os.close(saved_fd)
        os.close(log_fd)
        if saved_env is None:
            os.environ.pop("ARCADEDB_JVM_ERROR_FILE", None)
        else:
            os.environ["ARCADEDB_JVM_ERROR_FILE"] = saved_env


def _route_server_log(log_dir: Path) -> None:
    """Send ArcadeDB's log to `log_dir` instead of the terminal and ./log in the cwd.

    ArcadeDB reloads ``java.util.logging.config.file`` as each server starts, so setting
    it here (process-wide) redirects the server about to start; servers already running
    in this process then log to the same file.
    """
    import jpype

    pattern = str(log_dir).replace("%", "%%") + os.sep + "arcadedb.%g.log"  # %g: rotation
    properties = log_dir / "logging.properties"
    text = _LOGGING_PROPERTIES.format(pattern=pattern.replace("\\", "\\\\"))
    properties.write_text(text, encoding="utf-8")
    system = jpype.JClass("java.lang.System")
    system.setProperty("java.util.logging.config.file", str(properties))
    jpype.JClass("java.util.logging.LogManager").getLogManager().readConfiguration()


def _free_ports(count: int) -> list[int]:
    """Distinct ports the kernel reports free on loopback now (held together, then released)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((HOST, 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _wait_for_port(host: str, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return
        except OSError as exc:
            if time.monotonic() > deadline:
                raise StoreError(
                    f"the embedded Bolt listener on {host}:{port} did not answer "
                    f"within {timeout:.0f} s: {exc}"
                ) from exc
            time.sleep(0.05)


def _is_port_clash(exc: BaseException) -> bool:
    text = str(exc).lower()
    markers = ("unable to listen", "address already in use", "bindexception")
    return any(marker in text for marker in markers)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
