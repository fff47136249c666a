package mailer

var Classify = classify

const (
	Sent          = sent
	RefusedForNow = refusedForNow
	Refused       = refused
	Unknown       = unknown
)
