package programme

// The codes of review's audit lines (on the application's log), with the
// details each carries. The reviewer is always the stable user id.
const (
	AuditReviewAssigned   = "review.assigned"   // reviewer; by: staff or the round's assignment run
	AuditReviewUnassigned = "review.unassigned" // reviewer; reason: conflict, reassigned, not a reviewer
	AuditReviewConflict   = "review.conflict"   // reviewer; kind, value: the conflict declared on opening
	AuditReviewSubmitted  = "review.submitted"  // reviewer; total: the weighted total (thousandths)
	AuditReviewReopened   = "review.reopened"   // reviewer: staff reopened the sheet
	AuditReviewReassigned = "review.reassigned" // from, to: reviewers
)
