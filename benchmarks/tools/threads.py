#!/usr/bin/env python3
"""Prints the CPU clock ticks (utime + stime) of a process's live threads in three groups, as
"jit vm service": the JIT compilers; the VM's own threads (on one core the JVM picks the serial
collector, which collects in the VM thread, so this is mostly GC); and the rest, the service's
threads. Two snapshots around a window say how much of its CPU went to compiling rather than to
serving."""
import os
import sys

GROUPS = (
    ("jit", ("C1 CompilerThre", "C2 CompilerThre", "CompilerThread")),
    ("vm", ("VM Thread", "VM Periodic Tas", "GC Thread", "G1 ", "Signal Dispatch", "Service Thread",
            "Monitor Deflati", "Sweeper thread", "Common-Cleaner", "Finalizer", "Reference Handl",
            "Notification Th", "JFR ", "Attach Listener")),
)


def group(name):
    for label, prefixes in GROUPS:
        if any(name.startswith(p) for p in prefixes):
            return label
    return "service"


def main():
    pid = sys.argv[1]
    totals = {"jit": 0, "vm": 0, "service": 0}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended between listing and reading
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        totals[group(name)] += int(fields[11]) + int(fields[12])
    print(totals["jit"], totals["vm"], totals["service"])


if __name__ == "__main__":
    main()
