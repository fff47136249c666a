package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/intake"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// HoneypotField is the form's field for naive bots: people leave it empty
// (it is off-screen, out of the tab order, labelled "Leave empty").
const HoneypotField = "website"

// sentURL is where a form post with the honeypot filled is sent: the
// neutral thank-you page, no reference, nothing said to be wrong.
func sentURL(lang programme.Lang) string {
	return "/?" + url.Values{"sent": {"1"}, "lang": {string(lang)}}.Encode()
}

// Form serves GET /: the form of the open round, a choice when several are
// open, or when none is, when the next one opens; with ?sent=1, the neutral
// thank-you page a form post with the honeypot filled is sent to.
func Form(svc *intake.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		if req.QueryStringParameters["sent"] == "1" {
			return messagePage(ctx, http.StatusOK, lang, i18n.SentTitle, i18n.Sent.In(lang))
		}
		open, err := svc.OpenRounds(ctx)
		if err != nil {
			return eventsResponse{}, err
		}
		want := req.QueryStringParameters["round"]
		query := url.Values{}
		if want != "" {
			query.Set("round", want)
		}
		var chosen *programme.Round
		for i := range open {
			if open[i].ID == want || (want == "" && len(open) == 1) {
				chosen = &open[i]
			}
		}
		if chosen != nil && req.QueryStringParameters["started"] == "1" {
			return messagePage(ctx, http.StatusOK, lang, i18n.StartedTitle, i18n.Started.In(lang))
		}
		var proven programme.Proof
		if token := req.QueryStringParameters["proof"]; token != "" && chosen != nil {
			var err error
			proven, err = svc.OpenForm(ctx, chosen.ID, token)
			var invalid *intake.ErrProofInvalid
			if errors.As(err, &invalid) {
				p := newFormPage(lang, chosen, nil, url.Values{"round": {chosen.ID}})
				p.Title = i18n.ProofInvalidTitle.In(lang)
				p.Notice = invalid.Message(lang)
				p.LinkFailed = true
				return htmlPage(ctx, http.StatusNotFound, formView(p))
			}
			if err != nil {
				return eventsResponse{}, err
			}
			query.Set("proof", token)
		}
		p := newFormPage(lang, chosen, nil, query)
		switch {
		case chosen != nil:
			p.Values["lang"] = string(proven.Lang)
			if proven.Email == "" {
				p.Values["lang"] = string(lang)
			}
			p.Proof, p.ProvenEmail = query.Get("proof"), proven.Email
			if p.Proof != "" {
				// What was saved behind the link, from whatever device.
				draft, at, err := svc.Draft(ctx, p.Proof)
				if err != nil {
					return eventsResponse{}, err
				}
				for k, v := range draft {
					p.Values[k] = v
				}
				docs, err := svc.LinkDocuments(ctx, p.Proof)
				if err != nil {
					return eventsResponse{}, err
				}
				p.setDocuments(docs)
				if req.QueryStringParameters["saved"] == "1" && !at.IsZero() {
					p.Saved = i18n.DraftSaved.Format(lang, i18n.Args{"at": programme.FormatTime(at, lang),
						"deadline": programme.FormatTime(chosen.ClosesAt, lang)})
				}
			}
		case want != "":
			p.Notice = programme.FieldError{Field: "round", Code: programme.CodeUnknownRound}.Message(lang)
			if r, err := svc.Round(ctx, want); err == nil {
				p.Notice = (&intake.RoundNotOpenError{Round: r, At: svc.Now()}).Message(lang)
			}
			fallthrough
		case len(open) > 1:
			for _, r := range open {
				p.Choices = append(p.Choices, RoundChoice{Name: r.Name(lang), Deadline: programme.FormatTime(r.ClosesAt, lang),
					URL: "/?" + url.Values{"round": {r.ID}, "lang": {string(lang)}}.Encode()})
			}
		}
		if chosen == nil && len(p.Choices) == 0 {
			if next, ok, err := svc.UpcomingRound(ctx); err != nil {
				return eventsResponse{}, err
			} else if ok {
				p.Next = &NextRound{Name: next.Name(lang), Opens: programme.FormatTime(next.OpensAt, lang)}
			}
		}
		return htmlPage(ctx, http.StatusOK, formView(p))
	}
}

