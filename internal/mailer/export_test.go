package mailer

// SetAfterSend lets tests stop a run between SES's answer and the record,
// as if the process died there.
func SetAfterSend(m *Mailer, f func(id string) error) { m.afterSend = f }

var Classify = classify

const (
	Sent          = sent
	RefusedForNow = refusedForNow
	Refused       = refused
	Unknown       = unknown
)
