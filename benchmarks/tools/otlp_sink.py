#!/usr/bin/env python3
"""A minimal OTLP/HTTP receiver for the CPU measurement: answers every POST with 200 and an empty
ExportTraceServiceResponse, and counts requests and body bytes (SIGUSR1 resets them; SIGTERM writes
them to the file given as the second argument). It decodes nothing, so it costs the measured service nothing."""
import http.server
import signal
import sys
import threading

counts = {"requests": 0, "bytes": 0}
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 65536))
            if not chunk:
                break
            remaining -= len(chunk)
        with lock:
            counts["requests"] += 1
            counts["bytes"] += length
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    port, stats = int(sys.argv[1]), sys.argv[2]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)

    def stop(*_):
        with open(stats, "w") as out:
            out.write(f"{counts['requests']}\t{counts['bytes']}\n")
        threading.Thread(target=server.shutdown).start()

    def reset(*_):
        with lock:
            counts["requests"] = 0
            counts["bytes"] = 0

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGUSR1, reset)  # the measured window starts
    server.serve_forever()


if __name__ == "__main__":
    main()