// Submit serves POST /applications, from the form (303 to the receipt page,
// or the form again with every problem) or as JSON (201 with the reference
// and the status link; 200 for a replay).
func Submit(svc *intake.Service, publicBaseURL string) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		b, isJSON, err := readBody(req)
		if err != nil {
			return eventsResponse{}, err
		}
		in, values, unreadable, err := decodeApplication(b, isJSON)
		if err != nil {
			return eventsResponse{}, err
		}
		lang := requestLang(req)
		if isJSON && in.Lang != "" {
			lang = programme.ParseLang(in.Lang)
		} else if !isJSON {
			lang = programme.ParseLang(values["ui"])
		}
		if !isJSON && values[HoneypotField] != "" {
			// A naive bot: answered like a success, but nothing is
			// validated, stored or sent.
			svc.Log.InfoContext(ctx, "honeypot filled: nothing stored", "round", in.Round)
			res := respond(http.StatusSeeOther, "text/plain; charset=utf-8", "")
			res.Headers["Location"] = sentURL(lang)
			return res, nil
		}
		if !isJSON && (values["action"] == "save" || values["action"] == "documents") {
			// A draft: kept behind the link, nothing checked but the link.
			if _, err := svc.SaveDraft(ctx, in.Round, in.Proof, values); err != nil {
				var fe programme.FieldErrors
				if errors.As(err, &fe) {
					return formAgain(ctx, svc, lang, in, values, fe, "", 0)
				}
				return eventsResponse{}, err
			}
			if values["action"] == "documents" {
				// Kept, then on to the appendices: an upload leaves this page.
				return redirect(http.StatusSeeOther, documentsURL(in.Round, in.Proof, lang, nil)), nil
			}
			return redirect(http.StatusSeeOther, "/?"+url.Values{"round": {in.Round}, "proof": {in.Proof}, "lang": {string(lang)},
				"saved": {"1"}}.Encode()), nil
		}
		if isJSON && unreadable != nil {
			// A JSON body with a field of the wrong type is refused on that field.
			return eventsResponse{}, inLang(&invalidError{status: http.StatusBadRequest, code: "invalid_field",
				summary: unreadable[0].Message, fields: unreadable[:1]}, lang)
		}

		link := func(ref, key string) string {
			return baseURL(publicBaseURL, req) + "/applications/" + ref + "?" + url.Values{"key": {key}}.Encode()
		}
		rc, err := svc.Submit(ctx, in, unreadable, intake.Links{Status: link, Confirm: func(ref, key string) string {
			return baseURL(publicBaseURL, req) + "/applications/" + ref + "/confirm?" + url.Values{"key": {key}}.Encode()
		}})
		var fieldErrs programme.FieldErrors
		var notOpen *intake.RoundNotOpenError
		switch {
		case isJSON && errors.As(err, &fieldErrs):
			return eventsResponse{}, inLang(&invalidError{code: "invalid_application", summary: i18n.ErrorSummary.In, fields: fieldErrs}, lang)
		case errors.As(err, &fieldErrs):
			return formAgain(ctx, svc, lang, in, values, fieldErrs, "", 0)
		case !isJSON && errors.As(err, &notOpen):
			return formAgain(ctx, svc, lang, in, values, nil, notOpen.Message(lang), http.StatusConflict)
		case !isJSON && errors.Is(err, intake.ErrTooManyReceipts):
			return formAgain(ctx, svc, lang, in, values, nil, i18n.TooManyReceipts.In(lang), http.StatusTooManyRequests)
		case !isJSON && errors.Is(err, intake.ErrTooManyFromOrganisation):
			return formAgain(ctx, svc, lang, in, values, nil, i18n.TooManyFromOrganisation.In(lang), http.StatusConflict)
		case err != nil:
			return eventsResponse{}, inLang(err, lang)
		}

		statusURL := link(rc.App.Ref, rc.StatusKey)
		if !isJSON {
			res := respond(http.StatusSeeOther, "text/plain; charset=utf-8", "")
			res.Headers["Location"] = "/applications/" + rc.App.Ref + "?" +
				url.Values{"key": {rc.StatusKey}, "new": {"1"}, "lang": {string(lang)}}.Encode()
			return res, nil
		}
		code := http.StatusCreated
		if rc.Replay {
			code = http.StatusOK
		}
		res := jsonResponse(code, statusJSON(rc.App, statusURL, lang))
		res.Headers["Location"] = statusURL
		return res, nil
	}
}

