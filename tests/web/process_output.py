"""Reading a child process's output in tests without blocking it or missing lines."""

import threading


class Output:
    """Drains a child's output on a thread (a full pipe would block the child) and waits for text.

    Waiting on a condition instead of select() on the pipe: the text layer reads ahead, so lines
    already in its buffer would never make select() report the pipe readable again.
    """

    def __init__(self, stream):
        self.text = ""
        self._changed = threading.Condition()
        self._closed = False
        threading.Thread(target=self._drain, args=(stream,), daemon=True).start()

    def _drain(self, stream):
        for line in stream:
            with self._changed:
                self.text += line
                self._changed.notify_all()
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def wait_for(self, marker: str, seconds: float) -> str:
        with self._changed:
            self._changed.wait_for(lambda: marker in self.text or self._closed, timeout=seconds)
            found = marker in self.text
        assert found, f"no {marker!r} within {seconds}s (output closed: {self._closed}):\n{self.text}"
        return self.text
