#!/usr/bin/env python3
"""Turns benchmarks/cpu.sh's results.tsv into a section of RESULTS.md: per set-up the median CPU
time per request and its spread, the median over the floor (taken per round, since rounds
alternate and the machine drifts between them), the ratio to the agent's overhead, throughput
against the floor, p99, and the issue's goals with the figure that decides each."""
import datetime
import statistics
import sys

MODES = ["off", "ours", "ours-quiet", "agent", "ours-otlp", "agent-otlp"]
LABELS = {
    "off": "library off (floor)",
    "ours": "library on, everything",
    "ours-quiet": "library on, access log off",
    "agent": "OpenTelemetry agent 2.32.0, exporters none",
    "ours-otlp": "library on, traces over OTLP/HTTP",
    "agent-otlp": "agent, traces over OTLP/HTTP",
}


def millis(latency):
    """wrk's p99 ('1.23ms', '850.00us', '1.01s') in milliseconds."""
    for suffix, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if latency.endswith(suffix):
            return float(latency[: -len(suffix)]) * factor
    return float("nan")


def main():
    results, target, conditions = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = {}
    for line in open(results):
        mode, rnd, cpu, rps, p99, warmed, stable, requests, sink_req, sink_bytes, jit = (
            line.rstrip("\n").split("\t")
        )
        rows.setdefault(mode, {})[int(rnd)] = {
            "cpu": float(cpu),
            "rps": float(rps),
            "p99": millis(p99),
            "warmed": int(warmed),
            "stable": stable,
            "requests": int(requests),
            "sink_bytes": int(sink_bytes or 0),
            "sink_requests": int(sink_req or 0),
            "jit": float(jit),
        }
    rounds = sorted(rows["off"])

    def over_floor(mode):
        deltas = [rows[mode][r]["cpu"] - rows["off"][r]["cpu"] for r in rounds if r in rows[mode]]
        return statistics.median(deltas), min(deltas), max(deltas)

    def median(mode, key):
        return statistics.median(rows[mode][r][key] for r in rows[mode])

    floor_rps = median("off", "rps")
    agent_delta = over_floor("agent")[0]
    agent_otlp_delta = over_floor("agent-otlp")[0]
    out = []
    out.append(
        "\n## CPU per request in the running service ("
        + datetime.date.today().isoformat()
        + ")\n\n"
    )
    out.append(conditions + ".\n\n")
    out.append(
        "| set-up | CPU µs / request, median [min–max] | over the floor, median [min–max] |"
        " vs the agent's overhead | throughput vs floor | p99 ms | warm-up s | of it JIT µs |"
        " export bytes / request |\n"
    )
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
    for mode in MODES:
        if mode not in rows:
            continue
        cpus = [rows[mode][r]["cpu"] for r in rows[mode]]
        delta = over_floor(mode) if mode != "off" else None
        reference = agent_otlp_delta if mode.endswith("-otlp") else agent_delta
        ratio = (
            "—"
            if delta is None or mode.startswith("agent") or reference <= 0
            else f"{delta[0] / reference:.2f}"
        )
        exported = [
            rows[mode][r]["sink_bytes"] / max(rows[mode][r]["requests"], 1) for r in rows[mode]
        ]
        out.append(
            f"| {LABELS[mode]} | {statistics.median(cpus):.1f} [{min(cpus):.1f}–{max(cpus):.1f}]"
            f" | {'—' if delta is None else f'+{delta[0]:.1f} [{delta[1]:+.1f}–{delta[2]:+.1f}]'}"
            f" | {ratio} | {median(mode, 'rps') / floor_rps:.2f}"
            f" | {median(mode, 'p99'):.2f} | {statistics.median(rows[mode][r]['warmed'] for r in rows[mode]):.0f}"
            f" | {median(mode, 'jit'):.1f} | {statistics.median(exported):.0f} |\n"
        )
    unstable = [f"{m} round {r}" for m in rows for r in rows[m] if rows[m][r]["stable"] != "yes"]
    if unstable:
        out.append(
            "\nWarm-up hit its bound before two windows agreed with the JIT quiet in: " + ", ".join(unstable) + ".\n"
        )
    ours, ours_otlp = over_floor("ours")[0], over_floor("ours-otlp")[0]
    goals = [
        ("everything on, no export: at most +15 µs", ours <= 15, f"+{ours:.1f} µs"),
        (
            "everything on, no export: at most half the agent's overhead",
            agent_delta > 0 and ours <= agent_delta / 2,
            f"{ours:.1f} against {agent_delta:.1f} µs",
        ),
        ("with OTLP export: at most +25 µs", ours_otlp <= 25, f"+{ours_otlp:.1f} µs"),
        (
            "with OTLP export: at most half the agent's overhead with export",
            agent_otlp_delta > 0 and ours_otlp <= agent_otlp_delta / 2,
            f"{ours_otlp:.1f} against {agent_otlp_delta:.1f} µs",
        ),
        (
            "throughput, everything on: at least 0.85 of the floor",
            median("ours", "rps") / floor_rps >= 0.85,
            f"{median('ours', 'rps') / floor_rps:.2f}",
        ),
    ]
    out.append("\n| goal | met | figure |\n| --- | --- | --- |\n")
    for goal, met, figure in goals:
        out.append(f"| {goal} | {'yes' if met else 'no'} | {figure} |\n")
    text = "".join(out)
    with open(target, "a") as results_md:
        results_md.write(text)
    print(text)


if __name__ == "__main__":
    main()
