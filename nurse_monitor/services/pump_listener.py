"""The pump listener: HL7 over MLLP (python-hl7's asyncio streams) on a thread of its own.

Every message is answered within a second: read, kept and acknowledged by `receive_messages` on
one writer thread (the record's writes stay serial). Messages that arrive while a write is under
way are kept together in the next one (group commit: one fsync for many pumps), or answered AE
when the record did not take them in time. A connection from an address that is neither
loopback nor a gateway listed in the site settings is closed before anything is read. Nothing
here touches Qt. It runs in `nurse-monitor pump listen`, which a station receiving pumps starts
as a process of its own (services/pump_listener_process.py), so none of this shares the
interpreter lock with the station's screens.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from hl7.mllp import InvalidBlockError, start_hl7_server

from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_acknowledgements import (
    APPLICATION_ERROR,
    ERROR,
    REJECTED,
    SEGMENT_SEQUENCE_ERROR,
)
from nurse_monitor.services.pump_address import DEFAULT_HOST, DEFAULT_PORT, is_loopback
from nurse_monitor.services.pump_admin import allowed_gateways
from nurse_monitor.services.pump_messages import acknowledgement
from nurse_monitor.services.pump_receiving import (
    Incoming,
    PumpReceipt,
    answer,
    keep_incoming,
    read_incoming,
)

log = logging.getLogger(__name__)

ANSWER_WITHIN_S = 0.9  # every message answered within 1 s (issue 19), with margin for the send
MAX_BLOCK_BYTES = 1_000_000
MAX_BATCH = 200  # messages kept in one unit of work at most
SWITCH_INTERVAL_S = 0.001  # ours: see PumpListener.start


@dataclass(frozen=True)
class ListenerAddress:
    host: str
    port: int


def why_not_listening(error: BaseException, host: str, port: int) -> str:
    """Why the listener could not start, in words an IT person or a nurse can act on."""
    code = getattr(error, "errno", None)
    if code == errno.EADDRINUSE:
        return f"Port {port} is in use by another program"
    if code == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this computer"
    if code in (errno.EACCES, errno.EPERM):
        return f"Port {port} needs administrator rights on this computer; use a port above 1023"
    return f"Pump messages cannot be received on {host}:{port}: {error}"


class PumpListener:
    """Start with `start()` (returns the bound address), stop with `stop()`."""

    def __init__(
        self,
        db: Database,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        on_receipt: Callable[[PumpReceipt], None] | None = None,
    ) -> None:
        self.db = db
        self.host = host
        self.port = port
        self.on_receipt = on_receipt
        self.address: ListenerAddress | None = None
        self.refused_peers = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pump-record")
        self._queue: asyncio.Queue[tuple[Incoming, asyncio.Future[None]]] | None = None

    def start(self, timeout: float = 10.0) -> ListenerAddress:
        # The listener's path hands the GIL between three threads (the connections, the
        # writer, back); beside any other busy thread, the interpreter's 5 ms default switch
        # interval made each hand-over wait for it. 1 ms keeps ACKs quick.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self._thread = threading.Thread(target=self._run, name="pump-listener", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("the pump listener did not start")
        if isinstance(self._error, OSError):
            raise self._error  # its errno says why (a port in use, an address not ours)
        if self._error is not None or self.address is None:
            raise OSError(f"the pump listener could not listen: {self._error}")
        return self.address

    def stop(self) -> None:
        loop, stopped = self._loop, self._stopped
        if loop is not None and stopped is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stopped.set)
        if self._thread is not None:
            self._thread.join(10)
        self._writer.shutdown(wait=True)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve_forever())
        except BaseException as error:  # reported to start(), never lost
            self._error = error
            self._ready.set()

    async def _serve_forever(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        self._queue = asyncio.Queue()
        keeper = asyncio.create_task(self._keep_batches(self._queue))
        server = await start_hl7_server(
            self._connection, self.host, self.port, limit=MAX_BLOCK_BYTES
        )
        bound = server.sockets[0].getsockname()
        self.address = ListenerAddress(str(bound[0]), int(bound[1]))
        self._ready.set()
        async with server:
            await self._stopped.wait()
            server.close()
            await server.wait_closed()
        keeper.cancel()

    async def _keep_batches(
        self, queue: asyncio.Queue[tuple[Incoming, asyncio.Future[None]]]
    ) -> None:
        """The one writer: waits for a message, takes all that queued meanwhile, keeps them."""
        loop = asyncio.get_running_loop()
        while True:
            batch = [await queue.get()]
            while len(batch) < MAX_BATCH and not queue.empty():
                batch.append(queue.get_nowait())
            items = [item for item, _ in batch]
            try:
                await loop.run_in_executor(self._writer, keep_incoming, self.db, items)
            except Exception as error:  # keep_incoming never raises; an executor might
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for _, future in batch:
                if not future.done():
                    future.set_result(None)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        peer_host = str(peer[0]) if peer else ""
        try:
            if not await self._accepted(peer_host):
                self.refused_peers += 1
                log.warning("pump link: connection from %s refused (not a listed gateway)", peer)
                return
            await self._answer_each(reader, writer, f"{peer_host}:{peer[1] if peer else ''}")
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except Exception as error:  # one connection's failure never stops the listener
            # The type only: an error's words may quote the message (patient data).
            log.warning("pump link: connection from %s ended: %s", peer, type(error).__name__)
        finally:
            writer.close()

    async def _accepted(self, peer_host: str) -> bool:
        if is_loopback(peer_host):
            return True
        loop = asyncio.get_running_loop()
        allowed = await loop.run_in_executor(self._writer, allowed_gateways, self.db)
        try:
            return str(ipaddress.ip_address(peer_host)) in allowed
        except ValueError:
            return False

    async def _answer_each(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: str
    ) -> None:
        loop = asyncio.get_running_loop()
        while not reader.at_eof():
            try:
                block: bytes = await reader.readblock()  # type: ignore[attr-defined]
            except asyncio.IncompleteReadError:
                return
            except (InvalidBlockError, ValueError) as error:
                text = acknowledgement(
                    "", self.db.clock.now(), REJECTED, SEGMENT_SEQUENCE_ERROR, str(error)
                )
                writer.writeblock(text.encode())  # type: ignore[attr-defined]
                await writer.drain()
                continue
            text = block.decode("utf-8", errors="replace")
            began = loop.time()
            item = read_incoming(text, peer)  # parsed here, as it arrives: the writer only writes
            future: asyncio.Future[None] = loop.create_future()
            assert self._queue is not None
            self._queue.put_nowait((item, future))
            try:
                left = ANSWER_WITHIN_S - (loop.time() - began)
                await asyncio.wait_for(asyncio.shield(future), max(0.05, left))
                receipt = answer(item, self.db.clock.now())
            except (TimeoutError, Exception):
                reason = "not recorded within 1 s; send again"
                receipt = PumpReceipt(
                    acknowledgement(text, self.db.clock.now(), ERROR, APPLICATION_ERROR, reason),
                    ERROR,
                    reason,
                )
            writer.writeblock(receipt.ack.encode("utf-8"))  # type: ignore[attr-defined]
            await writer.drain()
            if self.on_receipt is not None:
                try:
                    self.on_receipt(receipt)
                except Exception as error:
                    log.warning("pump link: a receipt watcher failed: %s", type(error).__name__)
