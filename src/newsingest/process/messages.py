"""Messages between the flow and its extraction worker: length-prefixed pickles over pipes."""

import pickle
import struct
from typing import IO, Any

HEADER = struct.Struct(">Q")


def send(stream: IO[bytes], message: Any) -> None:
    """Write one message."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """Read one message; raise EOFError when the other side is gone."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        raise EOFError("extraction worker pipe closed")
    size = HEADER.unpack(head)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("extraction worker pipe closed mid-message")
    return pickle.loads(data)
