package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"partnerskap/infra/sam"
	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// withoutGrant is template.yaml with one action (and, if resource is set,
// only on that resource) taken out of one function's policy.
func withoutGrant(t *testing.T, function, action, resource string) *sam.Template {
	t.Helper()
	tpl, err := sam.Load(filepath.Join(stacktest.Root(), "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	removed := false
	for i, f := range tpl.Functions {
		if f.LogicalID != function {
			continue
		}
		var kept []any
		for _, doc := range f.Policies.([]any) {
			d := doc.(map[string]any)
			var stmts []any
			for _, st := range d["Statement"].([]any) {
				m := st.(map[string]any)
				actions := m["Action"]
				list, ok := actions.([]any)
				if !ok {
					list = []any{actions}
				}
				if !slices.Contains(list, any(action)) {
					stmts = append(stmts, m)
					continue
				}
				if resource == "" {
					list = slices.DeleteFunc(slices.Clone(list), func(a any) bool { return a == action })
					removed = true
					if len(list) > 0 {
						c := map[string]any{}
						for k, v := range m {
							c[k] = v
						}
						c["Action"] = list
						stmts = append(stmts, c)
					}
					continue
				}
				// Keep the action, drop the one resource.
				res, ok := m["Resource"].([]any)
				if !ok {
					res = []any{m["Resource"]}
				}
				kept := slices.DeleteFunc(slices.Clone(res), func(r any) bool {
					sub, _ := r.(map[string]any)["Fn::Sub"].(string)
					return sub == resource
				})
				removed = removed || len(kept) < len(res)
				c := map[string]any{}
				for k, v := range m {
					c[k] = v
				}
				c["Resource"] = kept
				stmts = append(stmts, c)
			}
			kept = append(kept, map[string]any{"Statement": stmts})
		}
		tpl.Functions[i].Policies = kept
	}
	if !removed {
		t.Fatalf("%s has no %s %s to take away", function, action, resource)
	}
	return tpl
}

// The IAM guard checks every call against the function's policy in the
// template: take one grant away from a copy of template.yaml and the flow
// that needs it fails as it would on AWS, with the refusal counted.
func TestGuardRefusesWhatThePolicyDoesNotGrant(t *testing.T) {
	for _, c := range []struct {
		function, action, resource string
		flow                       func(t *testing.T, s *system) bool // reports whether the flow failed
	}{
		// The start reads the round (a Query) ...
		{"SubmitFunction", "dynamodb:Query", "", func(t *testing.T, s *system) bool {
			res, _ := s.do(t, "POST", "/start", "application/json", `{"round":"2027-1","email":"a@kalix.example.se"}`)
			return res.StatusCode == http.StatusInternalServerError
		}},
		// ... and counts its email (an Update in its transaction): without
		// it, no link, nothing stored.
		{"SubmitFunction", "dynamodb:UpdateItem", "", func(t *testing.T, s *system) bool {
			res, _ := s.do(t, "POST", "/start", "application/json", `{"round":"2027-1","email":"a@kalix.example.se"}`)
			mails, _ := stacktest.Mailbox().To(t.Context(), "a@kalix.example.se")
			return res.StatusCode == http.StatusInternalServerError && len(mails) == 0
		}},
		{"StatusFunction", "dynamodb:Query", "", func(t *testing.T, s *system) bool {
			res, body := s.do(t, "POST", "/applications", "application/json", mustJSON(s.provenJSON(t, validJSON())))
			if res.StatusCode != 201 {
				t.Fatalf("submit: %d %s", res.StatusCode, body)
			}
			var out struct{ StatusURL string }
			decode(t, body, &out)
			res, _ = s.do(t, "GET", pathOf(t, out.StatusURL), "", "")
			return res.StatusCode == http.StatusInternalServerError
		}},
		{"RoundsFunction", "dynamodb:Query", "${Table.Arn}/index/GSI2", func(t *testing.T, s *system) bool {
			decidedRound(t, s)
			_, err := s.Fire(context.Background(), "RoundsFunction/SafetyNet")
			return err != nil && s.roundStatus(t, "2027-1").Status == "decided"
		}},
		{"MailerFunction", "ses:SendEmail", "", func(t *testing.T, s *system) bool {
			for range 2 {
				if code, _ := s.submitJSON(t, stacktest.UniqueName("a")+"@kalix.example.se"); code != 201 {
					t.Fatalf("submit: %d", code)
				}
			}
			s.clock.Set(springCloses.Add(time.Hour))
			s.fire(t, "RoundsFunction/SafetyNet")
			_, _ = s.Fire(context.Background(), "MailerFunction/Drain")
			failed, _ := s.Env.Store.OutboxIn(context.Background(), programme.EmailFailed, 10)
			return len(failed) == 2
		}},
	} {
		t.Run(c.function+" without "+c.action+c.resource, func(t *testing.T) {
			clock := stacktest.NewClock(springDay)
			st := stacktest.NewWith(t, stack.Options{Now: clock.Now, Template: withoutGrant(t, c.function, c.action, c.resource)})
			st.ExpectDenials = true
			s := &system{Stack: st, clock: clock, client: noRedirects()}
			if !c.flow(t, s) {
				t.Fatalf("the flow did not fail without %s", c.action)
			}
			if n := st.Calls.Denied()[c.function][c.action]; n == 0 {
				t.Fatalf("the guard counted no refusal of %s for %s: %v", c.action, c.function, st.Calls.Denied())
			}
		})
	}
}

func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout: 30 * time.Second}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func decode(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
}

// pathOf is a link's path and query, to follow it on the test server.
func pathOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.RequestURI()
}

// decidedRound takes the spring round to "decided": one application,
// closed, rejected by staff, its decision emails queued.
func decidedRound(t *testing.T, s *system) {
	t.Helper()
	code, ref := s.submitJSON(t, stacktest.UniqueName("a")+"@kalix.example.se")
	if code != 201 {
		t.Fatalf("submit: %d", code)
	}
	s.clock.Set(springCloses.Add(time.Hour))
	s.fire(t, "RoundsFunction/SafetyNet")
	if res, body := s.staff(t, "POST", "/staff/applications/"+ref+"/decision", "application/json",
		`{"outcome":"rejected","motivation":"m"}`); res.StatusCode != 200 {
		t.Fatalf("decide: %d %s", res.StatusCode, body)
	}
	if res, body := s.staff(t, "POST", "/staff/rounds/2027-1/notify", "application/json", ""); res.StatusCode != 200 {
		t.Fatalf("notify: %d %s", res.StatusCode, body)
	}
	if r := s.roundStatus(t, "2027-1"); r.Status != "decided" {
		t.Fatalf("round %s, want decided", r.Status)
	}
}
