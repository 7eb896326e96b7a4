// The near-miss route set of tests/test_routers.py on gin with gin.New() defaults; prints
// the port it listens on (127.0.0.1, chosen by the OS). Built in GOPATH mode against
// Debian's golang-github-gin-gonic-gin-dev.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
)

func main() {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// "lenient": RemoveExtraSlash, which cleans "//" out of the path before routing.
	r.RemoveExtraSlash = len(os.Args) > 1 && os.Args[1] == "lenient"
	ok := func(c *gin.Context) { c.String(200, "ok") }
	r.GET("/v1/models", ok)
	r.GET("/v1/models/:model", ok)
	r.POST("/v1/chat/completions", ok)
	r.POST("/v1beta/models/:model", ok)
	r.GET("/dash/", ok)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil { panic(err) }
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	http.Serve(ln, r)
}
