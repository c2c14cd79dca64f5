"""The saves watch waits for: a thread that notes every change under the watched folders,
whatever it is (a file saved, renamed, deleted, a folder replaced), and keeps watching
when a folder goes away and comes back (`git checkout`, a folder deleted by mistake)."""

from __future__ import annotations

import threading
from pathlib import Path

from ..build.inputs import PROJECT_FOLDERS as FOLDERS


def interesting(path: str) -> bool:
    """Editors' swap and backup files (.file.swp, file~, 4913) are not edits."""
    name = Path(path).name
    return not (name.startswith(".") or name.endswith(("~", ".swp", ".tmp"))
                or name == "4913" or "__pycache__" in path)


class Saves:
    """Changes under the project's folders, collected until taken."""

    def __init__(self, root: Path, folders=FOLDERS):
        self.root = root
        self.folders = folders
        self.changed: set[Path] = set()
        self.lock = threading.Lock()
        self.waiting = threading.Event()  # something changed since the last `take`
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)

    def watched(self) -> list[Path]:
        return [self.root / name for name in self.folders if (self.root / name).is_dir()]

    def note(self, paths) -> None:
        with self.lock:
            self.changed.update(Path(path) for path in paths)
        self.waiting.set()

    def take(self) -> set[Path]:
        """The paths changed since the last time, and wait anew."""
        with self.lock:
            changed, self.changed = self.changed, set()
            self.waiting.clear()
        return changed

    def _watch(self) -> None:
        import watchfiles

        polling = None
        while not self.stopped.is_set():
            folders = self.watched()
            if not folders:  # content/ and all gone: wait for them to come back
                self.stopped.wait(0.5)
                continue
            before = {folder: _inode(folder) for folder in folders}
            try:
                for changes in watchfiles.watch(
                        *folders, stop_event=self.stopped, debounce=300, step=50,
                        watch_filter=lambda change, path: interesting(path),
                        raise_interrupt=False, force_polling=polling,
                        rust_timeout=1000, yield_on_timeout=True):
                    if changes:
                        self.note(path for _, path in changes)
                    if any(_inode(folder) != inode for folder, inode in before.items()) \
                            or set(self.watched()) != set(folders):
                        self.note(folders)  # a folder went or came: watch it anew
                        break
            except OSError:
                # Too many folders for the system's watches, or one vanished as the watch
                # began: look at the files every few tenths of a second instead.
                polling = True
                self.stopped.wait(0.2)


def _inode(folder: Path):
    try:
        return folder.stat().st_ino
    except OSError:
        return None
