"""Writing the files of a build into its staging folder, keeping the files that did not change.

The build is written into a new folder and swapped in whole (`place`); a file whose bytes are those of the
site being replaced is not written again but hard-linked from it: no new file, the same inode and the same
modification time. So a rebuild after one change writes only the pages that change (web servers, rsync and
backups see the others untouched), and a rebuild of the same model writes nothing but folders. The old site
is only read, never written: a build that fails half-way leaves it as it was.

Element pages, the many, are not even rendered again when what they show did not change: each is written
with the digest of its inputs (`key`: what the page shows and the code that renders it, taken from the
model without making the page: `element_key.py`), listed in `PAGES` with the digest of its bytes; a
page of the old site with the same key, whose bytes still have that digest, is linked as it is.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

PAGES = ".ea-site-pages"  # "KEY CONTENT PATH" lines, sorted by path
MAX_PAGES_FILE = 1 << 28

# the reasons a file system refuses a hard link (a FAT or SMB share, too many links): write a copy instead
_NO_LINK = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES}


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_pages(folder: Path) -> dict[str, tuple[str, str]]:
    """The `PAGES` list of a site: path -> (key, content digest); empty when there is none or it is not one."""
    try:
        fd = os.open(folder / PAGES, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return {}
    with open(fd, "rb") as fh:
        data = fh.read(MAX_PAGES_FILE + 1)
    found: dict[str, tuple[str, str]] = {}
    if len(data) > MAX_PAGES_FILE:
        return found
    for line in data.decode("utf-8", "replace").splitlines():
        parts = line.split(" ")
        if len(parts) == 3:
            found[parts[2]] = (parts[0], parts[1])
    return found


class Output:
    """Files of one build under `root`; `previous`, the site it replaces (or None), is where unchanged
    files are linked from. `written` and `kept` count the files of each kind; `pages` are the keys and
    digests of the pages written with a key (`PAGES` of this build)."""

    def __init__(self, root: Path, previous: Path | None = None) -> None:
        self.root = root
        self.previous = previous
        self.written = 0
        self.kept = 0
        self.pages: dict[str, tuple[str, str]] = {}
        self.previous_pages = read_pages(previous) if previous is not None else {}
        self._folders: set[str] = set()
        self._linkable = previous is not None
        self._safe: dict[str, bool] = {}

    def write(self, rel: str, data: bytes, key: str | None = None) -> None:
        """`data` at `rel` (a relative path of '/'-separated slugs, made by `urls`); `key`, the digest of
        what the page was made from, lets the next build keep it without making it."""
        path = self._path(rel)
        if key is not None:
            self.pages[rel] = (key, digest(data))
        if self._linkable:
            old = self._previous_bytes(rel, len(data))
            if old is not None and old[0] == data and self._link(rel, path, old[1]):
                self.kept += 1
                return
        with open(path, "wb") as fh:
            fh.write(data)
        self.written += 1

    def keep(self, rel: str, key: str) -> bool:
        """Link the previous site's page `rel` if it was made from the same `key` and is as it was written
        then; False when it has to be made."""
        known = self.previous_pages.get(rel)
        if not self._linkable or known is None or known[0] != key:
            return False
        old = self._previous_bytes(rel)
        if old is None or digest(old[0]) != known[1] or not self._link(rel, self._path(rel), old[1]):
            return False
        self.pages[rel] = known
        self.kept += 1
        return True

    def pages_file(self) -> bytes:
        return "".join(f"{key} {content} {rel}\n" for rel, (key, content) in sorted(self.pages.items())).encode()

    def _path(self, rel: str) -> str:
        folder = rel.rpartition("/")[0]
        if folder not in self._folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        return os.path.join(self.root, rel)

    def _previous_bytes(self, rel: str, size: int | None = None) -> tuple[bytes, os.stat_result] | None:
        """The bytes of the previous site's `rel` and its status, if it is a regular file (of `size`) inside
        that site: no symbolic link on the way, since what is linked into the new site must be the old
        site's own file."""
        if not self._inside(rel.rpartition("/")[0]):
            return None
        try:
            fd = os.open(os.path.join(self.previous, rel), os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or (size is not None and st.st_size != size):
                return None
            with open(fd, "rb", closefd=False) as fh:
                return fh.read(st.st_size + 1), st
        finally:
            os.close(fd)

    def _link(self, rel: str, path: str, st: os.stat_result) -> bool:
        try:
            os.link(os.path.join(self.previous, rel), path, follow_symlinks=False)
        except OSError as exc:
            if exc.errno == errno.EEXIST:  # written twice in this build: the last one wins, as with open()
                os.unlink(path)
                return self._link(rel, path, st)
            if exc.errno not in _NO_LINK:
                raise
            self._linkable = False
            return False
        linked = os.lstat(path)
        if (linked.st_ino, linked.st_dev) != (st.st_ino, st.st_dev):  # replaced since it was read
            os.unlink(path)
            return False
        return True

    def _inside(self, folder: str) -> bool:
        """Whether `folder` of the previous site is a real folder of it (not a symbolic link out of it)."""
        found = self._safe.get(folder)
        if found is None:
            path = Path(self.previous, folder)
            found = self._safe[folder] = (path.is_dir() and not any(p.is_symlink() for p in
                                                                   [path, *path.parents][:folder.count("/") + 1])
                                          if folder else True)
        return found
