package stack

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"partnerskap/internal/store"
)

// SESFront stands between the functions and the SES server as Amazon SES's
// own front door does: it refuses, with SES's error codes, every SendEmail
// that SES would refuse (the rules of the SendEmail API reference: a
// verified sender, 1 to 50 valid recipients, a subject and a body, at most
// 10 MB, message tags of SES's alphabet, an existing configuration set),
// passes the others to the SES server, and writes each sent message's
// configuration set and tags to a journal on disk before it answers. The
// emulated event publishing (PublishMailEvents) reads that journal, so an
// email SES took is reported even if everything crashes right after: SES's
// events are at least once, and so are these.
type SESFront struct {
	URL string
	// Identities are the verified SES identities: domains (which cover
	// their subdomains' addresses) or single addresses.
	Identities []string
	// ConfigurationSets are the configuration sets that exist.
	ConfigurationSets []string
	Now               func() time.Time
	Log               *slog.Logger

	upstream string
	journal  *journal
	srv      *http.Server
	client   *http.Client
}

// SES's documented limits of SendEmail.
const (
	sesMaxRecipients  = 50
	sesMaxMessageSize = 10 << 20
)

// StartSESFront serves the front on a free port of 127.0.0.1, in front of
// the SES server at upstream, with its journal in dir.
func StartSESFront(upstream, dir string, identities, configurationSets []string, now func() time.Time, log *slog.Logger) (*SESFront, error) {
	j, err := openJournal(dir)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &SESFront{URL: "http://" + l.Addr().String(), Identities: identities, ConfigurationSets: configurationSets, Now: now, Log: log,
		upstream: upstream, journal: j, client: &http.Client{Timeout: 10 * time.Second}}
	f.srv = &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = f.srv.Serve(l) }()
	return f, nil
}

// Close stops the front.
func (f *SESFront) Close() {
	if f != nil && f.srv != nil {
		_ = f.srv.Close()
	}
}

// sesError is SES's (query protocol) error response.
type sesError struct {
	status        int
	code, message string
}

func (e *sesError) Error() string { return e.code + ": " + e.message }

func refuse(code, format string, args ...any) *sesError {
	return &sesError{status: http.StatusBadRequest, code: code, message: fmt.Sprintf(format, args...)}
}

func (f *SESFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 2*sesMaxMessageSize))
	if err != nil {
		writeSESError(w, refuse("InvalidParameterValue", "could not read the request: %v", err))
		return
	}
	form, err := url.ParseQuery(string(raw))
	if err != nil {
		writeSESError(w, refuse("MalformedQueryString", "%v", err))
		return
	}
	if a := form.Get("Action"); a != "SendEmail" {
		// The SES server answers no other classic action (it hangs): say so.
		writeSESError(w, refuse("InvalidAction", "the local SES stand-in takes SendEmail only, not %q", a))
		return
	}
	sent, rerr := f.check(form, len(raw))
	if rerr != nil {
		f.Log.Warn("SES would refuse this message; refused locally", "code", rerr.code, "reason", rerr.message)
		writeSESError(w, rerr)
		return
	}
	up, err := http.NewRequestWithContext(r.Context(), http.MethodPost, f.upstream+"/", bytes.NewReader(raw))
	if err != nil {
		writeSESError(w, &sesError{status: http.StatusInternalServerError, code: "InternalFailure", message: err.Error()})
		return
	}
	up.Header = r.Header.Clone() // the signature's Authorization header: the SES server wants one
	res, err := f.client.Do(up)
	if err != nil {
		writeSESError(w, &sesError{status: http.StatusServiceUnavailable, code: "ServiceUnavailable", message: err.Error()})
		return
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusOK {
		var out struct {
			MessageID string `xml:"SendEmailResult>MessageId"`
		}
		if err := xml.Unmarshal(body, &out); err != nil || out.MessageID == "" {
			writeSESError(w, &sesError{status: http.StatusInternalServerError, code: "InternalFailure", message: "SES server's answer has no MessageId"})
			return
		}
		sent.MessageID, sent.At = out.MessageID, f.Now().UTC()
		if err := f.journal.append(sent); err != nil { // before the answer: nothing SES took is lost
			writeSESError(w, &sesError{status: http.StatusInternalServerError, code: "InternalFailure", message: err.Error()})
			return
		}
	}
	w.Header().Set("Content-Type", res.Header.Get("Content-Type"))
	w.WriteHeader(res.StatusCode)
	_, _ = w.Write(body)
}

