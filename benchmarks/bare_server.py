"""The baseline of the fake's throughput: the standard library's threading HTTP server answering
every request with one constant body, the size and headers of the fake's send success.

    python benchmarks/bare_server.py    # prints its base URL as one line, serves until killed

HTTP/1.0 and a thread a connection, as ``sms-diagnose fake`` (wsgiref) serves, so that a client
opens a connection a request to either, and nothing is logged per request.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b'{"message":"3763646c3058373530393832","type":"success"}'


class ConstantHandler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        """Nothing per request, as the fake."""


class Server(ThreadingHTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    server = Server(("127.0.0.1", 0), ConstantHandler)
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()
