#!/usr/bin/env python3
"""Where a profiled window's CPU and allocation go, per request. Reads the execution and
allocation samples of a JFR recording (through the JDK's `jfr print --json`) and charges each
sample to one part of the request: the signal it serves (access line, spans, metrics, ...) when a
frame of ours or of the library behind that signal is on the stack, else the layer it runs in
(server, database, service, JDK). Usage: jfr_breakdown.py RECORDING CPU_US_PER_REQUEST REQUESTS.

A sample is charged to the first rule, in the order below, that matches a frame on its stack,
searching from the leaf towards the root: so H2 called from our JDBC wrapper is the database. JDK
and Jackson frames match no rule: Jackson under logstash's encoder is the log line, Jackson under
the service's own response writing is the service."""
import collections
import json
import subprocess
import sys

# (part, frame prefixes): checked for each frame, leaf first.
RULES = [
    ("export (OTLP exporter, batch processor)", ("io.opentelemetry.exporter.", "io.opentelemetry.sdk.trace.export.", "okhttp3.", "okio.")),
    ("log line: JSON encoding (logstash, Jackson)", ("net.logstash.logback.",)),
    ("log line: redacting masker", ("dev.observability.logback.",)),
    ("log line: Logback (event, appender, write)", ("ch.qos.logback.",)),
    ("redaction engine", ("dev.observability.core.internal.redaction.", "dev.observability.core.Redact")),
    ("spans (OpenTelemetry SDK and API)", ("io.opentelemetry.sdk.trace.", "io.opentelemetry.api.trace.", "io.opentelemetry.sdk.internal.", "io.opentelemetry.api.internal.", "io.opentelemetry.api.common.", "io.opentelemetry.context.")),
    ("metrics (Micrometer)", ("io.micrometer.",)),
    ("metrics (OpenTelemetry SDK)", ("io.opentelemetry.sdk.metrics.",)),
    ("our filter", ("dev.observability.servlet.",)),
    ("our JDBC wrapper", ("dev.observability.jdbc.",)),
    ("our core (annotations, context, MDC)", ("dev.observability.core.",)),
    ("MDC and SLF4J", ("org.slf4j.",)),
    ("database (H2)", ("org.h2.",)),
    ("pool (HikariCP)", ("com.zaxxer.hikari.",)),
    ("service code", ("dev.observability.examples.",)),
    ("server (Jetty)", ("org.eclipse.jetty.",)),
]
OTHER = "JDK only (I/O, threads, no library frame)"


def frames(event):
    return [
        f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
        for f in event["values"]["stackTrace"]["frames"]
    ]


def part(stack):
    for frame in stack:  # leaf first
        for name, prefixes in RULES:
            if frame.startswith(prefixes):
                return name
    return OTHER


def load(recording, event):
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "256", "--events", event, recording],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)["recording"]["events"]


def main():
    recording, cpu_us, requests = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    cpu = collections.Counter(part(frames(e)) for e in load(recording, "jdk.ExecutionSample")
                              if e["values"].get("stackTrace"))
    alloc = collections.Counter()
    for e in load(recording, "jdk.ObjectAllocationSample"):
        if e["values"].get("stackTrace"):
            alloc[part(frames(e))] += e["values"]["weight"]
    samples, allocated = sum(cpu.values()), sum(alloc.values())
    print(f"{samples} CPU samples, {cpu_us:.1f} µs of CPU per request over {requests} requests;"
          f" {allocated / max(requests, 1):,.0f} B sampled allocation per request\n")
    print("| part | share of CPU samples | µs / request | allocated B / request |")
    print("| --- | ---: | ---: | ---: |")
    for name in [r[0] for r in RULES] + [OTHER]:
        if cpu[name] or alloc[name]:
            share = cpu[name] / max(samples, 1)
            print(f"| {name} | {share:.1%} | {share * cpu_us:.1f} | {alloc[name] / max(requests, 1):,.0f} |")


if __name__ == "__main__":
    main()
