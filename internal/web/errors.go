package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/grants"
	"partnerskap/internal/i18n"
	"partnerskap/internal/intake"
	"partnerskap/internal/logging"
	"partnerskap/internal/programme"
	"partnerskap/internal/review"
	"partnerskap/internal/staff"
)

// The error model of the HTTP edge. A handler answers what it is for and
// returns every error it does not answer itself; Serve looks the error up in
// one table (answers): a known error becomes its status, a code for
// machines and a message in the client's language, as JSON for JSON
// clients and as a page for browsers; anything else is a 500, logged with
// its cause (and only those are logged as errors).

// Errors of reading a request, besides the domain's.
var (
	errUnsupported    = errors.New("unsupported media type")
	errTooLarge       = errors.New("request body too large")
	errEncoding       = errors.New("request body is not valid base64")
	errBadLimit       = errors.New("limit is not a whole number from 1 to 1000")
	errBadDeadline    = errors.New("not a deadline")
	errExportTooLarge = errors.New("export too large for one response")
	errRouteNotFound  = errors.New("no such route")
)

// malformedError: the body could not be parsed (its reason is shown: it
// names what in the client's own body is wrong).
type malformedError struct{ err error }

func (e *malformedError) Error() string { return "malformed body: " + e.err.Error() }

func (e *malformedError) Message(lang programme.Lang) string {
	return i18n.Malformed.Format(lang, i18n.Args{"reason": e.err.Error()})
}

// invalidError is input the rules refused, field by field.
type invalidError struct {
	status  int                         // 422 unless set: 400 for a field that could not be read
	code    string                      // e.g. "invalid_application"
	summary func(programme.Lang) string // the message above the fields
	fields  programme.FieldErrors
}

func (e *invalidError) Error() string { return e.code + ": " + e.fields.Error() }

// langError carries the language the client chose in its body (a JSON
// application's "lang"), for the answer.
type langError struct {
	error
	lang programme.Lang
}

func (e *langError) Unwrap() error { return e.error }

// inLang is err to be answered in lang.
func inLang(err error, lang programme.Lang) error {
	if err == nil {
		return nil
	}
	return &langError{err, lang}
}

// messager is an error that says itself in the client's language.
type messager interface {
	error
	Message(programme.Lang) string
}

// answer is how one kind of error is answered.
type answer struct {
	status int
	code   string
	// match says whether err is of this kind and, if so, its message.
	match func(err error) (message func(programme.Lang) string, ok bool)
}

func is(target error, message func(programme.Lang) string) func(error) (func(programme.Lang) string, bool) {
	return func(err error) (func(programme.Lang) string, bool) { return message, errors.Is(err, target) }
}

func as[E messager]() func(error) (func(programme.Lang) string, bool) {
	return func(err error) (func(programme.Lang) string, bool) {
		var e E
		if errors.As(err, &e) {
			return e.Message, true
		}
		return nil, false
	}
}

func unknownRound(lang programme.Lang) string {
	return programme.FieldError{Field: "round", Code: programme.CodeUnknownRound}.Message(lang)
}

