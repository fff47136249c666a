package e2e

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/session"
)

// BenchmarkAuthorizer measures what the staff authorizer adds to a staff
// request, against the local OpenID provider's keys: warm (the pool's keys
// kept by the container: a signature check and the claims) and cold (a new
// container: the keys fetched first), and a whole staff page through the
// local API with it. The sign-in round trip (sign-in route, the provider's
// page, the form post, the callback with the code exchange) is measured
// too.
//
//	go test -run '^$' -bench Authorizer -benchtime 200x ./infra/e2e/
func BenchmarkAuthorizer(b *testing.B) {
	st := stacktest.New(b, time.Now)
	_, token := stacktest.SignIn(b, st, stacktest.StaffUser(st))
	f, _ := st.Template.Function("AuthorizerFunction")
	vars, err := st.FunctionVars(f, st.Env.Store.Table())
	if err != nil {
		b.Fatal(err)
	}
	lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	req := events.APIGatewayV2CustomAuthorizerV2Request{Version: "2.0", Type: "REQUEST", RouteKey: "GET /staff/rounds",
		Cookies: []string{session.Cookie + "=" + token}, Headers: map[string]string{"host": "localhost", "accept": "text/html"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "GET", Path: "/staff/rounds"}}}
	build := func() stack.AuthorizerHandler {
		h, err := stack.AuthorizerFunctions["authorizer"](lookup, quiet, time.Now)
		if err != nil {
			b.Fatal(err)
		}
		return h
	}
	check := func(h stack.AuthorizerHandler) {
		res, err := h(context.Background(), req)
		if err != nil || !res.IsAuthorized || res.Context[session.KeySub] == nil {
			b.Fatalf("%+v %v", res, err)
		}
	}
	b.Run("warm", func(b *testing.B) {
		h := build()
		check(h)
		b.ResetTimer()
		for range b.N {
			check(h)
		}
	})
	b.Run("cold", func(b *testing.B) {
		for range b.N {
			check(build())
		}
	})
	b.Run("staff-page-through-the-API", func(b *testing.B) {
		c := &http.Client{Timeout: 10 * time.Second}
		for range b.N {
			r, _ := http.NewRequest("GET", st.URL+"/staff/rounds", nil)
			r.Header.Set("Authorization", "Bearer "+token)
			res, err := c.Do(r)
			if err != nil || res.StatusCode != 200 {
				b.Fatal(res, err)
			}
			res.Body.Close()
		}
	})
	b.Run("sign-in-round-trip", func(b *testing.B) {
		for range b.N {
			stacktest.SignIn(b, st, stacktest.StaffUser(st))
		}
	})
}
