#!/usr/bin/env python3
"""A web server for the check_http tests, told what to do by a file.

  httpd.py ADDRESS PORT MODEFILE [CERT KEY]

Each request reads MODEFILE: a status code (200, 500, ...) is answered
with a body that says "all is well"; "hang" takes the request and never
answers.  With CERT and KEY it speaks TLS.
"""
import http.server
import socketserver
import ssl
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(sys.argv[3]) as f:
            mode = f.read().strip()
        if mode == 'hang':
            time.sleep(3600)
            return
        body = b'<html>all is well</html>\n'
        self.send_response(int(mode))
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


srv = Server((sys.argv[1], int(sys.argv[2])), Handler)
if len(sys.argv) > 5:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[4], sys.argv[5])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
