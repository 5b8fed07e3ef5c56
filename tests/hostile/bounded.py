"""Running `ea` in a child process whose memory is bounded: reading a huge input whole ends in MemoryError
there (a failing test) instead of swapping the machine."""

from __future__ import annotations

import resource
import subprocess
import sys


def run_bounded(*args, memory: int = 1 << 30) -> subprocess.CompletedProcess:
    """`ea ARGS` in a process that cannot map more than `memory` bytes."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-c", "from ea_model.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, preexec_fn=limit, check=False)
