// The near-miss route set (tests/test_routers.py) on fastify with its defaults.
// Run: node fastify_app.cjs; prints the port it listens on (127.0.0.1, chosen by the OS).
"use strict";
// "lenient": the router options that fold slashes (find-my-way's ignoreTrailingSlash and
// ignoreDuplicateSlashes), which no default sets.
const lenient = process.argv[2] === "lenient";
const fastify = require("fastify")({
  logger: false,
  routerOptions: lenient ? { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true } : {},
});
const ok = async () => "ok";
fastify.get("/v1/models", ok);
fastify.get("/v1/models/:model", ok);
fastify.post("/v1/chat/completions", ok);
// find-my-way 9: static text after a parameter needs a regular expression ("::" is a
// literal ":"); in "/:model::generateContent" the "::generateContent" joins the name.
fastify.post("/v1beta/models/:model(^[^/]+)::generateContent", ok);
fastify.get("/dash/", ok);
fastify.listen({ host: "127.0.0.1", port: 0 }).then(() => {
  process.stdout.write(String(fastify.server.address().port) + "\n");
});