// answers is the one table from error to answer. Every error a handler
// returns that a client or a person can act on is here.
var answers = []answer{
	{http.StatusUnsupportedMediaType, "unsupported_media_type", is(errUnsupported, i18n.Unsupported.In)},
	{http.StatusRequestEntityTooLarge, "too_large", is(errTooLarge, i18n.TooLarge.In)},
	{http.StatusBadRequest, "malformed", as[*malformedError]()},
	{http.StatusBadRequest, "malformed", is(errEncoding, (&malformedError{errEncoding}).Message)},
	{http.StatusBadRequest, "bad_limit", is(errBadLimit, i18n.BadLimit.In)},
	{http.StatusBadRequest, "bad_cursor", is(programme.ErrBadCursor, i18n.BadCursor.In)},
	{http.StatusBadRequest, "invalid_deadline", is(errBadDeadline, i18n.BadDeadline.In)},
	{http.StatusNotFound, "not_found", is(errRouteNotFound, i18n.RouteNotFound.In)},
	{http.StatusNotFound, "not_found", is(intake.ErrNotFound, i18n.NotFound.In)},
	{http.StatusNotFound, "unknown_round", is(staff.ErrUnknownRound, unknownRound)},
	{http.StatusNotFound, "unknown_application", is(staff.ErrUnknownApplication, i18n.UnknownApplication.In)},
	{http.StatusNotFound, "unknown_document", is(staff.ErrUnknownDocument, i18n.DocUnknown.In)},
	{http.StatusGone, "document_blocked", is(programme.ErrDocumentBlocked, i18n.DocBlocked.In)},
	{http.StatusConflict, "round_not_open", as[*intake.RoundNotOpenError]()},
	{http.StatusConflict, "conflict", is(intake.ErrConflict, i18n.Conflict.In)},
	{http.StatusConflict, "round_changed", is(staff.ErrChanged, i18n.RoundChanged.In)},
	{http.StatusConflict, "application_changed", is(staff.ErrApplicationChanged, i18n.AppChanged.In)},
	{http.StatusConflict, "round_closed", is(programme.ErrRoundAlreadyClosed, i18n.ExtendClosed.In)},
	{http.StatusConflict, "overlap", as[*programme.OverlapError]()},
	{http.StatusConflict, "over_budget", as[*programme.OverBudgetError]()},
	{http.StatusConflict, "locked", is(programme.ErrDecisionLocked, i18n.DecisionLocked.In)},
	{http.StatusConflict, "round_not_closed", is(programme.ErrRoundNotClosed, i18n.NotDecidable.In)},
	{http.StatusConflict, "not_in_review", is(programme.ErrNotUnderReview, i18n.NotDecidable.In)},
	{http.StatusConflict, "not_withdrawable", is(programme.ErrNotWithdrawable, i18n.WithdrawNotPossible.In)},
	{http.StatusConflict, "undecided", as[*staff.ErrUndecided]()},
	{http.StatusConflict, "already_erased", is(programme.ErrAlreadyErased, i18n.AlreadyErased.In)},
	{http.StatusConflict, "email_in_flight", is(staff.ErrEmailInFlight, i18n.EraseInFlight.In)},
	{http.StatusTooManyRequests, "too_many_receipts", is(intake.ErrTooManyReceipts, i18n.TooManyReceipts.In)},
	{http.StatusTooManyRequests, "too_many_links", is(intake.ErrTooManyLinks, i18n.TooManyLinks.In)},
	{http.StatusTooManyRequests, "too_many_starts", is(intake.ErrTooManyStarts, i18n.TooManyStarts.In)},
	{http.StatusConflict, "too_many_from_organisation", is(intake.ErrTooManyFromOrganisation, i18n.TooManyFromOrganisation.In)},
	{http.StatusUnprocessableEntity, "token_reused", is(intake.ErrTokenReused, i18n.TokenReused.In)},
	{http.StatusUnprocessableEntity, "deadline_in_past", is(programme.ErrDeadlineInPast, i18n.ExtendPast.In)},
	{http.StatusUnprocessableEntity, "deadline_not_later", is(programme.ErrDeadlineNotLater, i18n.ExtendNotLater.In)},
	{http.StatusUnprocessableEntity, "export_too_large", is(errExportTooLarge, i18n.ExportTooLarge.In)},
	// The grants (the grantee's pages and staff's).
	{http.StatusNotFound, "grant_not_found", is(grants.ErrNotFound, i18n.GranteeNotFound.In)},
	{http.StatusNotFound, "no_such_year", is(programme.ErrNoSuchYear, i18n.GrantNoSuchYear.In)},
	{http.StatusConflict, "grant_changed", is(grants.ErrChanged, i18n.GranteeChangedMeanwhile.In)},
	{http.StatusUnprocessableEntity, "year_not_started", is(programme.ErrYearNotStarted, i18n.GrantYearNotStarted.In)},
	{http.StatusConflict, "grant_state", grantRuleError},
	// Review and the decision meeting.
	{http.StatusNotFound, "not_assigned", is(review.ErrNotAssigned, i18n.RVNotAssigned.In)},
	{http.StatusConflict, "declare_first", is(review.ErrDeclareFirst, i18n.RVDeclareFirstError.In)},
	{http.StatusConflict, "no_review", is(review.ErrNoReview, i18n.RVNoReview.In)},
	{http.StatusConflict, "review_changed", is(review.ErrChanged, i18n.RVChanged.In)},
	{http.StatusConflict, "sheet_locked", is(programme.ErrSheetLocked, i18n.RVSheetLocked.In)},
	{http.StatusNotFound, "unknown_round", is(review.ErrUnknownRound, unknownRound)},
	{http.StatusNotFound, "unknown_application", is(review.ErrUnknownApplication, i18n.UnknownApplication.In)},
	{http.StatusUnprocessableEntity, "not_a_reviewer", is(review.ErrNotReviewer, i18n.RVNotReviewer.In)},
}

// answerFor is err's answer, or ok false for an error nobody can act on.
func answerFor(err error, lang programme.Lang) (status int, p problem, ok bool) {
	var le *langError
	if errors.As(err, &le) {
		lang = le.lang
	}
	var inv *invalidError
	var fe programme.FieldErrors
	if !errors.As(err, &inv) && errors.As(err, &fe) {
		inv = &invalidError{code: "invalid_input", summary: i18n.ErrorSummary.In, fields: fe}
	}
	if inv != nil {
		status := inv.status
		if status == 0 {
			status = http.StatusUnprocessableEntity
		}
		return status, problem{Error: inv.code, Message: inv.summary(lang), Fields: fieldIssues(inv.fields, lang)}, true
	}
	for _, a := range answers {
		if msg, ok := a.match(err); ok {
			return a.status, problem{Error: a.code, Message: msg(lang)}, true
		}
	}
	return http.StatusInternalServerError, problem{Error: "internal", Message: i18n.InternalError.In(lang)}, false
}

// Serve makes a handler of h: one access log line per request, and every
// error h returns answered from the table, as JSON or as a page. Only the
// errors nobody can act on are logged as errors (with their cause); their
// answer says nothing of it.
func Serve(log *slog.Logger, name string, h Handler) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ctx = logging.WithAPIRequestID(ctx, req.RequestContext.RequestID)
		start := time.Now()
		res, err := h(ctx, req)
		if err != nil {
			lang := requestLang(req)
			status, p, known := answerFor(err, lang)
			if !known {
				log.ErrorContext(ctx, "request failed", "function", name, "route", req.RouteKey, "error", err)
			}
			res = errorResponse(ctx, req, status, p)
		}
		log.InfoContext(ctx, "request", "function", name, "route", req.RouteKey, "status", res.StatusCode,
			"ms", time.Since(start).Milliseconds())
		return res, nil
	}
}

// errorResponse is an answer in the form the client reads: JSON, or a page.
func errorResponse(ctx context.Context, req events.APIGatewayV2HTTPRequest, status int, p problem) events.APIGatewayV2HTTPResponse {
	if wantsJSON(req) || mediaType(req) == "application/json" {
		return jsonResponse(status, p)
	}
	title := i18n.BadRequestTitle
	if status >= 500 {
		title = i18n.InternalErrorTitle
	}
	res, err := messagePage(ctx, status, requestLang(req), title, p.Message)
	if err != nil { // the page did not render: say it plainly
		return respond(status, "text/plain; charset=utf-8", p.Message)
	}
	return res
}
