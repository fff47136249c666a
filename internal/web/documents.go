package web

import (
	"context"
	_ "embed"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/intake"
	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
)

// DocumentsPage is the page behind the link where the appendices are
// uploaded: one section per appendix, each with its own form that posts
// the file straight to the documents bucket.
type DocumentsPage struct {
	Page
	RoundName, Deadline string
	Round, Proof        string
	BackURL             string
	Slots               []SlotView
	// Done says what the last action did; Problem why a file did not count.
	Done, Problem string
}

// SlotView is one appendix on the documents page.
type SlotView struct {
	Kind, ID, Name     string
	Rule, Formats      string
	Accept             string
	Doc                *DocView
	URL                string
	Fields             [][2]string
	Problem            string
	TooLarge           string // said before an upload over the limit starts (documents.js)
	MaxBytes           string
	ChooseLabel        string
	RemoveLabel        string
	Required, Optional bool
}

// DocView is an uploaded document as a page lists it.
type DocView struct {
	Kind, Name, Size, Link, LinkLabel string
	Appendix                          string // the appendix's name
}

func docView(d programme.Document, lang programme.Lang, link string) DocView {
	return DocView{Kind: string(d.Kind), Name: d.Name, Appendix: programme.DocumentName(d.Kind, lang),
		Size: i18n.DocSize.Format(lang, i18n.Args{"size": programme.FormatBytes(d.Size), "format": d.Format.Label()}),
		Link: link, LinkLabel: i18n.DocOpen.Format(lang, i18n.Args{"name": d.Name})}
}

// documentViews are an application's documents, each with its read link
// (link(kind)).
func documentViews(app programme.Application, lang programme.Lang, link func(kind string) string) []DocView {
	var out []DocView
	for _, d := range app.Documents {
		out = append(out, docView(d, lang, link(string(d.Kind))))
	}
	return out
}

// appendixRule says which of the round's types require or take an appendix.
func appendixRule(a programme.Appendix, lang programme.Lang) string {
	names := func(ts []programme.ProjectType) string {
		var s []string
		for _, t := range ts {
			s = append(s, programme.TypeName(t, lang))
		}
		return strings.Join(s, ", ")
	}
	var parts []string
	if len(a.RequiredFor) > 0 {
		parts = append(parts, i18n.DocRequiredFor.Format(lang, i18n.Args{"types": names(a.RequiredFor)}))
	}
	var optional []programme.ProjectType
	for _, t := range a.TakenBy {
		if !slices.Contains(a.RequiredFor, t) {
			optional = append(optional, t)
		}
	}
	if len(optional) > 0 {
		parts = append(parts, i18n.DocTakenBy.Format(lang, i18n.Args{"types": names(optional)}))
	}
	return strings.Join(parts, " ")
}

// accept is a file input's accept attribute for formats: a hint to the
// browser's file picker, never a check (the bytes are checked).
func accept(fs []programme.FileFormat) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Extension(), f.ContentType())
		if f == programme.JPEG {
			s = append(s, ".jpeg")
		}
	}
	return strings.Join(s, ",")
}

func documentsURL(round, proof string, lang programme.Lang, extra url.Values) string {
	q := url.Values{"round": {round}, "proof": {proof}, "lang": {string(lang)}}
	for k, v := range extra {
		q[k] = v
	}
	return "/documents?" + q.Encode()
}

func linkFailed(ctx context.Context, lang programme.Lang, invalid *intake.ErrProofInvalid) (eventsResponse, error) {
	return messagePage(ctx, http.StatusNotFound, lang, i18n.ProofInvalidTitle, invalid.Message(lang))
}

