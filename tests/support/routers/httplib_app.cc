// The near-miss route set of tests/test_routers.py on cpp-httplib with its defaults (its
// patterns are std::regex, matched against the whole path); prints the port it listens on.
#include <httplib.h>
#include <cstdio>
int main() {
  httplib::Server svr;
  auto ok = [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); };
  svr.Get("/v1/models", ok);
  svr.Get("/v1/models/([^/]+)", ok);
  svr.Post("/v1/chat/completions", ok);
  svr.Post("/v1beta/models/([^/]+):generateContent", ok);
  svr.Get("/dash/", ok);
  int port = svr.bind_to_any_port("127.0.0.1");
  std::printf("%d\n", port); std::fflush(stdout);
  svr.listen_after_bind();
}
