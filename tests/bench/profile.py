"""Sample the server's workers with py-spy while a scenario is measured.

py-spy writes collapsed stacks (`--format raw`: one line per distinct
stack, frames joined by semicolons, then the sample count). The summary
lists the functions with the most samples on top of the stack (self) and
anywhere in it (total), as shares of all samples.
"""

import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

# Samples per second and process.
RATE = 100
TOP = 25
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def py_spy_binary() -> str:
    beside = Path(sys.executable).with_name("py-spy")
    if beside.exists():
        return str(beside)
    found = shutil.which("py-spy")
    if found is None:
        raise RuntimeError("py-spy is not installed: uv sync installs it")
    return found


def start(
    pids: Iterable[int], seconds: float, folder: Path, key: str
) -> list[tuple[subprocess.Popen[bytes], Path]]:
    """Start one py-spy per PID; each stops by itself after `seconds`."""
    folder.mkdir(parents=True, exist_ok=True)
    started = []
    name = key.replace("/", "-").replace("@", "-")
    for pid in pids:
        output = folder / f"{name}-{pid}.txt"
        command = [
            py_spy_binary(),
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(max(int(seconds), 1)),
            "--rate",
            str(RATE),
            # Only threads that hold the GIL: Python's own CPU time, without
            # the threads that wait for work or for the event loop's poll.
            "--gil",
            "--format",
            "raw",
            "--output",
            str(output),
        ]
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        started.append((process, output))
    return started


def finish(
    started: list[tuple[subprocess.Popen[bytes], Path]], timeout: float
) -> list[Path]:
    outputs = []
    for process, output in started:
        try:
            _, error = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            continue
        if process.returncode == 0 and output.exists():
            outputs.append(output)
        else:
            sys.stderr.write(
                f"py-spy failed for {output.name}: {error.decode(errors='replace')}\n"
            )
    return outputs


def _frame_name(frame: str) -> str:
    match = _FRAME.match(frame.strip())
    if match is None:
        return frame.strip()
    path = match["file"]
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = path.rsplit("/work/", 1)[-1]
    return f"{match['function']} ({path})"


def _package(frame: str) -> str:
    """Return the package of a frame named by _frame_name, for grouping."""
    path = frame.rsplit(" (", 1)[-1].rstrip(")")
    parts = path.split("/")
    if parts[0] in ("amo", "django") and len(parts) > 2:
        return "/".join(parts[:2])
    if len(parts) == 1:
        return f"python: {parts[0].removesuffix('.py')}"
    return parts[0]


def summarize(files: Iterable[Path]) -> tuple[str, int]:
    """Return the summary text and the number of samples it covers.

    Sections: samples by the package of the function on top of the stack;
    the functions on top of the stack (self); and amo's functions by the
    samples in which they appear anywhere in the stack (total).
    """
    self_counts: Counter[str] = Counter()
    total_counts: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    samples = 0
    for path in files:
        for line in path.read_text(errors="replace").splitlines():
            stack, _, count_text = line.rpartition(" ")
            if not count_text.isdigit():
                continue
            count = int(count_text)
            frames = [_frame_name(frame) for frame in stack.split(";")]
            # The first frames name the process and the thread.
            frames = [frame for frame in frames if "(" in frame]
            if not frames:
                continue
            samples += count
            self_counts[frames[-1]] += count
            packages[_package(frames[-1])] += count
            for frame in set(frames):
                if frame.endswith(".py)") and " (amo/" in frame:
                    total_counts[frame] += count
    if not samples:
        return "no samples\n", 0
    lines = [f"{samples} samples of threads holding the GIL", "", "self  package"]
    for package, count in packages.most_common(TOP):
        lines.append(f"{100 * count / samples:4.1f}%  {package}")
    lines += ["", "self  function"]
    for frame, count in self_counts.most_common(TOP):
        lines.append(f"{100 * count / samples:4.1f}%  {frame}")
    lines += ["", "total  amo function"]
    for frame, count in total_counts.most_common(TOP):
        lines.append(f"{100 * count / samples:5.1f}%  {frame}")
    return "\n".join(lines) + "\n", samples