// Documents serves GET /documents: the appendices behind the link
// (?round=&proof=), with a form per appendix that posts the file straight
// to the documents bucket; S3 sends the browser on to
// /documents/uploaded, which checks the file and comes back here.
func Documents(svc *intake.Service, publicBaseURL string) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		q := req.QueryStringParameters
		// The link and the language go in the path: S3 adds bucket, key
		// and etag to the query (SeaweedFS replaces the query instead).
		redirect := baseURL(publicBaseURL, req) + "/documents/uploaded/" + url.PathEscape(q["round"]) + "/" + string(lang) + "/" +
			url.PathEscape(q["proof"])
		page, err := svc.Documents(ctx, q["round"], q["proof"], redirect)
		var invalid *intake.ErrProofInvalid
		if errors.As(err, &invalid) {
			return linkFailed(ctx, lang, invalid)
		}
		if err != nil {
			return eventsResponse{}, err
		}
		round := page.Round
		p := &DocumentsPage{Page: newPage(lang, i18n.DocumentsTitle, url.Values{"round": {round.ID}, "proof": {q["proof"]}}),
			RoundName: round.Name(lang), Deadline: programme.FormatTime(round.ClosesAt, lang), Round: round.ID, Proof: q["proof"],
			BackURL: "/?" + url.Values{"round": {round.ID}, "proof": {q["proof"]}, "lang": {string(lang)}}.Encode()}
		origins := []string{}
		for _, s := range page.Slots {
			v := SlotView{Kind: string(s.Kind), ID: fieldID("documents." + string(s.Kind)), Name: programme.DocumentName(s.Kind, lang),
				Rule: appendixRule(s.Appendix, lang), Accept: accept(s.Formats), URL: s.URL, Fields: s.Fields,
				Formats:     i18n.DocFormats.Format(lang, i18n.Args{"formats": programme.FormatList(s.Formats), "max": programme.FormatBytes(s.MaxBytes)}),
				ChooseLabel: i18n.DocChooseFile.Format(lang, i18n.Args{"doc": programme.DocumentName(s.Kind, lang)}),
				Required:    s.Required, MaxBytes: strconv.FormatInt(s.MaxBytes, 10),
				TooLarge: programme.CheckUpload(s.Appendix, s.MaxBytes+1, s.Formats[0], "").Message(lang)}
			if s.Doc != nil {
				d := docView(*s.Doc, lang, "")
				v.Doc = &d
				v.RemoveLabel = i18n.DocRemoveButton.Format(lang, i18n.Args{"name": s.Doc.Name})
			}
			if q["refused"] == string(s.Kind) {
				v.Problem = refusal(q["code"], s.Appendix, lang)
				p.Problem = v.Problem
			}
			if q["uploaded"] == string(s.Kind) && s.Doc != nil {
				p.Done = i18n.DocUploadedOK.Format(lang, i18n.Args{"name": s.Doc.Name})
			}
			if o := origin(s.URL); o != "" && !slices.Contains(origins, o) {
				origins = append(origins, o)
			}
			p.Slots = append(p.Slots, v)
		}
		if q["removed"] != "" {
			p.Done = i18n.DocRemoved.In(lang)
		}
		res2, err := htmlPage(ctx, http.StatusOK, documentsView(p))
		// The upload forms post to the bucket: the one origin besides ours
		// this page may send a form to.
		res2.Headers["Content-Security-Policy"] = strings.Replace(securityHeaders["Content-Security-Policy"],
			"form-action 'self'", "form-action 'self' "+strings.Join(origins, " "), 1)
		return res2, err
	}
}

// origin is a URL's scheme and host ("" if it has none).
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// refusal is the message for a refused upload's code, which came back in
// the page's address: only the codes a check gives are shown.
func refusal(code string, a programme.Appendix, lang programme.Lang) string {
	field := "documents." + string(a.Kind)
	var e *programme.FieldError
	switch code {
	case programme.CodeFileTooLarge:
		e = programme.CheckUpload(a, a.MaxBytes+1, a.Formats[0], "")
	case programme.CodeFileType:
		e = programme.CheckUpload(a, 1, "", "")
	case programme.CodeFileEmpty, programme.CodeFileThreat:
		e = &programme.FieldError{Field: field, Code: code}
	default:
		return ""
	}
	return e.Message(lang) + " " + i18n.DocRefused.In(lang)
}