// decodeApplication reads an application from a JSON or form body: the
// input, the form's values as typed (to show them again), and the fields
// that could not be read at all. A body that is not JSON or a form at all
// is a *malformedError.
func decodeApplication(b []byte, isJSON bool) (in programme.Input, values map[string]string, unreadable programme.FieldErrors, err error) {
	if isJSON {
		in, issue, err := decodeJSON(b)
		if issue != nil {
			return in, nil, programme.FieldErrors{*issue}, nil
		}
		if err != nil {
			return in, nil, nil, &malformedError{err}
		}
		return in, nil, nil, nil
	}
	form, err := url.ParseQuery(string(b))
	if err != nil {
		return in, nil, nil, &malformedError{err}
	}
	in, values, unreadable = decodeForm(form)
	return in, values, unreadable, nil
}

// Status serves GET /applications/{ref}?key=: the application's status for
// the holder of the key; 404 for anything else, saying nothing more.
func Status(svc *intake.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		q := req.QueryStringParameters
		app, round, err := svc.Status(ctx, req.PathParameters["ref"], q["key"])
		lang := requestLang(req)
		if errors.Is(err, intake.ErrNotFound) && !wantsJSON(req) {
			return messagePage(ctx, http.StatusNotFound, lang, i18n.NotFoundTitle, i18n.NotFound.In(lang))
		}
		if err != nil {
			return eventsResponse{}, err
		}
		if q["lang"] == "" {
			lang = app.Lang
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, statusJSON(app, "", lang)), nil
		}
		return htmlPage(ctx, http.StatusOK, statusView(StatusPage{Page: newPage(lang, i18n.StatusTitle, url.Values{"key": {q["key"]}}),
			New: q["new"] == "1", Ref: app.Ref, Status: programme.StatusName(app.Status, lang), Title: app.Title,
			RoundName: round.Name(lang), SubmittedAt: programme.FormatTime(app.SubmittedAt, lang),
			Requested: programme.FormatSEK(app.RequestedTotal(), lang)}))
	}
}

// StatusPage is an application's status, for the holder of its link.
type StatusPage struct {
	Page
	New                                                   bool // just submitted: say thank you
	Ref, Status, Title, RoundName, SubmittedAt, Requested string
}

type statusBody struct {
	Reference      string `json:"reference"`
	Status         string `json:"status"`
	StatusName     string `json:"statusName"`
	Round          string `json:"round"`
	Title          string `json:"title"`
	SubmittedAt    string `json:"submittedAt"`
	RequestedTotal int64  `json:"requestedTotal"`
	StatusURL      string `json:"statusUrl,omitempty"`
}

func statusJSON(a programme.Application, statusURL string, lang programme.Lang) statusBody {
	return statusBody{Reference: a.Ref, Status: string(a.Status), StatusName: programme.StatusName(a.Status, lang),
		Round: a.RoundID, Title: a.Title, SubmittedAt: a.SubmittedAt.UTC().Format(time.RFC3339Nano),
		RequestedTotal: a.RequestedTotal(), StatusURL: statusURL}
}

