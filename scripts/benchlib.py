"""What the benchmark scripts share: a release build of rwb, a throwaway redis-server pinned
to a CPU (stopped by the PID it recorded), and timing of child processes."""
import os, resource, shutil, socket, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = os.path.join(ROOT, ".build-release")
RWB = os.path.join(SCRATCH, "release", "rwb")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pinned(cpu, cmd):
    return (["taskset", "-c", str(cpu)] if shutil.which("taskset") and os.cpu_count() > 1 else []) + cmd


class Server:
    """A throwaway redis-server pinned to `cpu`; stopped by its PID."""

    def __init__(self, cpu=0):
        self.dir = tempfile.mkdtemp(prefix="rwb-bench-")
        self.port = free_port()
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
               "--dir", self.dir, "--daemonize", "no", "--loglevel", "warning"]
        self.proc = subprocess.Popen(pinned(cpu, cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(250):
            ping = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True)
            if ping.stdout.strip() == b"PONG":
                return
            time.sleep(0.02)
        self.stop()
        raise SystemExit("redis-server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


def timed(cmd):
    """Runs cmd; returns (stdout, wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def build_release():
    """rwb as scripts/install builds it (release, Swift runtime static, not PIE), into .build-release."""
    print("building rwb in release mode...", flush=True)
    subprocess.run([os.path.join(ROOT, "scripts", "build-release")], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)