// DocumentUploaded serves GET /documents/uploaded/{round}/{lang}/{proof},
// where S3 sends the browser after an upload (with bucket, key and etag in
// the query): the file is checked and recorded, or deleted, and the
// browser goes back to the documents page, which says which.
func DocumentUploaded(svc *intake.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := programme.ParseLang(req.PathParameters["lang"])
		round, proof := req.PathParameters["round"], req.PathParameters["proof"]
		doc, err := svc.Uploaded(ctx, round, proof, req.QueryStringParameters["key"])
		var invalid *intake.ErrProofInvalid
		var fe programme.FieldErrors
		switch {
		case errors.As(err, &invalid):
			return linkFailed(ctx, lang, invalid)
		case errors.As(err, &fe) && fe[0].Field == "proof":
			return linkFailed(ctx, lang, &intake.ErrProofInvalid{Code: fe[0].Code})
		case errors.As(err, &fe) && strings.HasPrefix(fe[0].Field, "documents."):
			return redirect(http.StatusSeeOther, documentsURL(round, proof, lang,
				url.Values{"refused": {strings.TrimPrefix(fe[0].Field, "documents.")}, "code": {fe[0].Code}})), nil // no fragment: the problem's autofocus
		case errors.As(err, &fe):
			return redirect(http.StatusSeeOther, documentsURL(round, proof, lang, nil)), nil
		case err != nil:
			return eventsResponse{}, err
		}
		return redirect(http.StatusSeeOther, documentsURL(round, proof, lang, url.Values{"uploaded": {string(doc.Kind)}})+"#main"), nil
	}
}

//go:embed documents.js
var documentsJS string

// DocumentsScript serves GET /documents.js: the documents page's
// progressive enhancement, a file of our own origin (script-src 'self').
func DocumentsScript() Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		res := respond(http.StatusOK, "text/javascript; charset=utf-8", documentsJS)
		res.Headers["Cache-Control"] = "public, max-age=300"
		return res, nil
	}
}

// RemoveDocument serves POST /documents/remove (round, proof, kind, ui).
func RemoveDocument(svc *intake.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		b, _, err := readBody(req)
		if err != nil {
			return eventsResponse{}, err
		}
		form, err := url.ParseQuery(string(b))
		if err != nil {
			return eventsResponse{}, &malformedError{err}
		}
		lang := programme.ParseLang(form.Get("ui"))
		err = svc.RemoveDocument(ctx, form.Get("round"), form.Get("proof"), programme.DocumentKind(form.Get("kind")))
		var invalid *intake.ErrProofInvalid
		var fe programme.FieldErrors
		switch {
		case errors.As(err, &invalid):
			return linkFailed(ctx, lang, invalid)
		case errors.As(err, &fe):
			return linkFailed(ctx, lang, &intake.ErrProofInvalid{Code: fe[0].Code})
		case err != nil:
			return eventsResponse{}, err
		}
		return redirect(http.StatusSeeOther, documentsURL(form.Get("round"), form.Get("proof"), lang, url.Values{"removed": {"1"}})+"#main"), nil
	}
}

// StaffDocument serves GET /staff/applications/{ref}/documents/{kind}: a
// 303 to a short-lived read link of the document.
func StaffDocument(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		link, err := svc.DocumentLink(ctx, req.PathParameters["ref"], programme.DocumentKind(req.PathParameters["kind"]))
		if err != nil {
			return eventsResponse{}, inLang(err, requestLang(req))
		}
		return readLink(link), nil
	}
}

// PartnerDocument serves GET /applications/{ref}/documents/{kind}?key=:
// the partner's read link to a document of the application it confirms.
func PartnerDocument(svc *intake.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		link, err := svc.PartnerDocument(ctx, req.PathParameters["ref"], req.QueryStringParameters["key"],
			programme.DocumentKind(req.PathParameters["kind"]))
		if err != nil {
			return eventsResponse{}, inLang(err, requestLang(req))
		}
		return readLink(link), nil
	}
}

// readLink sends the browser to a presigned read link; never cached, the
// link is good for minutes.
func readLink(link string) eventsResponse {
	res := redirect(http.StatusSeeOther, link)
	res.Headers["Cache-Control"] = "no-store"
	return res
}
