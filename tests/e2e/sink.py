#!/usr/bin/env python3
"""Test listeners on 127.0.0.1, each on a free port written to a file.

  sink.py udp  PORTFILE OUTFILE   one line per datagram: its repr()
  sink.py http PORTFILE OUTFILE   one line per POST body; answers 200
  sink.py hang PORTFILE           accepts connections, never answers

Each runs until killed.
"""
import http.server
import socket
import sys
import time


def main():
    mode, portfile = sys.argv[1], sys.argv[2]
    if mode == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        open(portfile, "w").write(str(s.getsockname()[1]))
        with open(sys.argv[3], "a", buffering=1) as out:
            while True:
                data, _ = s.recvfrom(65536)
                out.write(repr(data) + "\n")
    elif mode == "http":
        out = open(sys.argv[3], "a", buffering=1)

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                out.write(body.decode() + "\n")
                reply = b'{"Status":"OK","Responses":["OK"]}'
                self.send_response(200)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        open(portfile, "w").write(str(srv.server_address[1]))
        srv.serve_forever()
    elif mode == "hang":
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen(100)
        open(portfile, "w").write(str(s.getsockname()[1]))
        held = []
        while True:
            conn, _ = s.accept()
            held.append(conn)
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
