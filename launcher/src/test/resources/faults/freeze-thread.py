"""Freezes the threads of a given name in a running process, as a native call that never
returns would.

Usage: freeze-thread.py <pid> <thread name> <seconds>

PTRACE_SEIZE + PTRACE_INTERRUPT stop only those threads (SIGSTOP would stop the whole process);
the others (heartbeats, HTTP probes) run on. The first of them (the Java thread; any it started
inherit its name) is frozen only while it is inside ONNX Runtime, so the freeze is the hang it
stands for: a model call that never returns. A thread stopped in Java code instead would never
reach a safepoint, and the whole JVM would stop at its next garbage collection — not a fault a
worker meets. They stay frozen until this process exits, when the kernel detaches them.
"""
import ctypes
import os
import random
import sys
import time

PTRACE_CONT = 7
PTRACE_GETREGS = 12
PTRACE_SEIZE = 0x4206
PTRACE_INTERRUPT = 0x4207
WALL = 0x40000000
EVENT_STOP = 128  # PTRACE_EVENT_STOP, the stop PTRACE_INTERRUPT asks for
RIP = 16  # the instruction pointer's index in x86-64's struct user_regs_struct

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.restype = ctypes.c_long
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]


def ptrace(request, tid, data=None):
    if libc.ptrace(request, tid, None, data) != 0:
        sys.exit(f"ptrace {request:#x} on {tid}: {os.strerror(ctypes.get_errno())}")


def library_at(pid, address):
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            fields = line.split()
            low, high = (int(x, 16) for x in fields[0].split("-"))
            if low <= address < high:
                return fields[5] if len(fields) > 5 else ""
    return ""


pid, name, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
tids = []
for tid in os.listdir(f"/proc/{pid}/task"):
    with open(f"/proc/{pid}/task/{tid}/comm") as f:
        if f.read().strip() == name:
            tids.append(int(tid))
if not tids:
    sys.exit(f"no thread named {name} in {pid}")
tids.sort()


def stop(tid):
    """Stops a seized thread and waits until it is stopped; signals it meets are passed on."""
    ptrace(PTRACE_INTERRUPT, tid)
    while True:
        _, status = os.waitpid(tid, WALL)
        if not os.WIFSTOPPED(status):
            sys.exit(f"{tid} ended")
        if status >> 16 == EVENT_STOP:
            return
        # A signal-delivery stop (the JVM's own SIGSEGV safepoint polls among them): deliver it.
        ptrace(PTRACE_CONT, tid, os.WSTOPSIG(status))


for tid in tids:
    ptrace(PTRACE_SEIZE, tid)
regs = (ctypes.c_ulonglong * 27)()
where = ""
for attempt in range(3000):
    stop(tids[0])
    ptrace(PTRACE_GETREGS, tids[0], ctypes.addressof(regs))
    where = library_at(pid, regs[RIP])
    if "onnxruntime" in where:
        break
    ptrace(PTRACE_CONT, tids[0], 0)
    time.sleep(random.uniform(0.002, 0.02))
else:
    sys.exit(f"{tids[0]} was never inside ONNX Runtime; last in {where or 'generated code'}")
for tid in tids[1:]:
    stop(tid)
print(f"frozen {' '.join(map(str, tids))} in {os.path.basename(where)}", flush=True)
time.sleep(seconds)