// check applies SES's rules for SendEmail to the request's parameters and
// returns what the journal keeps of the message.
func (f *SESFront) check(form url.Values, size int) (SentMail, *sesError) {
	var m SentMail
	src := form.Get("Source")
	if src == "" {
		return m, refuse("InvalidParameterValue", "Missing required parameter Source")
	}
	from, err := mail.ParseAddress(src)
	if err != nil || strings.ContainsAny(src, "\r\n") {
		return m, refuse("InvalidParameterValue", "Illegal address")
	}
	if !f.verified(from.Address) {
		return m, refuse("MessageRejected", "Email address is not verified. The following identities failed the check in region %s: %s",
			strings.ToUpper(LocalRegion), from.Address)
	}
	m.Source = from.Address
	for _, field := range []string{"Destination.ToAddresses", "Destination.CcAddresses", "Destination.BccAddresses"} {
		for _, a := range members(form, field) {
			if !validAddress(a) {
				return m, refuse("InvalidParameterValue", "Illegal address")
			}
			m.Destination = append(m.Destination, a)
		}
	}
	switch n := len(m.Destination); {
	case n == 0:
		return m, refuse("InvalidParameterValue", "Missing final '@domain'")
	case n > sesMaxRecipients:
		return m, refuse("InvalidParameterValue", "Recipient count exceeds %d.", sesMaxRecipients)
	}
	for _, a := range members(form, "ReplyToAddresses") {
		if !validAddress(a) {
			return m, refuse("InvalidParameterValue", "Illegal address")
		}
	}
	if form.Get("Message.Subject.Data") == "" {
		return m, refuse("InvalidParameterValue", "Missing required parameter Message.Subject")
	}
	if form.Get("Message.Body.Text.Data") == "" && form.Get("Message.Body.Html.Data") == "" {
		return m, refuse("InvalidParameterValue", "Message body must have a Text or Html part")
	}
	if size > sesMaxMessageSize {
		return m, refuse("MessageRejected", "Message length is more than %d bytes long", sesMaxMessageSize)
	}
	m.Tags = map[string][]string{}
	for i := 1; ; i++ {
		name, ok := form["Tags.member."+strconv.Itoa(i)+".Name"]
		if !ok {
			break
		}
		value := form.Get("Tags.member." + strconv.Itoa(i) + ".Value")
		if !store.ValidTag(name[0]) {
			return m, refuse("InvalidParameterValue", "Invalid tag name <%s>: only ASCII letters, numbers, underscores and dashes, at most 256", name[0])
		}
		if !store.ValidTag(value) {
			return m, refuse("InvalidParameterValue", "Invalid tag value <%s>: only ASCII letters, numbers, underscores and dashes, at most 256", value)
		}
		m.Tags[name[0]] = []string{value}
	}
	if cs := form.Get("ConfigurationSetName"); cs != "" {
		if !slices.Contains(f.ConfigurationSets, cs) {
			return m, refuse("ConfigurationSetDoesNotExist", "Configuration set <%s> does not exist.", cs)
		}
		m.ConfigurationSet = cs
		// SES adds its own tags to the events of a configuration set's messages.
		m.Tags["ses:configuration-set"] = []string{cs}
		m.Tags["ses:from-domain"] = []string{from.Address[strings.LastIndex(from.Address, "@")+1:]}
	}
	return m, nil
}

// verified: the address, or its domain or a parent domain, is an identity.
func (f *SESFront) verified(addr string) bool {
	addr = strings.ToLower(addr)
	domain := addr[strings.LastIndex(addr, "@")+1:]
	for _, id := range f.Identities {
		id = strings.ToLower(id)
		if id == addr || !strings.Contains(id, "@") && (domain == id || strings.HasSuffix(domain, "."+id)) {
			return true
		}
	}
	return false
}

var asciiAddress = regexp.MustCompile(`^[\x21-\x7e]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$`)

// validAddress: SES takes addr@domain with an ASCII local part (non-ASCII
// needs MIME encoded-words, which this project never sends).
func validAddress(a string) bool {
	p, err := mail.ParseAddress(a)
	return err == nil && asciiAddress.MatchString(p.Address)
}

// members lists a query-protocol list parameter: name.member.1, .2, ...
func members(form url.Values, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := form[name+".member."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, v[0])
	}
}

func writeSESError(w http.ResponseWriter, e *sesError) {
	kind := "Sender"
	if e.status >= 500 {
		kind = "Receiver"
	}
	var b bytes.Buffer
	b.WriteString(`<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>` + kind + `</Type><Code>`)
	_ = xml.EscapeText(&b, []byte(e.code))
	b.WriteString(`</Code><Message>`)
	_ = xml.EscapeText(&b, []byte(e.message))
	b.WriteString(`</Message></Error><RequestId>` + newID() + `</RequestId></ErrorResponse>`)
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.status)
	_, _ = w.Write(b.Bytes())
}

// SentMail is what the journal keeps of a message SES took: what SES's
// events say of it.
type SentMail struct {
	MessageID        string              `json:"messageId"`
	At               time.Time           `json:"at"`
	Source           string              `json:"source"`
	Destination      []string            `json:"destination"`
	ConfigurationSet string              `json:"configurationSet,omitempty"`
	Tags             map[string][]string `json:"tags"`
}

// journal is an append-only file of SentMail, one JSON line each, and a
// cursor file: how many lines the event publishing has delivered.
type journal struct {
	mu   sync.Mutex
	path string
}

func openJournal(dir string) (*journal, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &journal{path: filepath.Join(dir, "ses-sent.jsonl")}, nil
}

func (j *journal) append(m SentMail) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	fh, err := os.OpenFile(j.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := fh.Write(append(b, '\n')); err != nil {
		fh.Close()
		return err
	}
	if err := fh.Sync(); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// after returns the journal's entries from line n on.
func (j *journal) after(n int) ([]SentMail, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fh, err := os.Open(j.path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var out []SentMail
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for i := 0; sc.Scan(); i++ {
		if i < n {
			continue
		}
		var m SentMail
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return out, fmt.Errorf("%s line %d: %w", j.path, i+1, err)
		}
		out = append(out, m)
	}
	return out, sc.Err()
}

func (j *journal) cursor() (int, error) {
	b, err := os.ReadFile(j.path + ".cursor")
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}

func (j *journal) setCursor(n int) error {
	tmp := j.path + ".cursor.tmp"
	if err := os.WriteFile(tmp, []byte(strconv.Itoa(n)+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, j.path+".cursor")
}