// formAgain shows the form again with what was typed and what is wrong:
// the fields' errors (422), or a notice on top answered with status.
func formAgain(ctx context.Context, svc *intake.Service, lang programme.Lang, in programme.Input, values map[string]string,
	errs programme.FieldErrors, notice string, status int) (events.APIGatewayV2HTTPResponse, error) {
	round, err := svc.Round(ctx, in.Round)
	if errors.Is(err, store.ErrNotFound) || in.Round == "" {
		return messagePage(ctx, http.StatusUnprocessableEntity, lang, i18n.BadRequestTitle,
			programme.FieldError{Field: "round", Code: programme.CodeUnknownRound}.Message(lang))
	}
	if err != nil {
		return eventsResponse{}, err
	}
	p := newFormPage(lang, &round, values, nil)
	p.Errors = fieldIssues(inFormOrder(errs), lang)
	p.Notice = notice
	if in.Proof != "" {
		// Behind a link that still opens the form, the form again; else the
		// start, saying what is wrong with the link.
		proof, err := svc.OpenForm(ctx, round.ID, in.Proof)
		var invalid *intake.ErrProofInvalid
		switch {
		case err == nil, errors.As(err, &invalid) && invalid.Code == programme.CodeProofExpired:
			// Past the deadline too: what was typed stays on the page.
			p.Proof, p.ProvenEmail = in.Proof, proof.Email
			docs, err := svc.LinkDocuments(ctx, in.Proof)
			if err != nil {
				return eventsResponse{}, err
			}
			p.setDocuments(docs)
		default:
			if fe, ok := errs.For("proof"); ok && p.Notice == "" {
				p.Notice = fe.Message(lang)
			}
		}
	}
	// The switch leads to the form's own page (GET /), with the round and
	// the link's proof (the applicant's own secret, already in the page and
	// in the link they followed): the same form in the other language.
	switchQuery := url.Values{"round": {round.ID}}
	if p.Proof != "" {
		switchQuery.Set("proof", p.Proof)
	}
	p.switchTo("/", switchQuery)
	if notice == "" || status == 0 {
		status = http.StatusUnprocessableEntity
	}
	if now := svc.Now(); !round.AcceptsAt(now) {
		// Closed: nothing to submit, so no form; what was typed stays, as text.
		p.Closed, p.Errors, status = true, nil, http.StatusConflict
		if p.Notice == "" {
			p.Notice = (&intake.RoundNotOpenError{Round: round, At: now}).Message(lang)
		}
	}
	return htmlPage(ctx, status, formView(p))
}

// decodeJSON reads a JSON application strictly: unknown fields and wrong
// types are reported on the field they concern.
func decodeJSON(b []byte) (programme.Input, *programme.FieldError, error) {
	var in programme.Input
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(&in)
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		return in, &programme.FieldError{Field: jsonField(typeErr.Field), Code: programme.CodeWrongType}, nil
	case err != nil && strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return in, &programme.FieldError{Field: name, Code: programme.CodeUnknownField}, nil
	case errors.Is(err, io.EOF):
		return in, nil, errors.New("empty body")
	case err != nil:
		return in, nil, err
	}
	if dec.More() {
		return in, nil, errors.New("data after the JSON object")
	}
	return in, nil, nil
}

// jsonField maps a decoder path to our field names. encoding/json names an
// array by its field ("budgetPerYear"); should it ever add the index
// ("budgetPerYear.1", 0-based), that becomes our 1-based year field.
func jsonField(path string) string {
	if path == "" {
		return "body" // the document itself is of the wrong type
	}
	if rest, ok := strings.CutPrefix(path, "budgetPerYear."); ok {
		if i, err := strconv.Atoi(rest); err == nil {
			return programme.BudgetField(i)
		}
	}
	return path
}

// decodeForm turns a form post into an Input, reporting numbers that are not
// numbers. values keeps what was typed, to show it again.
func decodeForm(form url.Values) (programme.Input, map[string]string, programme.FieldErrors) {
	values := make(map[string]string, len(form))
	for k, v := range form {
		if len(v) > 0 {
			values[k] = v[0]
		}
	}
	party := func(prefix string) programme.PartyInput {
		return programme.PartyInput{Organisation: values[prefix+".organisation"], Country: values[prefix+".country"],
			ContactName: values[prefix+".contactName"], Email: values[prefix+".email"], Phone: values[prefix+".phone"]}
	}
	in := programme.Input{Round: values["round"], Token: values["token"], Proof: values["proof"], Lang: values["lang"],
		SwedishParty: party("swedishParty"), Partner: party("partner"),
		Type: values["type"], Theme: values["theme"], Title: values["title"], Summary: values["summary"], Objectives: values["objectives"]}
	if tp := party("thirdParty"); strings.TrimSpace(tp.Organisation+tp.Country+tp.ContactName+tp.Email+tp.Phone) != "" {
		in.ThirdParty = &tp
	}
	if sig := (programme.SignatoryInput{Name: values["signatory.name"], Email: values["signatory.email"]}); strings.TrimSpace(sig.Name+sig.Email) != "" {
		in.Signatory = &sig
	}
	in.Team = decodeTeam(values)
	var errs programme.FieldErrors
	if d := strings.TrimSpace(values["durationYears"]); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			errs = append(errs, programme.FieldError{Field: "durationYears", Code: programme.CodeNotANumber})
		}
		in.DurationYears = n
	}
	for i := range programme.MaxProjectYears {
		field := programme.BudgetField(i)
		if strings.TrimSpace(values[field]) == "" {
			continue
		}
		n, ok := programme.ParseAmount(values[field]) // "500 000 kr" in a field labelled (kr)
		if !ok {
			errs = append(errs, programme.FieldError{Field: field, Code: programme.CodeNotANumber})
			continue
		}
		for len(in.BudgetPerYear) < i { // a gap: an empty year before this one
			in.BudgetPerYear = append(in.BudgetPerYear, 0)
		}
		in.BudgetPerYear = append(in.BudgetPerYear, n)
	}
	return in, values, errs
}

