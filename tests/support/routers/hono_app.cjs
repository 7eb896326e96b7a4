// The near-miss route set (tests/test_routers.py) on hono with its defaults, served by
// @hono/node-server. Prints the port it listens on (127.0.0.1, chosen by the OS).
"use strict";
const { Hono } = require("hono");
const { serve } = require("@hono/node-server");
// "lenient": strict: false, which serves a path with or without its trailing "/".
const app = new Hono(process.argv[2] === "lenient" ? { strict: false } : {});
const ok = (c) => c.text("ok");
app.get("/v1/models", ok);
app.get("/v1/models/:model", ok);
app.post("/v1/chat/completions", ok);
app.post("/v1beta/models/:model{[^/]+:generateContent}", ok);
app.get("/dash/", ok);
serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.stdout.write(String(info.port) + "\n");
});
