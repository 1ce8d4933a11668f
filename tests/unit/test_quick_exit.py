"""selfshop ends its process without Python's teardown: what normal exit promises still holds."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _run(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    code = "from selfshop.quick_exit import exit_quickly\n" + textwrap.dedent(script)
    return subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_exit_handlers_run_and_output_is_whole(tmp_path: Path) -> None:
    done = _run(
        """
        import atexit, sys, tempfile
        from pathlib import Path
        folder = tempfile.TemporaryDirectory(dir=sys.argv[1])  # removed by an exit handler
        Path(sys.argv[1], "where").write_text(folder.name)
        atexit.register(lambda: print("handler ran", end=""))
        sys.stdout.write("x" * 200_000)  # buffered, not flushed
        exit_quickly(3)
        """,
        tmp_path,
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout == "x" * 200_000 + "handler ran"
    assert not Path((tmp_path / "where").read_text()).exists()


def test_text_is_printed_and_means_failure(tmp_path: Path) -> None:
    done = _run("exit_quickly('selfshop: the audit file is gone')", tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "selfshop: the audit file is gone"


def test_none_is_success(tmp_path: Path) -> None:
    assert _run("exit_quickly(None)", tmp_path).returncode == 0


def test_a_running_thread_is_waited_for(tmp_path: Path) -> None:
    done = _run(
        """
        import sys, threading, time
        from pathlib import Path
        def finish():
            time.sleep(0.5)
            Path(sys.argv[1], "finished").write_text("yes")
        threading.Thread(target=finish).start()
        exit_quickly(0)
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "finished").read_text() == "yes"
