"""Freezes the threads of a given name in a running process, as a native call that never
returns would.

Usage: freeze-thread.py <pid> <thread name> <seconds>

PTRACE_SEIZE + PTRACE_INTERRUPT stop only those threads (SIGSTOP would stop the whole process);
the others (heartbeats, HTTP probes) run on. Threads a thread starts inherit its name on Linux, so
the worker's render thread and the ONNX Runtime pool threads it started are frozen together, and
the model call in flight never returns. They stay frozen until this process exits, when the
kernel detaches them.
"""
import ctypes
import os
import sys
import time

PTRACE_SEIZE = 0x4206
PTRACE_INTERRUPT = 0x4207

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.restype = ctypes.c_long
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]

pid, name, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
tids = []
for tid in os.listdir(f"/proc/{pid}/task"):
    with open(f"/proc/{pid}/task/{tid}/comm") as f:
        if f.read().strip() == name:
            tids.append(int(tid))
if not tids:
    sys.exit(f"no thread named {name} in {pid}")
for tid in tids:
    for request in (PTRACE_SEIZE, PTRACE_INTERRUPT):
        if libc.ptrace(request, tid, None, None) != 0:
            sys.exit(f"ptrace {request:#x} on {tid}: {os.strerror(ctypes.get_errno())}")
print(f"frozen {' '.join(map(str, tids))}", flush=True)
time.sleep(seconds)