// Start serves POST /start: the round and the applicant's work email, from
// the start form (303 to "check your email", or the form again saying what
// is wrong) or as JSON (202). A link to fill in the application goes to the
// address (our words only); nothing else happens until it comes back. The
// page says the same whether or not the address exists, so it tells nobody
// anything about it.
func Start(svc *intake.Service, publicBaseURL string) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		b, isJSON, err := readBody(req)
		if err != nil {
			return eventsResponse{}, err
		}
		var in programme.StartInput
		values := map[string]string{}
		lang := requestLang(req)
		if isJSON {
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&in); err != nil {
				return eventsResponse{}, inLang(&malformedError{err}, lang)
			}
			if in.Lang != "" {
				lang = programme.ParseLang(in.Lang)
			}
		} else {
			form, err := url.ParseQuery(string(b))
			if err != nil {
				return eventsResponse{}, &malformedError{err}
			}
			for k, v := range form {
				values[k] = v[0]
			}
			in = programme.StartInput{Round: values["round"], Email: values["email"], Lang: values["ui"]}
			lang = programme.ParseLang(values["ui"])
			if values[HoneypotField] != "" {
				svc.Log.InfoContext(ctx, "honeypot filled on the start: nothing sent", "round", in.Round)
				return redirect(http.StatusSeeOther, startedURL(in.Round, lang)), nil
			}
		}
		in.Lang = string(lang)
		link := func(round, token string) string {
			return baseURL(publicBaseURL, req) + "/?" + url.Values{"round": {round}, "proof": {token}, "lang": {string(lang)}}.Encode()
		}
		err = svc.Start(ctx, in, req.RequestContext.HTTP.SourceIP, link)
		var fieldErrs programme.FieldErrors
		var notOpen *intake.RoundNotOpenError
		switch {
		case err == nil && isJSON:
			return jsonResponse(http.StatusAccepted, problem{Message: i18n.Started.In(lang)}), nil
		case err == nil:
			return redirect(http.StatusSeeOther, startedURL(in.Round, lang)), nil
		case isJSON && errors.As(err, &fieldErrs):
			return eventsResponse{}, inLang(&invalidError{code: "invalid_start", summary: i18n.ErrorSummary.In, fields: fieldErrs}, lang)
		case errors.As(err, &fieldErrs):
			return startAgain(ctx, svc, lang, in, values, fieldErrs, "", 0)
		case !isJSON && errors.As(err, &notOpen):
			return startAgain(ctx, svc, lang, in, values, nil, notOpen.Message(lang), http.StatusConflict)
		case !isJSON && errors.Is(err, intake.ErrTooManyLinks):
			return startAgain(ctx, svc, lang, in, values, nil, i18n.TooManyLinks.In(lang), http.StatusTooManyRequests)
		case !isJSON && errors.Is(err, intake.ErrTooManyStarts):
			return startAgain(ctx, svc, lang, in, values, nil, i18n.TooManyStarts.In(lang), http.StatusTooManyRequests)
		}
		return eventsResponse{}, inLang(err, lang)
	}
}

func startedURL(round string, lang programme.Lang) string {
	return "/?" + url.Values{"round": {round}, "started": {"1"}, "lang": {string(lang)}}.Encode()
}

// startAgain shows the start form again, with what was typed and what is wrong.
func startAgain(ctx context.Context, svc *intake.Service, lang programme.Lang, in programme.StartInput, values map[string]string,
	errs programme.FieldErrors, notice string, status int) (events.APIGatewayV2HTTPResponse, error) {
	return formAgain(ctx, svc, lang, programme.Input{Round: in.Round}, values, errs, notice, status)
}
